//! Reasons in Japanese: each part of a [`Reason`] as a Japanese reader
//! writes it, dates as `12月1日(火)` and times as `9:05`.

use chrono::{Datelike, NaiveDate, Weekday};

use super::Lang;
use crate::model::calendar::{japanese_weekday, Absence, Appointment, AppointmentTime, Closure};
use crate::model::reason::{Context, Missed, Reason};
use crate::model::TimeWindow;

const LANG: Lang = Lang::Ja;

fn date(date: NaiveDate) -> String {
    LANG.short_date(date)
}

fn weekday(day: Weekday) -> String {
    format!("{}曜日", japanese_weekday(day))
}

fn window(w: TimeWindow) -> String {
    format!("{}〜{}", LANG.clock(w.open_s), LANG.clock(w.close_s))
}

fn hours(windows: &[TimeWindow]) -> String {
    if windows.is_empty() {
        "終日".to_string()
    } else {
        windows.iter().map(|w| window(*w)).collect::<Vec<_>>().join("、")
    }
}

fn note(note: &str) -> String {
    if note.is_empty() {
        String::new()
    } else {
        format!(" ({note})")
    }
}

fn days(from: NaiveDate, to: NaiveDate) -> String {
    if from == to {
        date(from)
    } else {
        format!("{}〜{}", date(from), date(to))
    }
}

fn absence(a: &Absence) -> String {
    let part = a.part.map(|w| format!(" {}", window(w))).unwrap_or_default();
    format!("{}は{}{part}不在{}", a.rep, days(a.from, a.to), note(&a.note))
}

pub(super) fn absences(list: &[Absence]) -> String {
    list.iter().map(absence).collect::<Vec<_>>().join("。")
}

fn closure(c: &Closure) -> String {
    format!("{}は{}休業{}", c.account, days(c.from, c.to), note(&c.note))
}

fn holiday(day: NaiveDate, name: &str) -> String {
    format!("{}は祝日{}", date(day), note(name))
}

fn appointment(a: &Appointment) -> String {
    let time = appointment_time(a);
    let rep = a.rep.as_deref().map(|r| format!(" 担当{r}")).unwrap_or_default();
    format!("{} {time}{rep}の予約{}", date(a.date), note(&a.note))
}

fn context(c: &Context) -> String {
    let mut out = c.only.as_deref().map(|r| format!(" ({r}のみ訪問可)")).unwrap_or_default();
    for a in &c.absences {
        out.push('。');
        out.push_str(&absence(a));
    }
    for (rep, day, shift) in &c.shifts {
        out.push_str(&format!("。{rep}の{}の勤務は{}", weekday(*day), window(*shift)));
    }
    out
}

fn missed(why: &Missed) -> String {
    const ONLY: &str = "のみです (別の日か別の担当者で予約してください)";
    match why {
        Missed::RepAbsent { rep, absences: list } => {
            format!("{}。予約を守れるのは{rep}{ONLY}", absences(list))
        }
        Missed::RepNotPlanned { rep } => {
            format!("{rep}は計画する担当者にいません。予約を守れるのは{rep}{ONLY}")
        }
        Missed::RepOff { rep } => format!("{rep}はその日勤務しません。予約を守れるのは{rep}{ONLY}"),
        Missed::NobodyWorks { date: day, absences: list } if list.is_empty() => {
            format!("{}に勤務する担当者がいません", date(*day))
        }
        Missed::NobodyWorks { date: day, absences: list } => {
            format!("{}に勤務する担当者がいません: {}", date(*day), absences(list))
        }
        Missed::CannotArrive { rep, shift, arrive_s } => format!(
            "最寄りの担当者 ({rep}、勤務 {}) は{}より前に到着できません",
            window(*shift),
            LANG.clock(*arrive_s)
        ),
        Missed::DoesNotFit { service_s, rep, shift } => format!(
            "その時刻の{}分の訪問は、往復の運転を含めると{rep}の勤務 ({}) に収まりません",
            service_s / 60,
            window(*shift)
        ),
        Missed::NoTime { service_s } => {
            format!("予約を守れる担当者に、その時刻に{}分の空きがありません", service_s / 60)
        }
        Missed::Clashes(kept) => {
            let list: Vec<String> = kept
                .iter()
                .map(|(a, rep)| format!("{} {} ({rep})", a.account, appointment_time(a)))
                .collect();
            format!("同じ時刻に守る他の予約と重なります: {}", list.join("、"))
        }
    }
}

fn appointment_time(a: &Appointment) -> String {
    match a.time {
        AppointmentTime::At(start_s) => LANG.clock(start_s),
        AppointmentTime::Within(w) => window(w),
    }
}

pub(super) fn reason(reason: &Reason) -> String {
    match reason {
        Reason::Holiday { date: day, name } => format!("{}。祝日は誰も訪問に出ません", holiday(*day, name)),
        Reason::Closure(c) => closure(c),
        Reason::OnlyRepAbsent { rep, absences: list } => {
            format!("{}。訪問できるのは{rep}のみです", absences(list))
        }
        Reason::NoRepOnDay { date: day, absences: list } => {
            format!("{}に訪問できる担当者がいません: {}", date(*day), absences(list))
        }
        Reason::ClosedOnWeekday { weekday: day, hours: open } => {
            format!("{}は定休日 (営業: {open})", weekday(*day))
        }
        Reason::HoursTooShort { service_s, hours: open } => {
            format!("訪問に{}分かかりますが、営業時間 ({}) がそれより短い", service_s / 60, hours(open))
        }
        Reason::NoRepCanWork { reps, context: c } => format!(
            "訪問できる担当者が本日勤務できません ({}: 勤務できない担当者の一覧を参照){}",
            reps.join("、"),
            context(c)
        ),
        Reason::NoRepMay { context: c } => format!("訪問できる担当者がいません{}", context(c)),
        Reason::TooFar { distance_m, drive_s, rep, context: c } => format!(
            "最寄りの担当者 ({rep}) の出発地から{} km、運転{}で、勤務時間全体より長くかかります。座標を確認してください{}",
            distance_m / 1000,
            LANG.duration(*drive_s),
            context(c)
        ),
        Reason::CannotArrive { hours: open, rep, arrive_s, context: c } => format!(
            "営業時間は{}ですが、最寄りの担当者 ({rep}) は{}より前に到着できません{}",
            hours(open),
            LANG.clock(*arrive_s),
            context(c)
        ),
        Reason::DoesNotFit { service_s, hours: open, context: c } => format!(
            "{}分の訪問 ({}) は、往復の運転を含めるとどの担当者の勤務時間にも収まりません{}",
            service_s / 60,
            hours(open),
            context(c)
        ),
        Reason::VisitsFull { reps, context: c } => format!(
            "訪問できる担当者は全員、訪問件数の上限に達しています ({}){}",
            reps.join("、"),
            context(c)
        ),
        Reason::NoRoom { service_s, hours: open, context: c } if open.is_empty() => {
            format!("本日、勤務時間内にあと{}分の空きがある担当者がいません{}", service_s / 60, context(c))
        }
        Reason::NoRoom { service_s, hours: open, context: c } => format!(
            "本日、営業時間 ({}) 内にあと{}分の空きがある担当者がいません{}",
            hours(open),
            service_s / 60,
            context(c)
        ),
        Reason::AppointmentNotKept { appointment: a, why } => {
            format!("{}は守れません: {}", appointment(a), missed(why))
        }
        Reason::WaitsForAppointment(a) => format!("{}を待ちます", appointment(a)),
        Reason::DayOff { date: day, holiday: name } => {
            let off = match name {
                Some(name) => holiday(*day, name),
                None => format!("{}は{}で稼働日ではありません", date(*day), weekday(day.weekday())),
            };
            format!("{off}。この日は予約のみ訪問します")
        }
        Reason::RepOffToday { rep, date: day, team } => format!(
            "{}は{}に勤務しません (勤務するのは{}のみ)。次の勤務日まで待ちます",
            rep.as_deref().unwrap_or("担当者"),
            date(*day),
            team.join("、")
        ),
        Reason::NoWorkingDay { due, early_days, holidays } => {
            let mut out = format!("期限は{}ですが、その前{early_days}日以内に稼働日がありません", date(*due));
            if !holidays.is_empty() {
                let list: Vec<String> = holidays.iter().map(|(d, n)| holiday(*d, n)).collect();
                out.push_str(&format!(" ({})", list.join("、")));
            }
            out
        }
        Reason::ClosedInWindow(list) => list.iter().map(closure).collect::<Vec<_>>().join("。"),
        Reason::NoRoomBeforeDue => "期限までのどの日にも訪問する余裕がありませんでした".to_string(),
        Reason::ClosedOnWeekdays(days) => {
            format!("{}は定休日", days.iter().map(|d| weekday(*d)).collect::<Vec<_>>().join("・"))
        }
        Reason::RepGoesHome { rep } => format!(
            "{rep}が帰宅し、他の担当者の日は再計画されません。チームへの引き継ぎは管理者の「引き継ぎ」(または `replan --team`) で行えます"
        ),
        Reason::Cancelled { at_s } => format!("{}に取消", LANG.clock(*at_s)),
        Reason::CannotWorkDay { shift, distance_m, drive_s } => format!(
            "勤務時間 ({}) 内に出発地から帰着地まで移動できません: {} km、運転{}。担当者の帰着地を確認してください",
            window(*shift),
            distance_m / 1000,
            LANG.duration(*drive_s)
        ),
        Reason::Text(text) => text.clone(),
    }
}
