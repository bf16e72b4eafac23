//! The catalogue itself: every label and sentence of the reports, in English
//! and Japanese side by side, one [`Msg`] each.

macro_rules! catalogue {
    ($($(#[$doc:meta])* $name:ident => $en:literal, $ja:literal;)*) => {
        /// Every label and sentence of the reports, by what it says.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Msg {
            $($(#[$doc])* $name,)*
        }

        impl Msg {
            /// The English and the Japanese text.
            pub(super) fn texts(self) -> (&'static str, &'static str) {
                match self {
                    $(Msg::$name => ($en, $ja),)*
                }
            }

            /// Every message, for the catalogue's own tests.
            #[cfg(test)]
            pub(super) const ALL: &'static [Msg] = &[$(Msg::$name,)*];
        }
    };
}

catalogue! {
    /// Day headline: date, holiday, reps out, due, covered, early, unassigned, driving, distance.
    DayHeadline => "{0}{1}: {2} reps out, {3} due accounts, {4} covered, {5} early visits, {6} unassigned; driving {7} ({8})",
        "{0}{1}: 出動 {2}名、訪問予定 {3}件、うち訪問 {4}件、前倒し {5}件、未割当 {6}件、運転 {7} ({8})";
    /// After the date of a holiday without a name.
    Holiday => ", a holiday", "・祝日";
    /// After the date of a named holiday.
    NamedHoliday => ", a holiday: {0}", "・{0}";
    /// A rep's line: id, name, leaves, back, overtime, visits, driving, distance.
    RouteLine => "{0} {1}: leaves {2}, back {3}{4}, {5} visits, driving {6} ({7})",
        "{0} {1}: 出発 {2}、帰着 {3}{4}、訪問 {5}件、運転 {6} ({7})";
    /// Overtime after the return time.
    Overtime => " ({0} overtime)", " (残業 {0})";
    /// A rep's note over its length: the most characters.
    NoteTooLong => "a note is at most {0} characters", "メモは{0}文字までです";
    /// A rep's note with a control character.
    NoteControl => "a note holds no control characters", "メモに制御文字は使えません";
    /// A visit marked skipped without its reason.
    SkippedNeedsReason => "a skipped visit needs its reason", "見送りの場合は理由を入力してください";
    /// A stop recorded for a day after today: the day.
    RecordDateAhead => "{0} is after today: a visit is recorded on the day it was made",
        "{0} は今日より後の日です。訪問はその日の記録として残します";
    /// A stop recorded for a day too long ago: the day, the most days back.
    RecordDateOld => "{0} is more than {1} days ago: the office records older visits",
        "{0} は{1}日より前です。それより前の訪問は事務所で記録します";
    /// The rep's page shown from the phone without signal: when it was loaded.
    OfflineKept => "No signal: this is the page as loaded at {0}. Stops you mark are kept on this phone and sent when the signal is back; re-planning needs the signal.",
        "圏外です。{0} に読み込んだページを表示しています。記録した訪問はこの端末に保存し、電波が戻ったら送信します。組み直しには電波が必要です。";
    /// The page kept on the phone is of a day before the phone's today: that day.
    OfflineOldDay => "This is the plan for {0}, not today's: today's plan needs the signal.",
        "これは {0} の予定で、今日の予定ではありません。今日の予定を見るには電波が必要です。";
    /// Stops kept on the phone to send: how many.
    OfflineQueued => "{0} marked on this phone, to be sent when the signal is back.",
        "{0}件をこの端末に保存しました。電波が戻ったら送信します。";
    /// A stop kept on the phone that the server refused when it was sent: the account, the reason.
    OfflineRefused => "{0} was not recorded: {1}", "{0} は記録されませんでした: {1}";
    /// A re-plan pressed on the phone without signal.
    OfflineReplan => "No signal: the day was not re-planned. Try again when the signal is back.",
        "圏外のため、予定を組み直せませんでした。電波が戻ってから、もう一度お試しください。";
    /// A stop's state: marked on the phone, not sent yet.
    StateQueued => "kept on this phone", "端末に保存済み";
    /// Running late by minutes out of range: what was given, the most.
    LateMinutes => "`{0}` is not a whole number of minutes from 1 to {1}", "遅れは1～{1}分の整数で入力してください (`{0}`)";
    /// An urgent visit without its account.
    ChooseUrgent => "choose the account of the customer who called", "電話をくれた顧客を選んでください";
    /// An urgent visit to an account the rep's list does not hold: the account.
    UrgentNotYours => "`{0}` is not one of your accounts that can be visited today",
        "`{0}` は、本日訪問できるあなたの担当顧客ではありません";
    /// A re-plan asked on a day the rep does not work.
    ReplanNoWork => "you do not work today, so there is no day to re-plan", "本日は勤務日ではないため、予定を組み直せません";
    /// A re-plan asked outside the working hours: from, to.
    ReplanOutsideShift => "it is outside your working hours today ({0}-{1}), so there is no day to re-plan",
        "本日の勤務時間 ({0}～{1}) の外のため、予定を組み直せません";
    /// A re-plan asked after the planned day ended: back home at.
    ReplanDayOver => "by the plan your day is over (back home at {0}), so there is nothing left to re-plan",
        "予定では本日の訪問は終わっています (帰着 {0})。組み直す予定はありません";
    /// The plan kept changing while re-planning: the day, the attempts.
    ReplanTryAgain => "the plan for {0} changed {1} times while re-planning; try again",
        "再計画中に {0} の予定が {1} 回変わりました。もう一度お試しください";
    /// A stop pressed that the plan in force no longer holds: the account, the plan.
    NotInDay => "`{0}` is not a visit of your day in the plan in force (plan {1})",
        "`{0}` は現在の予定 (計画 {1}) の訪問先ではありません";
    /// Link to download a day's schedule as a spreadsheet.
    ScheduleCsv => "Schedule (CSV)", "訪問予定表 (CSV)";
    /// Spreadsheet header: the day.
    CsvDate => "date", "日付";
    /// Spreadsheet header: rep id.
    CsvRep => "rep", "担当者ID";
    /// Spreadsheet header: rep name.
    CsvRepName => "rep_name", "担当者名";
    /// Spreadsheet header: what the row is (departure, visit, break, back, not covered).
    CsvStop => "stop", "区分";
    /// Spreadsheet header: visit number.
    CsvOrder => "order", "順番";
    /// Spreadsheet header: account id.
    CsvAccount => "account", "顧客コード";
    /// Spreadsheet header: account name.
    CsvName => "name", "顧客名";
    /// Spreadsheet header: address.
    CsvAddress => "address", "住所";
    /// Spreadsheet header: arrival time.
    CsvArrive => "arrive", "到着";
    /// Spreadsheet header: start time.
    CsvStart => "start", "開始";
    /// Spreadsheet header: end time.
    CsvEnd => "end", "終了";
    /// Spreadsheet header: why an account is not covered.
    CsvReason => "reason", "理由";
    /// Spreadsheet row: the rep leaves.
    CsvDepart => "depart", "出発";
    /// Spreadsheet row: a visit.
    CsvVisit => "visit", "訪問";
    /// Spreadsheet row: the break.
    CsvBreak => "break", "休憩";
    /// Spreadsheet row: the rep is back.
    CsvBack => "back", "帰着";
    /// Spreadsheet row: a due account the day leaves out.
    CsvNotCovered => "not covered", "未訪問";
    /// Spreadsheet row: a rep who cannot work that day.
    CsvNotWorking => "not working", "勤務なし";
    /// Column: visit number.
    ColOrder => "#", "#";
    /// Column: arrival time.
    ColArrive => "arrive", "到着";
    /// Column: the visit's start and end.
    ColVisit => "visit", "訪問";
    /// Column: account id.
    ColAccount => "account", "顧客";
    /// Column: account or rep name.
    ColName => "name", "名称";
    /// Column: address.
    ColAddress => "address", "住所";
    /// Column: driving time.
    ColDrive => "drive", "運転";
    /// Column: rep id.
    ColRep => "rep", "担当";
    /// Column: number of visits.
    ColVisits => "visits", "訪問";
    /// Column: the working day from departure to return.
    ColDay => "day", "勤務";
    /// Column: hours worked.
    ColHours => "hours", "時間";
    /// Column: driving time of a day.
    ColDriving => "driving", "運転";
    /// Column: overtime.
    ColOvertime => "overtime", "残業";
    /// Column: longest day.
    ColLongest => "longest", "最長";
    /// Column: shortest day.
    ColShortest => "shortest", "最短";
    /// Column: distance.
    ColDistance => "distance", "距離";
    /// Column: departure.
    ColLeaves => "leaves", "出発";
    /// Column: return.
    ColBack => "back", "帰着";
    /// Column: shift.
    ColShift => "shift", "勤務時間";
    /// Column: reason.
    ColReason => "reason", "理由";
    /// A break in the day table.
    Break => "break", "休憩";
    /// The last line of a rep's day.
    BackHome => "back home", "帰着";
    /// Where a re-planned day goes on: place (may be empty).
    Resumed => "re-planned: goes on from here{0}", "再計画: ここから再開{0}";
    /// Heading of the due accounts left out of a day.
    NotCoveredToday => "Not covered today:", "本日訪問できない顧客:";
    /// Heading of the reps who cannot work the day.
    CannotWorkToday => "Cannot work today:", "本日勤務できない担当者:";
    /// Re-plan changes: none.
    ChangesNone => "Changes: none", "変更: なし";
    /// Between the items of a list in a sentence.
    ListSeparator => ", ", "、";
    /// Re-plan changes: the counts.
    Changes => "Changes: {0}", "変更: {0}";
    /// Count of added visits.
    ChangeAdded => "{0} added", "追加 {0}件";
    /// Count of cancelled visits.
    ChangeCancelled => "{0} cancelled", "取消 {0}件";
    /// Count of reassigned visits.
    ChangeReassigned => "{0} reassigned", "担当変更 {0}件";
    /// Count of visits moved to tomorrow.
    ChangeToTomorrow => "{0} to tomorrow", "翌日へ {0}件";
    /// Count of moved visits.
    ChangeMoved => "{0} moved", "時刻変更 {0}件";
    /// A week's day headline: date, visits, due, early, not covered, driving.
    WeekDayHeadline => "{0}: {1} visits ({2} due, {3} early), {4} not covered; driving {5}",
        "{0}: 訪問 {1}件 (期限 {2}件、前倒し {3}件)、未訪問 {4}件、運転 {5}";
    /// A due account left out of a week's day.
    NotCovered => "not covered: {0}: {1}", "未訪問: {0}: {1}";
    /// Week totals: days, range, visits, late, driving, distance.
    WeekTotals => "{0} working days{1}: {2} visits, {3} late; driving {4} ({5})",
        "稼働日 {0}日{1}: 訪問 {2}件、遅れ {3}件、運転 {4} ({5})";
    /// The range of a week after its day count.
    WeekRange => " ({0} to {1})", " ({0}〜{1})";
    /// Days off planned for their appointments only, after the week's range.
    AppointmentDaysOnly => " and {0} for appointments only", "、予約のみの日 {0}";
    /// Holidays the week skipped.
    HolidaysSkipped => "holidays skipped: {0}", "休日 (除外): {0}";
    /// Heading of the late visits.
    Late => "Late:", "遅れ:";
    /// A late visit: account, due, planned, reason.
    LateVisit => "{0} due {1}, {2}: {3}", "{0} 期限 {1}、{2}: {3}";
    /// A late visit's day.
    PlannedOn => "planned {0}", "{0} に予定";
    /// A late visit no day takes.
    NotInTheseDays => "not in these days", "期間内に予定なし";
    /// Heading of each rep's longest and shortest day.
    WorkingDayPerRep => "Working day per rep (departure to return; a day at home counts as 0):",
        "担当者ごとの勤務 (出発から帰着まで、出動しない日は 0):";
    /// The HTML report's link to the printed plan.
    ThePlanAsPrinted => "The plan as printed", "印刷用の計画";
    /// The adherence page's link to the printed report.
    ReportAsPrinted => "The report as printed", "印刷用の報告";
    /// Every due account is covered.
    EveryDueCovered => "Every due account is covered.", "訪問予定の顧客はすべて訪問されます。";
    /// Heading of the accounts left out, with their count.
    NotCoveredCount => "Not covered ({0})", "未訪問 ({0}件)";
    /// Footer of the plan report: version.
    PlanFooter => "Made by rounds {0}. Routes are drawn as straight lines between the places, not along the roads driven.",
        "rounds {0} で作成。ルートは道路ではなく地点間の直線で描いています。";
    /// Footer of the adherence report: version.
    ReportFooter => "Made by rounds {0} from the visit log.", "rounds {0} で訪問記録から作成。";
    /// Total row: number of reps.
    RepsCount => "{0} reps", "{0}名";
    /// Timeline legend: driving.
    Drive => "drive", "運転";
    /// Timeline legend: waiting.
    Wait => "wait", "待機";
    /// Timeline legend: a visit.
    Visit => "visit", "訪問";
    /// The map's label for screen readers: date.
    MapLabel => "map of the routes on {0}", "{0} のルート地図";
    /// A route's number of visits.
    VisitCount => "{0} visits", "訪問 {0}件";
    /// Where a rep's day starts.
    RouteStart => "start", "出発地";
    /// Where a rep's day ends.
    RouteEnd => "end", "帰着地";
    /// Title of a day's plan: region, date.
    PlanTitle => "{0}: plan for {1}", "{0}: {1}の計画";
    /// `rounds book`'s headline: account id, its name (after a space), the visit's length, the days searched.
    SlotsBest => "best slots for {0}{1} ({2} visit) in {3}, fewest extra driving first:",
        "{0}{1} ({2}の訪問) の候補: {3}、追加の運転が少ない順:";
    /// `rounds book` with no slot: account id, name, the visit's length, the days searched.
    SlotsNone => "no slot for {0}{1} ({2} visit) in {3}", "{0}{1} ({2}の訪問) の候補はありません: {3}";
    /// The days `rounds book` searched: how many, first, last.
    SlotsDays => "{0} working days ({1} to {2})", "稼働日 {0}日 ({1}〜{2})";
    /// Column: a slot's day.
    ColDate => "date", "日付";
    /// Column: when a slot's visit may start.
    ColStart => "start", "開始";
    /// Column: the driving a slot adds.
    ColExtraDrive => "extra driving", "追加の運転";
    /// A slot at one exact time (an appointment already agreed).
    SlotAt => "at {0}", "{0}ちょうど";
    /// Under `rounds book`'s slots: the seed.
    SlotsChecked => "checked: each slot's day, planned as `rounds week` plans it (seed {0}) with the visit booked, passes the independent check",
        "検証済み: 各候補の日は訪問を入れて `rounds week` と同じく計画し (シード {0})、独立の検証を通っています";
    /// `rounds record` into a log: date, log, appended, visited, skipped, already there.
    RecordedInLog => "recorded {0} in {1}: {2} visits appended ({3} visited, {4} skipped), {5} already there",
        "{0}の訪問を {1} に記録: 追記 {2}件 (実施 {3}件、見送り {4}件)、記録済み {5}件";
    /// `rounds record` into the database: date, database, added, visited, skipped, already there.
    RecordedInDb => "recorded {0} in {1}: {2} visits added ({3} visited, {4} skipped), {5} already there",
        "{0}の訪問を {1} に記録: 追加 {2}件 (実施 {3}件、見送り {4}件)、記録済み {5}件";
    /// A visit the log holds already with another status: account, status kept, date.
    KeptInLog => "  {0} stays recorded as {1} for {2} (the log is never rewritten)",
        "  {0} は {2} に「{1}」と記録済みのままです (ログは書き換えません)";
    /// A visit the database holds already with another status: account, status kept, date.
    KeptInDb => "  {0} stays recorded as {1} for {2} (the database is never rewritten)",
        "  {0} は {2} に「{1}」と記録済みのままです (データベースは書き換えません)";
    /// One urgent visit of the plan, to an account added for the day, not recorded.
    UrgentNotRecorded => "  1 urgent visit to accounts added for the day (not in accounts.csv) is not recorded",
        "  本日追加の緊急訪問 1件 (accounts.csv にない顧客) は記録しません";
    /// Several urgent visits not recorded: how many.
    UrgentsNotRecorded => "  {0} urgent visits to accounts added for the day (not in accounts.csv) are not recorded",
        "  本日追加の緊急訪問 {0}件 (accounts.csv にない顧客) は記録しません";
    /// Under a day's plan: seconds, iterations, cut by time, seed.
    SolvedIn => "solved in {0} s ({1} iterations{2}, seed {3}); checked: every window, shift and break holds",
        "計算時間 {0}秒 ({1}回の探索{2}、シード {3})。検証済み: 営業時間・勤務時間・休憩をすべて守っています";
    /// Under a re-planned day: seconds, iterations, cut by time, seed.
    ReplannedIn => "re-planned in {0} s ({1} iterations{2}, seed {3}); checked: every window, shift and break holds",
        "再計画の計算時間 {0}秒 ({1}回の探索{2}、シード {3})。検証済み: 営業時間・勤務時間・休憩をすべて守っています";
    /// One appointment of the plan not kept: which (account and date).
    AppointmentNotKept => "1 appointment cannot be kept ({0}); the reasons are listed with the plan",
        "守れない訪問予約が 1件あります ({0})。理由は計画に記載しています";
    /// Several appointments not kept: how many, which.
    AppointmentsNotKept => "{0} appointments cannot be kept ({1}); the reasons are listed with the plan",
        "守れない訪問予約が {0}件あります ({1})。理由は計画に記載しています";
    /// An appointment not kept, in the list: account, date.
    AppointmentOn => "{0} on {1}", "{0} {1}";
    /// After the iterations of a search the time limit stopped.
    CutByTime => ", cut by the time limit", "、時間制限で打ち切り";
    /// Under several days' plan: seconds, seed, searches cut by time.
    PlannedIn => "planned in {0} s (seed {1}{2}); checked: every day's windows, shifts, breaks and due visits hold",
        "計画の計算時間 {0}秒 (シード {1}{2})。検証済み: 毎日の営業時間・勤務時間・休憩と期限の訪問をすべて守っています";
    /// Among the seed and cut searches of several days: how many searches the time limit stopped.
    SearchesCut => ", {0} searches cut by the time limit", "、{0}日の探索を時間制限で打ち切り";
    /// The week's visits to accounts with preferred days: how many landed on one, of how many.
    OnPreferredDay => "on a preferred day: {0} of {1} visits", "希望曜日の訪問: {1}件中{0}件";
    /// Title of several days' plan: region, first, last.
    WeekTitle => "{0}: plan for {1} to {2}", "{0}: {1}〜{2}の計画";
    /// Title of a re-plan: region, time, date.
    ReplanTitle => "{0}: re-plan at {1} on {2}", "{0}: {2} {1} の再計画";
    /// The calendar's name: rep id and name.
    CalendarName => "rounds: {0} {1}", "rounds: {0} {1}";
    /// A calendar event's description: account, order, visits, arrival.
    EventDescription => "Account {0}, visit {1} of {2} (arrive {3}).", "顧客 {0}、{2}件中{1}件目 (到着 {3})。";
    /// The navigation link in an event's description.
    Directions => "Directions: {0}", "経路: {0}";
    /// A file written: its path.
    Wrote => "wrote {0}", "{0} を書き出しました";
    /// The all-day event of a rep's day without visits.
    NoVisitsPlanned => "No visits planned", "訪問予定なし";
    /// Territories: the horizon: days, first, last, day limit.
    SplitsHorizon => "{0} working days, {1} to {2}; a day over {3} counts as overtime",
        "稼働日 {0}日、{1}〜{2}。{3}を超える日は残業";
    /// Territories row: accounts per rep.
    SplitAccounts => "accounts per rep (min-max)", "担当者あたり顧客数 (最小-最大)";
    /// Territories row: visits.
    SplitVisits => "visits", "訪問";
    /// Territories row: late and missed visits.
    SplitLateMissed => "late / missed visits", "遅れ / 未訪問";
    /// Territories row: overloaded reps.
    SplitOverloaded => "overloaded reps", "過負荷の担当者";
    /// Territories row: driving.
    SplitDriving => "driving", "運転";
    /// Territories row: distance.
    SplitDistance => "distance", "距離";
    /// Territories row: mean workload.
    SplitMeanWorkload => "workload per rep-day: mean", "1人1日の負荷: 平均";
    /// Territories row: max workload.
    SplitMaxWorkload => "workload per rep-day: max", "1人1日の負荷: 最大";
    /// Territories row: overtime days.
    SplitOvertimeDays => "overtime days", "残業日数";
    /// Territories row: workload ratio.
    SplitWorkloadRatio => "max/min workload of a rep", "担当者の負荷 最大/最小";
    /// Territories: accounts without a territory in the current split: how many, of how many.
    SplitDefaulted => "note: {0} of {1} accounts have no territory; in the current split each goes to the rep whose day starts nearest",
        "注意: 顧客 {1}件中 {0}件にテリトリーがありません。現在の分担では、それぞれ一日の出発地が最も近い担当者の顧客とします";
    /// Territories: the proposal: accounts, reps, seconds, accounts moved, the cap, the fixed kept.
    SplitProposed => "proposed split of {0} accounts between {1} reps in {2} s: {3} accounts change rep{4}{5}",
        "顧客 {0}件を担当者 {1}名で分ける案 (計算時間 {2}秒): 担当が変わる顧客 {3}件{4}{5}";
    /// Territories: after the accounts moved, the most that may move.
    SplitAtMost => " (at most {0})", " (上限 {0}件)";
    /// Territories: after the accounts moved, the fixed accounts kept.
    SplitFixedKept => ", {0} fixed accounts kept", "、固定した顧客 {0}件はそのまま";
    /// Territories: workloads: working days, current, proposed, fair share, how even.
    SplitWorkloads => "estimated workload per rep-day over {0} working days: current {1}, proposed {2} (fair share {3}; {4})",
        "稼働日 {0}日の1人1日あたりの推定負荷: 現在 {1}、提案 {2} (均等な配分 {3}。{4})";
    /// Territories: the least to the most of a workload.
    SplitWorkloadRange => "{0}-{1}", "{0}〜{1}";
    /// Territories: every rep's workload within the tolerance: the tolerance.
    SplitAllWithin => "every rep within {0} %", "全員が ±{0} % 以内";
    /// Territories: reps outside the tolerance: how many, of how many, the tolerance, the furthest, by how much.
    SplitOutside => "{0} of {1} reps outside {2} %, the furthest {3} {4} %",
        "担当者 {1}名中 {0}名が ±{2} % の外 (最も離れているのは {3} の {4} %)";
    /// Territories: under the comparison: the seed, the iterations per day.
    SplitsChecked => "checked: every day of every split holds every window, shift and break (seed {0}, {1} per day)",
        "検証済み: どの分担の毎日も営業時間・勤務時間・休憩をすべて守っています (シード {0}、1日あたり {1})";
    /// Territories: iterations per day as given.
    SplitIterations => "{0} iterations", "{0}回の探索";
    /// Territories: iterations per day not given.
    SplitDefaultIterations => "default iterations", "既定の探索回数";
    /// Territories: the current split's name in a table of one.
    SplitCurrent => "current", "現在";
    /// A split's map: the legend's heading.
    SplitLegendHeading => "rep: workload per day (mean)", "担当者: 1日の負荷 (平均)";
    /// A split's map: a rep's figures: mean workload per day, accounts.
    SplitLegendFigures => "{0}/day, {1} accounts", "1日 {0}、顧客 {1}件";
    /// A split's map: after a rep's figures, late visits.
    SplitLegendLate => ", {0} late", "、遅れ {0}件";
    /// A split's map: after a rep's figures, missed visits.
    SplitLegendMissed => ", {0} missed", "、未訪問 {0}件";
    /// A split's map: what a square is.
    SplitLegendStart => "square: where the day starts", "四角: 一日の出発地";
    /// A split's map's title: the split, accounts, reps, working days, first day.
    SplitMapTitle => "{0}: {1} accounts, {2} reps, {3} working days from {4}",
        "{0}: 顧客 {1}件、担当者 {2}名、{4}から稼働日 {3}日";
    /// Territories: a split where some rep has no work.
    SplitNoWork => "no work", "仕事なし";
    /// Territories row: workload variation.
    SplitWorkloadCv => "workload variation (CV)", "負荷のばらつき (CV)";
    /// Territories row: distance to the centre.
    SplitCentreDistance => "mean distance to centre", "中心までの平均距離";
    /// Territories: the per-rep heading.
    SplitPerRep => "per rep: accounts, driving, workload per day (mean, max), overtime days, late, missed visits, mean km to the territory centre; ! overloaded",
        "担当者別: 顧客数、運転、1日の負荷 (平均、最大)、残業日数、遅れ、未訪問、テリトリー中心までの平均 km。! は過負荷";
    /// Territories per-rep columns, in order.
    SplitRepColumns => "accts drive mean max ot late miss km", "顧客 運転 平均 最大 残業 遅れ 未訪 km";
    /// Adherence report title: region, from, to.
    ReportTitle => "{0}: visits from {1} to {2}", "{0}: 訪問実績 {1}〜{2}";
    /// Adherence: the team's totals line.
    ReportTeam => "Team: {0} planned, {1} done, {2} skipped ({3} done); {4} of {5} accounts seen within their interval ({6})",
        "チーム: 予定 {0}件、実施 {1}件、未実施 {2}件 (実施率 {3})、訪問間隔を守れた顧客 {5}件中 {4}件 ({6})";
    /// Column: visits planned.
    ColPlanned => "planned", "予定";
    /// Column: visits done.
    ColDone => "done", "実施";
    /// Column: visits skipped.
    ColSkipped => "skipped", "未実施";
    /// Column: share of planned visits done.
    ColDoneShare => "done %", "実施率";
    /// Column: accounts of the rep.
    ColAccounts => "accounts", "顧客数";
    /// Column: accounts seen within their interval.
    ColInInterval => "in interval", "間隔内";
    /// Column: overdue accounts.
    ColOverdue => "overdue", "期限超過";
    /// Column: last visit.
    ColLastVisit => "last visit", "最終訪問";
    /// Column: due date.
    ColDue => "due", "期限";
    /// Column: days overdue.
    ColDaysOverdue => "days overdue", "超過日数";
    /// Column: visit frequency in days.
    ColEvery => "every", "間隔";
    /// A visit frequency.
    EveryDays => "{0} d", "{0}日";
    /// Adherence: the team's row.
    Team => "team", "チーム";
    /// Adherence: heading of the per-rep table.
    PerRep => "Per rep (an account is its territory's rep's, else the rep of its latest visit in the log):",
        "担当者別 (顧客はテリトリーの担当者、なければ記録上の最新の担当者に数えます):";
    /// Adherence: heading of the overdue accounts on the last day, with the day.
    OverdueOn => "Overdue on {0}, worst first:", "{0} 時点の期限超過 (超過日数の多い順):";
    /// Adherence: nothing overdue.
    NothingOverdue => "Nothing is overdue on {0}.", "{0} 時点で期限超過の顧客はありません。";
    /// Adherence: an account never visited.
    NeverVisited => "never", "なし";
    /// Adherence: days overdue of an account never visited.
    NotYetVisited => "never visited", "未訪問";
    /// Adherence: an account no rep is responsible for.
    NoRep => "-", "-";
    /// Server: the sign-in page's title and button.
    SignIn => "Sign in", "ログイン";
    /// Server: the user name field.
    UserName => "User name", "ユーザー名";
    /// Server: the password field.
    Password => "Password", "パスワード";
    /// Server: a sign-in that failed (never says which part was wrong).
    SignInFailed => "Wrong user name or password.", "ユーザー名またはパスワードが違います。";
    /// Server: the sign-out button.
    SignOut => "Sign out", "ログアウト";
    /// Server, an error page's title: bad input, a conflict, a plan the check refused, too large.
    ErrorNotDone => "Not done", "実行できませんでした";
    /// Server, an error page's title: another user's page or change.
    ErrorForbiddenTitle => "Not allowed", "権限がありません";
    /// Server, an error page: another user's page or change.
    ErrorForbidden => "This page or change is another user's; yours are on your own page.",
        "このページや操作は、ほかのユーザーのものです。ご自分のページからお進みください。";
    /// Server, an error page's title: a form without its session's token.
    ErrorOutOfDateTitle => "The page was out of date", "ページが古くなっています";
    /// Server, an error page: a form without its session's token.
    ErrorOutOfDate =>
        "The form came from a page opened before you last signed in. Go back, reload the page and send it again.",
        "前回ログインする前に開いたページから送信されました。前のページに戻って再読み込みし、もう一度送信してください。";
    /// Server, an error page's title: nothing at that address.
    ErrorNotFoundTitle => "Not found", "見つかりません";
    /// Server, an error page: a form larger than any of the pages'.
    ErrorTooLarge => "What was sent is larger than any form of these pages.", "送信された内容が大きすぎます。";
    /// Server, an error page's title: over the rate limit.
    ErrorTooManyTitle => "Too many requests", "リクエストが多すぎます";
    /// Server, an error page: over the rate limit.
    ErrorTooMany => "Wait a few seconds, then try again.", "数秒待ってから、もう一度お試しください。";
    /// Server, an error page: the new plan failed the independent check.
    ErrorCheckFailed => "The new plan failed the independent check, so nothing changed:",
        "新しい計画が検証を通らなかったため、何も変更していません:";
    /// Server, an error page's title: the server's own fault.
    ErrorFailedTitle => "The server failed", "サーバーでエラーが発生しました";
    /// Server, an error page: the server's own fault.
    ErrorFailed => "What went wrong is in the server's log: tell whoever runs the server.",
        "エラーの内容はサーバーのログに記録されています。サーバーの管理者に連絡してください。";
    /// Server, an error page: the link to the user's own page.
    ErrorBack => "Back to your page", "自分のページへ戻る";
    /// Server: the button that switches the page's language to the other one.
    OtherLanguage => "日本語", "English";
    /// Server: a rep's page title: rep id and name, date.
    RepDayTitle => "{0} {1}: {2}", "{0} {1}: {2}";
    /// Server: no published plan covers the day.
    NoPlanPublished => "No plan is published for {0}. Ask the office to publish one.",
        "{0} の計画はまだ公開されていません。事務所に公開を依頼してください。";
    /// Server: the rep has no route in the published plan.
    NoRouteToday => "You have no visits in the plan for {0}.", "{0} の計画に訪問はありません。";
    /// Server: a stop's opening hours: the windows.
    OpenHours => "open {0}", "営業 {0}";
    /// Server: an account open whenever the rep works.
    OpenAnyTime => "open any time", "営業時間の制限なし";
    /// Server: an account closed on the day.
    ClosedToday => "closed today", "本日休業";
    /// Server: the navigation link.
    Navigate => "Navigate", "ナビ";
    /// Server: a stop not recorded yet.
    StateToDo => "to do", "未訪問";
    /// Server: a stop recorded as visited.
    StateDone => "done", "完了";
    /// Server: a stop recorded as skipped.
    StateSkipped => "skipped", "見送り";
    /// Server: an urgent stop added for the day only (not recorded).
    StateAdded => "added for today", "本日追加";
    /// Server: the done button.
    MarkDone => "Done", "完了";
    /// Server: the skipped button.
    MarkSkipped => "Skipped", "見送り";
    /// Server: the note or reason field.
    NoteOrReason => "Note (the reason, when skipped)", "メモ (見送りの場合は理由)";
    /// Server: a recorded note.
    NoteLabel => "Note: {0}", "メモ: {0}";
    /// Server: the manager's page title: date.
    TeamDayTitle => "The team's day: {0}", "チームの一日: {0}";
    /// Server: link from the manager's page to a rep's day.
    OpenRepDay => "Open the day", "一日を開く";
    /// Server: column of stops still to do.
    ColToDo => "to do", "未訪問";
    /// Server: a page the user may not see.
    NotAllowed => "You may not see this page.", "このページを表示する権限がありません。";
    /// Server: the link back to the user's own page.
    BackToStart => "Back", "戻る";
    /// Re-plan change: who and when.
    ChangeSlot => "{0} at {1}", "{0} {1}";
    /// Re-plan change: an urgent visit placed: priority, slot.
    ChangeUrgent => "urgent ({0} priority): {1}", "緊急 (優先度 {0}): {1}";
    /// Re-plan change: an urgent visit that does not fit: why.
    ChangeUrgentLater => "urgent, but {0}", "緊急ですが、{0}";
    /// Re-plan change: cancelled: when, the slot it had.
    ChangeCancelledAt => "cancelled at {0}; was {1}", "{0}に取消 (予定は {1})";
    /// Re-plan change: what now, the slot it had.
    ChangeWas => "{0}; was {1}", "{0} (予定は {1})";
    /// A high priority.
    PriorityHigh => "high", "高";
    /// A normal priority.
    PriorityNormal => "normal", "通常";
    /// A low priority.
    PriorityLow => "low", "低";
    /// Re-plan change kind: added.
    KindAdded => "added", "追加";
    /// Re-plan change kind: cancelled.
    KindCancelled => "cancelled", "取消";
    /// Re-plan change kind: reassigned.
    KindReassigned => "reassigned", "担当変更";
    /// Re-plan change kind: to tomorrow.
    KindToTomorrow => "to tomorrow", "翌日へ";
    /// Re-plan change kind: moved.
    KindMoved => "moved", "時刻変更";
    /// Server: heading of the re-plan buttons.
    ReplanHeading => "Re-plan the rest of the day", "残りの予定を組み直す";
    /// Server: the minutes-late field.
    MinutesLate => "Minutes late (1-600)", "遅れ (分、1-600)";
    /// Server: the running-late button.
    RunningLate => "I am running late", "遅れています";
    /// Server: the urgent account field.
    UrgentAccount => "Customer who called", "連絡のあった顧客";
    /// Server: the urgent-visit button.
    UrgentVisit => "Customer called: urgent visit", "顧客から連絡: 緊急訪問";
    /// Server: no account of the rep's can be added today.
    NoUrgentChoice => "None of your accounts can be added today.", "本日追加できる担当顧客はありません。";
    /// Server: the stop-for-today button.
    StopForToday => "I have to stop for today", "本日はここで終了";
    /// Server, a manager on a rep's day: end it and hand the rest to the other reps.
    HandOverToTeam => "End this rep's day: the team takes over", "本日はここで終了し、残りを他の担当者へ";
    /// Server: heading of the changes box.
    ReplanChanges => "Your day was re-planned. What changed:", "予定が組み直されました。変更点:";
    /// Server: heading of the changes box on a rep's day as the manager sees it: the rep's id and name.
    ReplanChangesOf => "{0} {1}'s day was re-planned. What changed:", "{0} {1} の予定が組み直されました。変更点:";
    /// Server: a re-plan the validator refused: what it found.
    ReplanRefused => "The new plan failed the independent check, so nothing changed: {0}",
        "新しい計画が検証に通らなかったため、何も変更していません: {0}";
    /// Server: the link to the rep's week.
    WeekLink => "The week", "今週の予定";
    /// Server: the link from the week back to the day.
    DayLink => "Today", "本日の予定";
    /// Server: the week page's title: rep id and name, first day.
    RepWeekTitle => "{0} {1}: the days from {2}", "{0} {1}: {2}からの予定";
    // The manager's pages: publishing, editing, the week and the reports.
    /// Server: the publishing page's title and its link.
    PublishTitle => "Publish a plan", "計画の公開";
    /// Server: the form that publishes one day.
    PublishDay => "One day (tomorrow by default)", "1日分 (既定は明日)";
    /// Server: the form that publishes several working days.
    PublishWeek => "Several working days (the next week by default)", "複数の稼働日 (既定は翌週)";
    /// Server: the date field.
    FieldDate => "Date", "日付";
    /// Server: the first day field.
    FieldFrom => "First day", "初日";
    /// Server: the working days field.
    FieldDays => "Working days", "稼働日数";
    /// Server: the button that starts publishing.
    PublishButton => "Plan, check and publish", "計画・検証して公開";
    /// Server: a publishing job's page title: job number.
    JobTitle => "Publishing: job {0}", "計画の公開: ジョブ {0}";
    /// Server: a job still planning: days planned, days to plan.
    JobRunning => "Planning: {0} of {1} days done. This page refreshes itself.", "計画中: {1}日中 {0}日完了。このページは自動で更新されます。";
    /// Server: a job done: plan id, days.
    JobDone => "Published as plan {0} ({1} days); the independent check confirmed every day.", "計画 {0} ({1}日分) として公開しました。独立検証で全日を確認済みです。";
    /// Server: a job that stored nothing: why.
    JobFailed => "Nothing was published: {0}", "公開されませんでした: {0}";
    /// Server: a second start while a job runs: its number.
    JobBusy => "A plan is being published already (job {0}); wait until it is done.", "別の計画を公開中です (ジョブ {0})。終了までお待ちください。";
    /// Server: the list of recent jobs.
    RecentJobs => "Recent publishing jobs", "最近の公開ジョブ";
    /// Server: column of a job's number.
    ColJob => "job", "ジョブ";
    /// Server: column of a job's kind.
    ColKind => "kind", "種類";
    /// Server: column of a job's state.
    ColState => "state", "状態";
    /// Server: column of who started a job.
    ColStartedBy => "started by", "開始者";
    /// Server: a form's field in error: field, message.
    FieldError => "{0}: {1}", "{0} の入力を読めません: {1}";
    /// Server: the link to the team's day.
    TeamDayLink => "The team's day", "チームの一日";
    /// Server: the calendar page's title and its link.
    CalendarTitle => "Absences and appointments", "不在と訪問予約";
    /// Server: the absences heading.
    AbsencesHeading => "Absences", "不在";
    /// Server: the appointments heading.
    AppointmentsHeading => "Appointments", "訪問予約";
    /// Server: the button that adds a row.
    AddRow => "Add", "追加";
    /// Server: the button that removes a row.
    RemoveRow => "Remove", "削除";
    /// Server: an empty list.
    NoRows => "None.", "なし。";
    /// Server: an account's page title: id, name.
    AccountTitle => "Account {0} {1}", "顧客 {0} {1}";
    /// Server: the button that saves an account's fields.
    SaveChanges => "Save", "保存";
    /// Server: heading of the box of published days whose plan no longer holds.
    StaleHeading => "Published plans that no longer hold", "公開済みの計画が現在の条件に合っていません";
    /// Server: why those plans no longer hold, and what to do.
    StaleIntro => "They were published before a later change (an absence, an appointment, an account edited, a new import, a day before them re-planned or published again) and break its rules. Publish those days again.",
        "これらの計画は、その後の変更 (不在・アポイント・顧客情報の編集・新しい取り込み・それより前の日の組み直しや再公開) より前に公開されたため、現在の条件を満たしていません。該当日を公開し直してください。";
    /// Server: one such day: the date, the plan, the first problem, how many more.
    StaleDay => "{0}, plan {1}: {2}{3}", "{0} (計画 {1}): {2}{3}";
    /// Server: how many more problems a day has.
    StaleMore => " (and {0} more)", " (ほか {0} 件)";
    /// Server, the rep's week: a day whose plan an edit broke, not yet published again.
    DayMayChange => "Something changed after this day was planned: its plan may still change.",
        "この日の予定は作成後に条件が変わったため、変更される可能性があります。";
    /// A broken rule of a published plan, in a line (the validator's UnknownRep): {0} the rep, {1} the account.
    RuleUnknownRep => "the route of {0} names no rep of the region", "計画の担当者 {0} が地域にいません";
    /// A broken rule of a published plan, in a line (the validator's DuplicateRoute): {0} the rep, {1} the account.
    RuleDuplicateRoute => "{0} has more than one route", "担当者 {0} のルートが複数あります";
    /// A broken rule of a published plan, in a line (the validator's UnknownAccount): {0} the rep, {1} the account.
    RuleUnknownAccount => "{1} is not an account of the region", "顧客 {1} が地域にありません";
    /// A broken rule of a published plan, in a line (the validator's DuplicateVisit): {0} the rep, {1} the account.
    RuleDuplicateVisit => "{1} is visited more than once", "{1} を同じ日に複数回訪問します";
    /// A broken rule of a published plan, in a line (the validator's ClosedOnWeekday): {0} the rep, {1} the account.
    RuleClosedOnWeekday => "{0} visits {1} on a weekday it is closed", "{0} が定休日の {1} を訪問します";
    /// A broken rule of a published plan, in a line (the validator's VisitOnHoliday): {0} the rep, {1} the account.
    RuleVisitOnHoliday => "{0} visits {1} on a holiday", "{0} が休日に {1} を訪問します";
    /// A broken rule of a published plan, in a line (the validator's VisitOnClosure): {0} the rep, {1} the account.
    RuleVisitOnClosure => "{0} visits {1} while it is closed", "{0} が休業期間中の {1} を訪問します";
    /// A broken rule of a published plan, in a line (the validator's OffShift): {0} the rep, {1} the account.
    RuleOffShift => "{0} is sent out on a day off", "{0} が勤務日ではない日に出動します";
    /// A broken rule of a published plan, in a line (the validator's AbsentRep): {0} the rep, {1} the account.
    RuleAbsentRep => "{0} is absent but visits {1}", "{0} は不在ですが、{1} への訪問が入っています";
    /// A broken rule of a published plan, in a line (the validator's WrongTerritory): {0} the rep, {1} the account.
    RuleWrongTerritory => "{1} is not in the territory of {0}", "{1} は {0} の担当外です";
    /// A broken rule of a published plan, in a line (the validator's DepartBeforeShift): {0} the rep, {1} the account.
    RuleDepartBeforeShift => "{0} departs before the shift starts", "{0} が勤務開始前に出発します";
    /// A broken rule of a published plan, in a line (the validator's Overlap): {0} the rep, {1} the account.
    RuleOverlap => "{0}'s day overlaps itself", "{0} の予定が重なっています";
    /// A broken rule of a published plan, in a line (the validator's ArrivalTooEarly): {0} the rep, {1} the account.
    RuleArrivalTooEarly => "{0} cannot be at {1} by then", "{0} はその時刻までに {1} に着けません";
    /// A broken rule of a published plan, in a line (the validator's StartBeforeArrival): {0} the rep, {1} the account.
    RuleStartBeforeArrival => "{0} starts at {1} before arriving", "{0} が {1} に着く前に訪問を始めます";
    /// A broken rule of a published plan, in a line (the validator's WrongServiceTime): {0} the rep, {1} the account.
    RuleWrongServiceTime => "{0}'s visit to {1} is not as long as a visit there takes", "{0} の {1} 訪問の長さが顧客の所要時間と違います";
    /// A broken rule of a published plan, in a line (the validator's VisitOutsideWindow): {0} the rep, {1} the account.
    RuleVisitOutsideWindow => "{0}'s visit to {1} starts before it opens", "{0} の {1} 訪問が営業時間前に始まります";
    /// A broken rule of a published plan, in a line (the validator's LateVisit): {0} the rep, {1} the account.
    RuleLateVisit => "{0}'s visit to {1} runs past its closing", "{0} の {1} 訪問が営業時間を過ぎます";
    /// A broken rule of a published plan, in a line (the validator's ExtraBreak): {0} the rep, {1} the account.
    RuleExtraBreak => "{0} takes more than one break", "{0} の休憩が2回以上あります";
    /// A broken rule of a published plan, in a line (the validator's BreakWithoutRule): {0} the rep, {1} the account.
    RuleBreakWithoutRule => "{0} takes a break without a break rule", "{0} に休憩の設定がないのに休憩が入っています";
    /// A broken rule of a published plan, in a line (the validator's BreakOutsideWindow): {0} the rep, {1} the account.
    RuleBreakOutsideWindow => "{0}'s break is outside its window", "{0} の休憩が決められた時間帯の外です";
    /// A broken rule of a published plan, in a line (the validator's BreakTooShort): {0} the rep, {1} the account.
    RuleBreakTooShort => "{0}'s break is too short", "{0} の休憩が短すぎます";
    /// A broken rule of a published plan, in a line (the validator's MissingBreak): {0} the rep, {1} the account.
    RuleMissingBreak => "{0} takes no break", "{0} の休憩がありません";
    /// A broken rule of a published plan, in a line (the validator's ReturnTooEarly): {0} the rep, {1} the account.
    RuleReturnTooEarly => "{0} cannot be back by then", "{0} はその時刻までに帰着できません";
    /// A broken rule of a published plan, in a line (the validator's ReturnAfterShift): {0} the rep, {1} the account.
    RuleReturnAfterShift => "{0} is back after the shift ends", "{0} の帰着が勤務終了後です";
    /// A broken rule of a published plan, in a line (the validator's OvertimeNotNeeded): {0} the rep, {1} the account.
    RuleOvertimeNotNeeded => "{0} declares overtime it does not need", "{0} の残業の申告が正しくありません";
    /// A broken rule of a published plan, in a line (the validator's TooManyVisits): {0} the rep, {1} the account.
    RuleTooManyVisits => "{0} makes more visits than allowed", "{0} の訪問件数が上限を超えます";
    /// A broken rule of a published plan, in a line (the validator's WrongDriveTotal): {0} the rep, {1} the account.
    RuleWrongDriveTotal => "{0}'s driving time does not add up", "{0} のルートの運転時間の合計が合いません";
    /// A broken rule of a published plan, in a line (the validator's WrongDistanceTotal): {0} the rep, {1} the account.
    RuleWrongDistanceTotal => "{0}'s distance does not add up", "{0} のルートの走行距離の合計が合いません";
    /// A broken rule of a published plan, in a line (the validator's DueNotCovered): {0} the rep, {1} the account.
    RuleDueNotCovered => "{1} is due but neither visited nor listed", "訪問期限の来た {1} が、訪問にも未訪問の一覧にもありません";
    /// A broken rule of a published plan, in a line (the validator's AppointmentNotCovered): {0} the rep, {1} the account.
    RuleAppointmentNotCovered => "the appointment at {1} is neither kept nor listed", "{1} のアポイントが守られず、未訪問の一覧にもありません";
    /// A broken rule of a published plan, in a line (the validator's AppointmentNotKept): {0} the rep, {1} the account.
    RuleAppointmentNotKept => "{0}'s visit to {1} does not keep its appointment", "{0} の {1} 訪問がアポイントの時刻・担当と合いません";
    /// A broken rule of a published plan, in a line (the validator's UnassignedWithoutReason): {0} the rep, {1} the account.
    RuleUnassignedWithoutReason => "{1} is listed without a reason", "未訪問の {1} に理由がありません";
    /// A broken rule of a published plan, in a line (the validator's UnassignedButVisited): {0} the rep, {1} the account.
    RuleUnassignedButVisited => "{1} is listed as not visited but {0} visits it", "{1} は未訪問の一覧にありますが、{0} が訪問します";
    /// A broken rule of a published plan, in a line (the validator's ResumeOutOfRange): {0} the rep, {1} the account.
    RuleResumeOutOfRange => "{0}'s route resumes past its stops", "{0} のルートの再開位置が正しくありません";
    /// A broken rule of a published plan, in a line (the validator's AddedAccountExists): {0} the rep, {1} the account.
    RuleAddedAccountExists => "the account added as {1} has an id the region has", "追加された顧客 {1} の ID が既存の顧客と重なっています";
    /// A broken rule of a published plan, in a line (the validator's BadUnavailableRep): {0} the rep, {1} the account.
    RuleBadUnavailableRep => "{0} is listed as unable to work in error", "勤務できない担当者 {0} の記載が正しくありません";
    /// `rounds check`: a plan (file or day) that holds: what, routes, visits, due accounts unassigned.
    CheckValid => "{0}: valid: {1} routes, {2} visits, {3} due accounts unassigned with reasons",
        "{0}: 検証済み: ルート {1}本、訪問 {2}件、理由付きの未割当 {3}件";
    /// `rounds check`: a plan that does not hold: what, how many problems.
    CheckProblems => "{0}: {1} problems found", "{0}: 問題が {1}件見つかりました";
    /// `rounds check --plan-id`: the plan: id, database, kind, stored at, import, last visit id.
    CheckStored => "plan {0} in {1} ({2} stored {3}, made from import {4} with the visits recorded up to #{5}):",
        "{1} の計画 {0} ({3} に保存した{2}。取り込み {4} と記録 #{5} までの訪問から作成):";
    /// A stored plan's kind: one day's plan.
    StoredDayPlan => "day plan", "日の計画";
    /// A stored plan's kind: several days'.
    StoredWeek => "week", "複数日の計画";
    /// A stored plan's kind: a re-plan.
    StoredReplan => "re-plan", "再計画";
    /// A plan stored in the database: its id, the database.
    StoredAsPlan => "stored as plan {0} in {1}; `rounds check --db {1} --plan-id {0}` replays it",
        "{1} に計画 {0} として保存しました。`rounds check --db {1} --plan-id {0}` で再検証できます";
    /// Before the days an import breaks (`rounds db import`).
    StaleAfterImport => "published plans this import breaks (publish those days again with `rounds plan --db` or `rounds week --db`):",
        "この取り込みで成り立たなくなった公開済みの計画 (`rounds plan --db` か `rounds week --db` でその日を公開し直してください):";
    /// Before the days a plan just stored leaves wrong (`plan`, `week`, `replan` with `--db --out`).
    StaleAfterPlan => "published plans that this plan leaves wrong (publish those days again with `rounds plan --db` or `rounds week --db`):",
        "この計画で成り立たなくなった公開済みの計画 (`rounds plan --db` か `rounds week --db` でその日を公開し直してください):";
    /// After such a day in the command line's list, when it is under way.
    StaleUnderWayReplan => " (under way: re-plan it with `rounds replan --db`)", " (実施中: `rounds replan --db` で組み直してください)";
    /// A column of the region's files, on the pages that edit them: `id`.
    ColumnId => "Id", "ID";
    /// The column `name`.
    ColumnName => "Name", "名称";
    /// The column `address`.
    ColumnAddress => "Address", "住所";
    /// The column `service_min`.
    ColumnServiceMin => "Visit length (minutes)", "訪問時間 (分)";
    /// The column `windows`.
    ColumnWindows => "Opening hours", "営業時間";
    /// The column `every_days`.
    ColumnEveryDays => "Visit every (days)", "訪問間隔 (日)";
    /// The column `priority`.
    ColumnPriority => "Priority", "優先度";
    /// What `priority` takes.
    ColumnPriorityHint => "high, normal or low", "high、normal、low のいずれか";
    /// The column `preferred_days`.
    ColumnPreferredDays => "Preferred days", "希望曜日";
    /// The column `territory`.
    ColumnTerritory => "Territory", "テリトリー";
    /// What `territory` takes.
    ColumnTerritoryHint => "the rep who holds it", "担当する担当者";
    /// The column `rep`.
    ColumnRep => "Rep", "担当者";
    /// The column `from`.
    ColumnFrom => "First day", "開始日";
    /// The column `to`.
    ColumnTo => "Last day", "終了日";
    /// What `to` takes.
    ColumnToHint => "empty: the first day only", "空欄: 開始日のみ";
    /// The column `start` of an appointment.
    ColumnStart => "Start time", "開始時刻";
    /// The column `start` of an absence.
    ColumnAwayFrom => "Away from", "不在の開始時刻";
    /// What an absence's `start` takes.
    ColumnAwayFromHint => "a time; empty: all day", "時刻。空欄: 終日";
    /// The column `end` of an absence.
    ColumnAwayUntil => "Away until", "不在の終了時刻";
    /// The column `note`.
    ColumnNote => "Note", "メモ";
    /// The column `account`.
    ColumnAccount => "Account", "顧客";
    /// The column `date`.
    ColumnDate => "Date", "日付";
    /// The column `window`.
    ColumnWindow => "Time window", "時間帯";
    /// What `window` takes.
    ColumnWindowHint => "instead of a start time: 10:00-11:00", "開始時刻の代わりに: 10:00-11:00";
    /// The column `duration_min`.
    ColumnDurationMin => "Length (minutes)", "所要時間 (分)";
    /// What `duration_min` takes.
    ColumnDurationMinHint => "empty: the account's visit length", "空欄: 顧客の訪問時間";
    /// Server: the button that publishes such a day again.
    PublishAgain => "Publish this day again", "この日を公開し直す";
    /// Server: before publishing, a day before has visits not recorded: the date, how many, its plan.
    NotRecordedBeforePublish => "{0} still has {1} visits of plan {2} not recorded: a plan published now counts them as not made and plans the ones still due again. Record that day first.",
        "{0} の計画 {2} に未記録の訪問が {1} 件あります。今公開する計画はそれらを未訪問として扱い、期限内のものを再度予定に入れます。先にその日の訪問を記録してください。";
    /// Server: a day before the plan published has visits not recorded: the date, how many, its plan.
    NotRecordedYet => "{0} still has {1} visits of plan {2} not recorded: this plan counts them as not made and plans the ones still due again. Record that day, then publish again.",
        "{0} の計画 {2} に未記録の訪問が {1} 件あります。この計画はそれらを未訪問として扱い、期限内のものを再度予定に入れています。その日の訪問を記録してから、公開し直してください。";
    /// Server: the button that publishes every such day from the first to the last as one plan,
    /// so that each day is planned on the visits of the days before it.
    PublishAllAgain => "Publish these {0} days again as one plan", "これら {0} 日分をまとめて公開し直す";
    /// Server: such a day already under way: re-plan from the reps' days instead.
    StaleUnderWay => "Under way: re-plan it from each rep's day (a rep away: the team takes over).",
        "進行中の日です: 各担当者の画面から組み直してください (不在の担当者は他の担当者へ引き継ぎ)。";
    /// Server: an edit stored: the import's id.
    EditSaved => "Saved as import {0}; plans published from now on use it.", "取り込み {0} として保存しました。今後公開する計画に反映されます。";
    /// Server: the link from an account row to its page.
    EditAccount => "Edit", "編集";
    /// Server: the accounts page's title and its link.
    AccountsTitle => "Accounts", "顧客";
    /// Server: the link to the week view.
    TeamWeekLink => "The week", "週間計画";
    /// Server: the link to the adherence view.
    AdherenceLink => "Adherence", "訪問実績";
    /// Server: the week view's title: its first day.
    WeekViewTitle => "Published plans from {0}", "{0}からの公開済み計画";
    /// Server: a rep's day in the week view: visits, driving.
    VisitsAndDrive => "{0} visits, {1} driving", "訪問 {0}件、運転 {1}";
    /// Server: the adherence view's title: first day, last day.
    AdherenceViewTitle => "Adherence from {0} to {1}", "訪問実績 {0}〜{1}";
    /// Server: the last day field.
    FieldTo => "Last day", "最終日";
    /// Server: the button that shows another period.
    ShowPeriod => "Show", "表示";
    /// Server: the territories view's title and its link.
    TerritoriesTitle => "Territories", "担当エリア";
    /// Server: the working weeks field.
    FieldWeeks => "Working weeks", "稼働週数";
    /// Server: the territories' plans failed the check: the violations.
    TerritoriesFailed => "The territories' plans failed the independent check: {0}", "担当エリアの計画が独立検証に失敗しました: {0}";
}
