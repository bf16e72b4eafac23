use super::*;

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

#[test]
fn dates_and_times_as_each_reader_writes_them() {
    assert_eq!(Lang::En.date(date("2026-12-01")), "2026-12-01 (Tue)");
    assert_eq!(Lang::Ja.date(date("2026-12-01")), "2026年12月1日(火)");
    assert_eq!(Lang::Ja.date(date("2027-01-03")), "2027年1月3日(日)");
    assert_eq!(Lang::En.short_date(date("2026-12-01")), "Tue 1 Dec");
    assert_eq!(Lang::Ja.short_date(date("2026-12-01")), "12月1日(火)");
    assert_eq!(Lang::En.long_date(date("2026-12-01")), "Tuesday 1 December 2026");
    assert_eq!(Lang::Ja.numeric_date(date("2026-12-01")), "2026/12/01");
    assert_eq!(Lang::En.clock(9 * 3600 + 300), "09:05");
    assert_eq!(Lang::Ja.clock(9 * 3600 + 300), "9:05");
    assert_eq!(Lang::Ja.clock(300), "0:05");
    assert_eq!(Lang::Ja.clock(17 * 3600), "17:00");
    assert_eq!(Lang::En.duration(80 * 60), "1h20m");
    assert_eq!(Lang::Ja.duration(80 * 60), "1時間20分");
    assert_eq!(Lang::Ja.duration(120 * 60), "2時間");
    assert_eq!(Lang::Ja.duration(45 * 60), "45分");
}

#[test]
fn every_reason_renders_in_both_languages_with_its_values() {
    let reasons = crate::model::reason::every_reason();
    let codes: std::collections::BTreeSet<&str> = reasons.iter().map(Reason::code).collect();
    assert_eq!(codes.len(), 25, "one reason of every kind: {codes:?}");
    for reason in &reasons {
        let (en, ja) = (Lang::En.reason(reason), Lang::Ja.reason(reason));
        assert_eq!(en, reason.to_string());
        assert!(!en.is_empty() && !ja.is_empty(), "{reason:?}");
        if let Reason::Text(text) = reason {
            assert_eq!(&ja, text, "a reason read from a file is shown as written");
            continue;
        }
        assert_ne!(en, ja, "{reason:?}");
        assert!(ja.chars().any(|c| ('\u{3040}'..='\u{9fff}').contains(&c)), "Japanese: {ja}");
        // Every id in the English sentence is in the Japanese one.
        for id in ["A5", "A17", "R1", "R2", "R3", "R9"] {
            assert_eq!(en.contains(id), ja.contains(id), "{id} in {en} / {ja}");
        }
    }
    let ja = |k: usize| Lang::Ja.reason(&reasons[k]);
    assert_eq!(ja(0), "12月31日(木)は祝日 (大晦日)。祝日は誰も訪問に出ません");
    assert_eq!(ja(1), "A17は12月7日(月)〜12月18日(金)休業 (renovation)");
    assert_eq!(ja(2), "R3は12月1日(火)〜12月5日(土)不在 (leave)。訪問できるのはR3のみです");
    assert_eq!(ja(4), "月曜日は定休日 (営業: Tue-Sat 10:00-19:00)");
    assert_eq!(
        ja(9),
        "営業時間は9:00〜17:00ですが、最寄りの担当者 (R1) は17:12より前に到着できません (R1のみ訪問可)。\
         R1は12月2日(水) 13:00〜17:00不在。R1の金曜日の勤務は8:00〜16:30"
    );
    assert_eq!(
        ja(14),
        "12月3日(木) 10:00 担当R1の予約は守れません: R3は12月1日(火)〜12月5日(土)不在 (leave)。\
         予約を守れるのはR3のみです (別の日か別の担当者で予約してください)"
    );
    assert_eq!(ja(26), "R2は12月5日(土)に勤務しません (勤務するのはR1のみ)。次の勤務日まで待ちます");
    assert_eq!(
        Lang::En.reason(&reasons[26]),
        "R2 does not work on Sat 2026-12-05 (only R1 does); it waits for their next working day"
    );
    assert_eq!(
        Lang::En.reason(&reasons[2]),
        "R3 is absent 2026-12-01 to 2026-12-05 (leave); only R3 may visit it"
    );
    assert_eq!(
        Lang::En.reason(&reasons[9]),
        "opens 09:00-17:00 but the nearest rep (R1) cannot arrive before 17:12 (only R1 may visit it); \
         R1 is absent 13:00-17:00 on 2026-12-02; R1's shift on Fri is 08:00-16:30"
    );
}

#[test]
fn a_reason_read_back_equals_the_one_written() {
    for reason in crate::model::reason::every_reason() {
        assert_eq!(Reason::Text(reason.to_string()), reason);
    }
    assert_ne!(Reason::NoRoomBeforeDue, Reason::Text("no room".into()));
}

#[test]
fn the_locale_picks_the_language_like_other_programs() {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |name: &str| pairs.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string())
    };
    assert_eq!(Lang::from_locale(env(&[("LANG", "ja_JP.UTF-8")])), Lang::Ja);
    assert_eq!(Lang::from_locale(env(&[("LANG", "ja_JP.UTF-8"), ("LC_ALL", "C")])), Lang::En);
    assert_eq!(Lang::from_locale(env(&[("LANG", "en_US.UTF-8"), ("LC_MESSAGES", "ja_JP")])), Lang::Ja);
    assert_eq!(Lang::from_locale(env(&[("LC_ALL", ""), ("LANG", "ja")])), Lang::Ja);
    assert_eq!(Lang::from_locale(env(&[("LANG", "fi_FI.UTF-8")])), Lang::En);
    assert_eq!(Lang::from_locale(env(&[])), Lang::En);
    assert_eq!(Lang::parse("JA"), Ok(Lang::Ja));
    assert_eq!(Lang::parse("en_GB"), Ok(Lang::En));
    assert!(Lang::parse("fi").unwrap_err().contains("en or ja"));
}

#[test]
fn every_message_has_both_texts_with_the_same_placeholders() {
    let placeholders = |text: &str| -> Vec<usize> {
        let mut found: Vec<usize> = (0..10).filter(|k| text.contains(&format!("{{{k}}}"))).collect();
        found.sort_unstable();
        found
    };
    for &msg in Msg::ALL {
        let (en, ja) = msg.texts();
        assert!(!en.is_empty() && !ja.is_empty(), "{msg:?}");
        assert_eq!(placeholders(en), placeholders(ja), "{msg:?}");
    }
    assert_eq!(Lang::Ja.fill(Msg::ChangeAdded, &[&3]), "追加 3件");
    // A value is put in as it is, even one that looks like a placeholder.
    assert_eq!(Lang::En.fill(Msg::NotCovered, &[&"A1 {1}", &"closed"]), "not covered: A1 {1}: closed");
    assert_eq!(Lang::En.fill(Msg::NotCovered, &[&"A1"]), "not covered: A1: {1}");
}

#[test]
fn a_replans_changes_read_in_both_languages() {
    let slot = |rep: &str, start_s| Slot { rep: rep.into(), start_s };
    let urgent = ChangeReason::Urgent { priority: "high".into(), now: slot("R1", 11 * 3600 + 5 * 60) };
    assert_eq!(Lang::En.change(&urgent), "urgent (high priority): R1 at 11:05");
    assert_eq!(Lang::Ja.change(&urgent), "緊急 (優先度 高): R1 11:05");
    let home =
        ChangeReason::Later { why: Reason::RepGoesHome { rep: "R1".into() }, was: slot("R1", 9 * 3600) };
    assert!(Lang::Ja.change(&home).ends_with("(予定は R1 9:00)"), "{}", Lang::Ja.change(&home));
    // Read back from a plan file, the same Japanese.
    assert_eq!(Lang::Ja.change(&ChangeReason::parse(&home.to_string())), Lang::Ja.change(&home));
    let moved = ChangeReason::Moved { now: slot("R1", 13 * 3600), was: slot("R1", 12 * 3600) };
    assert_eq!(Lang::Ja.change(&moved), "R1 13:00 (予定は R1 12:00)");
    let text = ChangeReason::Text("as written".into());
    assert_eq!(Lang::Ja.change(&text), "as written");
}
