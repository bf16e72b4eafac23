//! Day plans as a spreadsheet: the visiting schedule a team opens in Excel,
//! prints or pastes into its own sheets.
//!
//! [`plans_csv`] writes one row per stop of every rep's day, in order: the
//! departure, each visit, the break and the return home, then one row per
//! due account the day leaves out and per rep who cannot work that day,
//! with its reason. The headers and the
//! words of the `stop` column are in the reader's language; dates are
//! `YYYY-MM-DD` and times `HH:MM` in either, so a spreadsheet reads them as
//! dates and times.
//!
//! The file is UTF-8 with a byte-order mark and CRLF line ends (RFC 4180),
//! which Excel, also a Japanese Excel, opens without asking for the
//! encoding. A cell from the region's files that starts with `=`, `+`,
//! `-` or `@` is written after a `'`, so that a spreadsheet shows it as
//! text instead of running it as a formula.

use super::lang::{Lang, Msg};
use crate::model::plan::{Plan, Stop};
use crate::model::{Hm, Region, Seconds};

/// The columns, by their header's message.
const COLUMNS: [Msg; 12] = [
    Msg::CsvDate,
    Msg::CsvRep,
    Msg::CsvRepName,
    Msg::CsvStop,
    Msg::CsvOrder,
    Msg::CsvAccount,
    Msg::CsvName,
    Msg::CsvAddress,
    Msg::CsvArrive,
    Msg::CsvStart,
    Msg::CsvEnd,
    Msg::CsvReason,
];

/// The plans as one CSV file, a header and a row per stop and per account
/// left out. The plans must have been checked against `region`
/// ([`crate::check::check_plan`]); an account a re-plan added for the day
/// is read from the plan.
pub fn plans_csv(region: &Region, plans: &[Plan], lang: Lang) -> Vec<u8> {
    let mut out =
        csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(vec![0xEF, 0xBB, 0xBF]);
    let mut write = |cells: Vec<String>| out.write_record(&cells).expect("writing to memory cannot fail");
    write(COLUMNS.iter().map(|&column| lang.text(column).to_string()).collect());
    for plan in plans {
        let date = plan.date.format("%Y-%m-%d").to_string();
        let rep_name = |id: &str| region.reps.iter().find(|r| r.id == id).map_or("", |r| r.name.as_str());
        let account = |id: &'_ str| {
            let found = region.accounts.iter().chain(&plan.added).find(|a| a.id == id);
            found.map(|a| (a.name.as_str(), a.address.as_str())).unwrap_or_default()
        };
        for route in &plan.routes {
            let of_rep = Row { rep: (&route.rep, rep_name(&route.rep)), ..Row::default() };
            write(of_rep.cells(&date, Msg::CsvDepart, lang, (None, Some(route.depart_s), None)));
            let mut order = 0;
            for stop in &route.stops {
                write(match stop {
                    Stop::Visit { account: id, arrival_s, start_s, end_s } => {
                        order += 1;
                        let (name, address) = account(id);
                        let visit = Row { order: Some(order), account: (id, name, address), ..of_rep };
                        visit.cells(
                            &date,
                            Msg::CsvVisit,
                            lang,
                            (Some(*arrival_s), Some(*start_s), Some(*end_s)),
                        )
                    }
                    Stop::Break { start_s, end_s } => {
                        of_rep.cells(&date, Msg::CsvBreak, lang, (None, Some(*start_s), Some(*end_s)))
                    }
                });
            }
            write(of_rep.cells(&date, Msg::CsvBack, lang, (Some(route.return_s), None, None)));
        }
        for left_out in &plan.unassigned {
            let (name, address) = account(&left_out.account);
            let reason = lang.reason(&left_out.reason);
            let row = Row { account: (&left_out.account, name, address), reason: &reason, ..Row::default() };
            write(row.cells(&date, Msg::CsvNotCovered, lang, (None, None, None)));
        }
        for rep in &plan.unavailable {
            let reason = lang.reason(&rep.reason);
            let row = Row { rep: (&rep.rep, rep_name(&rep.rep)), reason: &reason, ..Row::default() };
            write(row.cells(&date, Msg::CsvNotWorking, lang, (None, None, None)));
        }
    }
    out.into_inner().expect("writing to memory cannot fail")
}

/// What a row says besides its day, its kind and its times; empty where
/// the row has none (a departure names no account, a visit no reason).
#[derive(Clone, Copy, Default)]
struct Row<'a> {
    /// The rep's id and name.
    rep: (&'a str, &'a str),
    /// The visit's place in the rep's day, from 1.
    order: Option<usize>,
    /// The account's id, name and address.
    account: (&'a str, &'a str, &'a str),
    /// Why the day does not do it.
    reason: &'a str,
}

impl Row<'_> {
    /// The row's cells in the order of [`COLUMNS`].
    fn cells(&self, date: &str, stop: Msg, lang: Lang, (arrive, start, end): Times) -> Vec<String> {
        let clock = |at_s: Option<Seconds>| at_s.map(|s| Hm(s).to_string()).unwrap_or_default();
        vec![
            date.to_string(),
            as_text(self.rep.0),
            as_text(self.rep.1),
            lang.text(stop).to_string(),
            self.order.map(|n| n.to_string()).unwrap_or_default(),
            as_text(self.account.0),
            as_text(self.account.1),
            as_text(self.account.2),
            clock(arrive),
            clock(start),
            clock(end),
            as_text(self.reason),
        ]
    }
}

/// A stop's arrival, start and end, each where the stop has one.
type Times = (Option<Seconds>, Option<Seconds>, Option<Seconds>);

/// `text` as a spreadsheet shows it: after a `'` when it would otherwise
/// start a formula (OWASP's advice on CSV injection).
fn as_text(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::plan::{RoutePlan, Unassigned, UnavailableRep};
    use crate::model::reason::Reason;
    use crate::model::{Account, LatLon, Rep, TimeWindow};

    fn region() -> Region {
        let mut account = Account::new("A1", LatLon { lat: 34.70, lon: 135.49 }, 1800, 7);
        account.name = "=HYPERLINK(\"x\")".to_string();
        account.address = "大阪府大阪市北区梅田1-2-3".to_string();
        let mut other = Account::new("A2", LatLon { lat: 34.66, lon: 135.50 }, 1200, 7);
        other.name = "なんば酒店, 本店".to_string();
        let rep = Rep {
            id: "R1".into(),
            name: "山田 太郎".into(),
            start: LatLon { lat: 34.69, lon: 135.50 },
            end: LatLon { lat: 34.69, lon: 135.50 },
            shift: TimeWindow::new(8 * 3600, 17 * 3600).into(),
            lunch: None,
            max_visits: None,
        };
        Region { accounts: vec![account, other], reps: vec![rep], ..Region::default() }
    }

    fn plan() -> Plan {
        let route = RoutePlan {
            rep: "R1".to_string(),
            depart_s: 8 * 3600 + 30 * 60,
            return_s: 13 * 3600,
            drive_s: 1200,
            distance_m: 10_000,
            stops: vec![
                Stop::Visit { account: "A1".into(), arrival_s: 32_400, start_s: 32_400, end_s: 34_200 },
                Stop::Break { start_s: 43_200, end_s: 45_000 },
            ],
            resumes: Vec::new(),
            overtime_s: 0,
        };
        Plan {
            date: "2026-12-01".parse().unwrap(),
            routes: vec![route],
            unassigned: vec![Unassigned { account: "A2".into(), reason: Reason::Cancelled { at_s: 36_000 } }],
            unavailable: vec![UnavailableRep { rep: "R1".into(), reason: Reason::Text("-1 day".into()) }],
            added: vec![],
            changes: vec![],
        }
    }

    #[test]
    fn one_row_per_stop_and_per_account_left_out_in_the_reader_s_language() {
        let bytes = plans_csv(&region(), &[plan()], Lang::Ja);
        assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "a byte-order mark for Excel");
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        let lines: Vec<&str> = text.split_terminator("\r\n").collect();
        assert_eq!(
            lines,
            [
                "日付,担当者ID,担当者名,区分,順番,顧客コード,顧客名,住所,到着,開始,終了,理由",
                "2026-12-01,R1,山田 太郎,出発,,,,,,08:30,,",
                "2026-12-01,R1,山田 太郎,訪問,1,A1,\"'=HYPERLINK(\"\"x\"\")\",大阪府大阪市北区梅田1-2-3,09:00,09:00,09:30,",
                "2026-12-01,R1,山田 太郎,休憩,,,,,,12:00,12:30,",
                "2026-12-01,R1,山田 太郎,帰着,,,,,13:00,,,",
                "2026-12-01,,,未訪問,,A2,\"なんば酒店, 本店\",,,,,10:00に取消",
                "2026-12-01,R1,山田 太郎,勤務なし,,,,,,,,'-1 day",
            ]
        );
        let english = String::from_utf8(plans_csv(&region(), &[plan()], Lang::En)[3..].to_vec()).unwrap();
        assert!(english
            .starts_with("date,rep,rep_name,stop,order,account,name,address,arrive,start,end,reason\r\n"));
        assert!(english.contains(",not covered,,A2,"), "{english}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// Whatever a CRM puts in a name or an address (commas, quotes, line
        /// breaks, a leading `=`), a spreadsheet reads the cell back as written,
        /// after a `'` where it would start a formula, and every row keeps its
        /// twelve cells.
        #[test]
        fn any_name_and_address_read_back_as_written(
            name in "[=+@a-zA-Z0-9 ,\"\n\r;'-]{0,12}",
            address in "\\PC{0,12}",
        ) {
            let mut region = region();
            region.accounts[0].name = name.clone();
            region.accounts[0].address = address.clone();
            let bytes = plans_csv(&region, &[plan()], Lang::En);
            let mut reader = csv::ReaderBuilder::new().from_reader(&bytes[3..]);
            let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
            proptest::prop_assert!(rows.iter().all(|row| row.len() == COLUMNS.len()));
            let visit = rows.iter().find(|row| &row[3] == "visit").unwrap();
            proptest::prop_assert_eq!(visit[6].to_string(), as_text(&name));
            proptest::prop_assert_eq!(visit[7].to_string(), as_text(&address));
        }
    }
}
