//! `rounds serve` in a real browser: Debian's chromium driven through its
//! WebDriver (chromium-driver) with fantoccini. A rep signs in on a
//! phone-sized window, marks a visit done and sees it marked, then reports
//! a customer's urgent call and sees the new order with the change
//! explained; the manager, in a second browser, sees on the team's map the
//! stop done and the urgent visit in the rep's route, then hands another
//! rep's day to the team and sees who took what, and notes a third rep's
//! absence, which the day's plan no longer holds, and is told so.
//! Screenshots of both pages (the rep's before and after the re-plan) are
//! kept in `target/browser/` (the CI artifacts; the README's pictures are
//! copies of them).
//!
//! `scripts/chromium.sh` installs chromium and chromium-driver first when
//! they are missing and we are root. Set `ROUNDS_SKIP_BROWSER=1` to skip
//! this test on a machine where they cannot be installed.

mod common;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use common::server::{DemoServer, Server, PASSWORD, TODAY};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

/// `scripts/chromium.sh`'s exit code for "skipped".
const SKIPPED: i32 = 77;
/// A small phone held upright, in CSS pixels.
const PHONE: (u32, u32) = (360, 780);
/// An office screen.
const DESK: (u32, u32) = (1280, 1000);
/// The day the demo's sample region was written for: every due account fits.
const SAMPLE_DAY: &str = "2026-11-24";
/// The smallest touch target the rep's page may offer, in CSS pixels.
const MIN_TOUCH_PX: f64 = 44.0;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rep_marks_a_visit_done_on_a_phone_and_the_manager_sees_it_on_the_map() {
    let Some(out) = chromium() else { return };

    // The demo a newcomer starts, on the day its sample was made for.
    let server = DemoServer::start(SAMPLE_DAY, &["--now", "10:30"]);
    let driver = Driver::start();

    // The rep, on a phone, in Japanese (the browser's language).
    let rep = driver.browser(PHONE, "ja").await;
    sign_in(&rep, &server.url("/login"), "r1", &server.password_of("r1")).await;
    assert!(rep.current_url().await.unwrap().path().ends_with("/rep/R1"), "the rep lands on their day");
    assert_eq!(
        rep.find(Locator::Css("html")).await.unwrap().attr("lang").await.unwrap().as_deref(),
        Some("ja")
    );
    let layout = rep
        .execute(
            "const sizes = [...document.querySelectorAll('button, a.button')]\
               .filter(b => b.offsetParent !== null).map(b => b.getBoundingClientRect().height);\
             return { scroll: document.documentElement.scrollWidth, width: window.innerWidth,\
                      smallest: Math.min(...sizes), buttons: sizes.length };",
            vec![],
        )
        .await
        .unwrap();
    assert!(layout["buttons"].as_u64().unwrap() > 10, "{layout}");
    assert!(
        layout["scroll"].as_f64() <= layout["width"].as_f64(),
        "the day scrolls sideways on a {} px phone: {layout}",
        PHONE.0
    );
    assert!(
        layout["smallest"].as_f64().unwrap() >= MIN_TOUCH_PX,
        "a touch target under {MIN_TOUCH_PX} px: {layout}"
    );

    // Skipped without a reason: the day again, the reason at the top in Japanese, the stop still to do.
    let first = rep.find(Locator::Css("li.stop.todo")).await.expect("a stop to do");
    let stop_id = first.attr("id").await.unwrap().expect("each stop has an id");
    first.find(Locator::Css("button.skip")).await.unwrap().click().await.unwrap();
    let alert =
        rep.wait().for_element(Locator::Css("p.error[role=alert]")).await.expect("the reason at the top");
    assert_eq!(alert.text().await.unwrap(), "見送りの場合は理由を入力してください");
    screenshot(&rep, &out.join("serve-rep-refused.png")).await;
    let first = rep.find(Locator::Css(&format!("li#{stop_id}.todo"))).await.expect("the stop is still to do");
    first.find(Locator::Css("button.done")).await.unwrap().click().await.unwrap();
    let marked = rep
        .wait()
        .for_element(Locator::Css(&format!("li#{stop_id}.done")))
        .await
        .expect("the stop shows as done");
    assert!(
        marked.find_all(Locator::Css("button.done")).await.unwrap().is_empty(),
        "a done stop offers no button"
    );
    screenshot(&rep, &out.join("serve-rep.png")).await;

    // A customer calls: the rep picks them from their own accounts and asks for an urgent visit.
    rep.find(Locator::Css("a[href='#replan']"))
        .await
        .expect("a jump to the re-plan buttons")
        .click()
        .await
        .unwrap();
    let urgent = rep.find(Locator::Css("select#account option")).await.expect("an account to call on");
    let urgent_account = urgent.attr("value").await.unwrap().unwrap();
    urgent.click().await.unwrap();
    rep.find(Locator::Css("form:has(select#account) button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let changes =
        rep.wait().for_element(Locator::Css("section.changes")).await.expect("the changes are explained");
    let added = changes.find(Locator::Css("li.added")).await.expect("the urgent visit is listed as added");
    let added_text = added.text().await.unwrap();
    assert!(added_text.contains(&urgent_account) && added_text.contains("緊急"), "{added_text}");
    let order: Vec<String> = serde_json::from_value(
        rep.execute("return [...document.querySelectorAll('li.stop')].map(li => li.id);", vec![])
            .await
            .unwrap(),
    )
    .unwrap();
    assert!(
        order.contains(&format!("stop-{urgent_account}")),
        "{urgent_account} is not in the new order: {order:?}"
    );
    assert_eq!(order.first(), Some(&stop_id), "the visit done stays first: {order:?}");
    let to_tomorrow = changes.find_all(Locator::Css("li.to_tomorrow")).await.unwrap().len();
    screenshot(&rep, &out.join("serve-rep-replanned.png")).await;

    // Another rep's day is refused on a page in the rep's language, with the way back to their own.
    rep.goto(&server.url("/rep/R2")).await.unwrap();
    let heading = rep.find(Locator::Css("h1")).await.unwrap().text().await.unwrap();
    assert_eq!(heading, "権限がありません");
    screenshot(&rep, &out.join("serve-rep-forbidden.png")).await;
    rep.find(Locator::Css("a.button[href='/']")).await.expect("the way back").click().await.unwrap();
    rep.wait()
        .for_element(Locator::Css(&format!("li#{stop_id}.done")))
        .await
        .expect("back on the rep's own day");

    // The manager, at a desk, in English.
    let manager = driver.browser(DESK, "en").await;
    sign_in(&manager, &server.url("/login"), "manager", &server.password_of("manager")).await;
    assert!(manager.current_url().await.unwrap().path().ends_with("/team"));
    let account = stop_id.trim_start_matches("stop-");
    let states = manager
        .execute(
            "return [...document.querySelectorAll('svg.map .stop')]\
               .map(g => [g.querySelector('title').textContent, g.getAttribute('class')]);",
            vec![],
        )
        .await
        .unwrap();
    let states: Vec<(String, String)> = serde_json::from_value(states).unwrap();
    assert!(!states.is_empty(), "no stops on the map");
    let left_out = manager.find_all(Locator::Css("svg.map .unassigned-accounts > *")).await.unwrap();
    // The sample day fits every due account; only what the urgent visit pushed out is left for tomorrow.
    assert_eq!(left_out.len(), to_tomorrow, "accounts left out on the map against the rep's changes");
    let done: Vec<_> = states.iter().filter(|(_, class)| class.split(' ').any(|c| c == "done")).collect();
    assert_eq!(done.len(), 1, "exactly the stop the rep marked is done on the map: {done:?}");
    // A stop's title reads "R1 3. ACCOUNT name ...".
    assert_eq!(done[0].0.split_whitespace().nth(2), Some(account), "the done stop is {account}: {done:?}");
    assert!(
        states.iter().any(|(title, _)| title.starts_with("R1 ")
            && title.split_whitespace().nth(2) == Some(urgent_account.as_str())),
        "the urgent visit to {urgent_account} is not on R1's route on the map"
    );
    screenshot(&manager, &out.join("serve-team.png")).await;

    // R2 is taken ill: the manager opens R2's day and hands the rest to the team.
    manager.goto(&server.url("/rep/R2")).await.unwrap();
    let stops_before = manager.find_all(Locator::Css("li.stop")).await.unwrap().len();
    manager
        .find(Locator::Css("form:has(input[value=hand_over]) button"))
        .await
        .expect("a manager's hand-over button")
        .click()
        .await
        .unwrap();
    let changes =
        manager.wait().for_element(Locator::Css("section.changes")).await.expect("the changes are explained");
    let reassigned = changes.find_all(Locator::Css("li.reassigned")).await.unwrap();
    assert!(!reassigned.is_empty(), "{}", changes.text().await.unwrap());
    let stops_after = manager.find_all(Locator::Css("li.stop")).await.unwrap().len();
    assert!(stops_after < stops_before, "R2 keeps {stops_after} of {stops_before} stops");
    screenshot(&manager, &out.join("serve-handover.png")).await;
    // R3 is off sick too, noted on the calendar: the day's plan no longer holds, and the page says so.
    manager.goto(&server.url("/team/calendar")).await.unwrap();
    for (field, value) in [("absences-rep", "R3"), ("absences-from", SAMPLE_DAY), ("absences-note", "ill")] {
        manager.find(Locator::Id(field)).await.unwrap().send_keys(value).await.unwrap();
    }
    manager
        .find(Locator::Css("form[action='/team/calendar/absences'] button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let stale =
        manager.wait().for_element(Locator::Css("section.stale")).await.expect("the broken day is listed");
    let said = stale.text().await.unwrap();
    assert!(
        said.contains(&format!("R3 is absent on {SAMPLE_DAY} (ill)")) && said.contains("Under way"),
        "{said}"
    );
    screenshot(&manager, &out.join("serve-stale.png")).await;
    // The day's visits are not all recorded: publishing tomorrow now would plan the due ones again.
    manager.goto(&server.url("/team/publish")).await.unwrap();
    let caution = manager.find(Locator::Css("p.caution")).await.expect("the caution above the forms");
    let said = caution.text().await.unwrap();
    assert!(said.contains(" visits of plan ") && said.contains(" not recorded"), "{said}");
    screenshot(&manager, &out.join("serve-publish.png")).await;
    // The rep's button list has no hand-over.
    rep.refresh().await.unwrap();
    assert!(rep.find_all(Locator::Css("input[value=hand_over]")).await.unwrap().is_empty());

    rep.close().await.unwrap();
    manager.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rep_without_signal_keeps_the_day_and_the_stops_marked_are_sent_when_it_is_back() {
    let Some(out) = chromium() else { return };
    let mut server = Server::start_at("10:30");
    let driver = Driver::start();
    let rep = driver.browser(PHONE, "ja").await;
    sign_in(&rep, &server.url("/login"), "r1", PASSWORD).await;
    // The page's script sets the service worker going, which keeps the day on the phone.
    wait_until(
        &rep,
        "return navigator.serviceWorker.controller !== null && \
           await caches.open('rounds-pages-v1')\
             .then(c => Promise.all(['/rep/R1', '/rep/R1/week', '/offline.js'].map(p => c.match(p))))\
             .then(kept => kept.every(r => r !== undefined));",
    )
    .await;
    let todo: Vec<String> = serde_json::from_value(
        rep.execute("return [...document.querySelectorAll('li.stop.todo')].map(li => li.id);", vec![])
            .await
            .unwrap(),
    )
    .unwrap();
    assert!(todo.len() >= 4, "{todo:?}");

    // No signal: the day is still there, and says so; two stops are marked.
    server.kill_now();
    rep.refresh().await.unwrap();
    let held = match rep.wait().for_element(Locator::Css("#offline p.kept")).await {
        Ok(held) => held,
        Err(e) => panic!("{e}: {}", rep.source().await.unwrap()),
    };
    assert!(held.text().await.unwrap().starts_with("圏外です。"), "{}", held.text().await.unwrap());
    // The server's today is pinned; where the phone's calendar says otherwise, the page says whose day it is.
    let phone_day: String = serde_json::from_value(
        rep.execute(
            "const d = new Date(), two = (n) => String(n).padStart(2, '0');\
             return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;",
            vec![],
        )
        .await
        .unwrap(),
    )
    .unwrap();
    let old_day = rep.find_all(Locator::Css("#offline p.old")).await.unwrap();
    assert_eq!(old_day.len(), usize::from(phone_day != TODAY), "the phone's day {phone_day}");
    if let Some(said) = old_day.first() {
        assert!(said
            .text()
            .await
            .unwrap()
            .starts_with("これは 2026年12月1日(火) の予定で、今日の予定ではありません。"));
    }
    // The week, which the rep did not open, was kept behind the day.
    rep.goto(&server.url("/rep/R1/week")).await.unwrap();
    rep.wait().for_element(Locator::Css("#offline p.kept")).await.expect("the week kept");
    assert!(!rep.find_all(Locator::Css("section.day")).await.unwrap().is_empty());
    // The server's address, which a rep bookmarks, opens the day kept too.
    rep.goto(&server.url("/")).await.unwrap();
    rep.wait().for_element(Locator::Css("#offline p.kept")).await.expect("the day kept, from the root");
    assert_eq!(rep.find_all(Locator::Css("li.stop.todo")).await.unwrap().len(), todo.len());
    mark(&rep, &todo[0], None).await;
    mark(&rep, &todo[1], Some("シャッターが閉まっていた")).await;
    let queued = rep.find(Locator::Css("#offline p.queued")).await.unwrap().text().await.unwrap();
    assert_eq!(queued, "2件をこの端末に保存しました。電波が戻ったら送信します。");
    let state = rep.find(Locator::Css(&format!("li#{}.queued .state", todo[1]))).await.unwrap();
    assert_eq!(state.text().await.unwrap(), "端末に保存済み");
    // Running late needs the server: the day kept again, saying it was not re-planned.
    rep.find(Locator::Id("minutes")).await.unwrap().send_keys("5").await.unwrap();
    rep.find(Locator::Css("form:has(#minutes) button")).await.unwrap().click().await.unwrap();
    let refused =
        rep.wait().for_element(Locator::Css("#offline p.refused")).await.expect("the re-plan refused");
    assert!(refused.text().await.unwrap().starts_with("圏外のため、予定を組み直せませんでした。"));
    rep.find(Locator::Css(&format!("li#{}.queued", todo[0]))).await.expect("the stops still kept");
    screenshot(&rep, &out.join("serve-rep-offline.png")).await;
    assert!(server.recorded().is_empty(), "nothing reached the server");

    // The signal is back: the next load sends both, and the day shows them as the server has them.
    server.restart_in_place(&["--quiet", "--now", "10:30"]);
    rep.refresh().await.unwrap();
    rep.wait().for_element(Locator::Css(&format!("li#{}.done", todo[0]))).await.expect("the first stop done");
    rep.find(Locator::Css(&format!("li#{}.skipped", todo[1]))).await.expect("the second stop skipped");
    assert!(rep.find_all(Locator::Css("#held")).await.unwrap().is_empty(), "nothing held any more");
    let account = |id: &str| id.trim_start_matches("stop-").to_string();
    let mut recorded = server.recorded();
    let mut marked = vec![
        (account(&todo[0]), "R1".to_string(), "visited".to_string()),
        (account(&todo[1]), "R1".to_string(), "skipped".to_string()),
    ];
    recorded.sort();
    marked.sort();
    assert_eq!(recorded, marked);

    // A stop marked without signal, then the signal is back and the rep, still on the page kept,
    // is running late: the stop is sent before the re-plan, which starts after it.
    server.kill_now();
    rep.refresh().await.unwrap();
    rep.wait().for_element(Locator::Css("#offline p.kept")).await.unwrap();
    mark(&rep, &todo[2], None).await;
    server.restart_in_place(&["--quiet", "--now", "10:30"]);
    rep.find(Locator::Id("minutes")).await.unwrap().send_keys("10").await.unwrap();
    rep.find(Locator::Css("form:has(#minutes) button")).await.unwrap().click().await.unwrap();
    let changes =
        rep.wait().for_element(Locator::Css("section.changes")).await.expect("the re-plan's changes");
    let changed = changes.text().await.unwrap();
    assert!(!changed.contains(&account(&todo[2])), "the re-plan did not know it done: {changed}");
    rep.find(Locator::Css(&format!("li#{}.done", todo[2]))).await.expect("sent before the re-plan");
    assert_eq!(server.recorded().len(), 3);

    // Marked without signal again, but meanwhile the manager handed R1's day to the team: the
    // stop is no longer the rep's, and the page says that it was not recorded, and why.
    server.kill_now();
    rep.refresh().await.unwrap();
    rep.wait().for_element(Locator::Css("#offline p.kept")).await.unwrap();
    mark(&rep, &todo[3], None).await;
    server.restart_in_place(&["--quiet", "--now", "10:30"]);
    let manager = server.sign_in("manager");
    let hand_over = r#"{"kind": "hand_over"}"#;
    let handed = server.post_json("/api/v1/reps/R1/replan", Some(&manager), Some(&manager.csrf), hand_over);
    assert_eq!(handed.status, 200, "{}", handed.body);
    rep.refresh().await.unwrap();
    let refused = rep.wait().for_element(Locator::Css("#offline p.refused")).await.expect("the refusal");
    let said = refused.text().await.unwrap();
    assert!(said.starts_with(&format!("{} は記録されませんでした: ", account(&todo[3]))), "{said}");
    screenshot(&rep, &out.join("serve-rep-offline-refused.png")).await;
    assert_eq!(server.recorded().len(), 3);
    rep.refresh().await.unwrap();
    assert!(rep.find_all(Locator::Css("#held")).await.unwrap().is_empty(), "a refusal is said once");
    // Signing out forgets the pages kept: the next person on the phone does not see them.
    rep.find(Locator::Css("form[action='/logout'] button")).await.unwrap().click().await.unwrap();
    rep.wait().for_element(Locator::Id("password")).await.expect("the sign-in page");
    wait_until(
        &rep,
        "return await caches.open('rounds-pages-v1').then(c => c.keys()).then(k => k.length === 0);",
    )
    .await;
    // So does signing in: r2 takes the phone while r1 is still signed in, and r1's day is gone.
    sign_in(&rep, &server.url("/login"), "r1", PASSWORD).await;
    wait_until(
        &rep,
        "return await caches.open('rounds-pages-v1').then(c => c.match('/rep/R1')) !== undefined;",
    )
    .await;
    sign_in(&rep, &server.url("/login"), "r2", PASSWORD).await;
    wait_until(
        &rep,
        "const kept = await caches.open('rounds-pages-v1');\
         return await kept.match('/rep/R2') !== undefined && await kept.match('/rep/R1') === undefined;",
    )
    .await;
    // A stop r2 marks without signal is sent only with r2's session: r1 signing in on the phone
    // sends nothing of it, and it waits on the phone until r2 is back.
    let r2_stop: String = serde_json::from_value(
        rep.execute("return document.querySelector('li.stop.todo').id;", vec![]).await.unwrap(),
    )
    .unwrap();
    server.kill_now();
    rep.refresh().await.unwrap();
    rep.wait().for_element(Locator::Css("#offline p.kept")).await.unwrap();
    mark(&rep, &r2_stop, None).await;
    server.restart_in_place(&["--quiet", "--now", "10:30"]);
    sign_in(&rep, &server.url("/login"), "r1", PASSWORD).await;
    rep.wait().for_element(Locator::Css("li.stop")).await.unwrap();
    assert!(rep.find_all(Locator::Css("#held")).await.unwrap().is_empty(), "nothing of r2's on r1's day");
    assert_eq!(server.recorded().len(), 3, "not sent with r1's session");
    sign_in(&rep, &server.url("/login"), "r2", PASSWORD).await;
    rep.wait().for_element(Locator::Css(&format!("li#{r2_stop}.done"))).await.expect("sent with r2's");
    assert_eq!(server.recorded().len(), 4);
    rep.close().await.unwrap();
}

/// Marks the stop `id` done, or skipped with `reason`, and waits for the page after it.
async fn mark(browser: &Client, id: &str, reason: Option<&str>) {
    let stop = browser.find(Locator::Css(&format!("li#{id}"))).await.unwrap();
    let button = match reason {
        Some(reason) => {
            stop.find(Locator::Css("input[name=note]")).await.unwrap().send_keys(reason).await.unwrap();
            "button.skip"
        }
        None => "button.done",
    };
    stop.find(Locator::Css(button)).await.unwrap().click().await.unwrap();
    browser
        .wait()
        .for_element(Locator::Css(&format!("li#{id}.queued")))
        .await
        .expect("the stop kept on the phone");
}

/// Waits until the script `condition` (an async function's body) returns true.
async fn wait_until(browser: &Client, condition: &str) {
    let script = format!(
        "const done = arguments[arguments.length - 1]; (async () => {{ {condition} }})().then(done, () => done(false));"
    );
    for _ in 0..200 {
        if browser.execute_async(&script, vec![]).await.unwrap() == Value::Bool(true) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("never true: {condition}");
}

/// Installs chromium and its driver where they are missing (as root), once for the tests of
/// this file, which run at the same time; the folder for screenshots, or `None` when the
/// browser tests are skipped.
fn chromium() -> Option<PathBuf> {
    static READY: OnceLock<Option<PathBuf>> = OnceLock::new();
    READY.get_or_init(install_chromium).clone()
}

fn install_chromium() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let setup = Command::new("bash").arg(root.join("scripts/chromium.sh")).output().expect("bash runs");
    if setup.status.code() == Some(SKIPPED) {
        eprintln!("{}", String::from_utf8_lossy(&setup.stderr));
        return None;
    }
    assert!(setup.status.success(), "chromium setup failed:\n{}", String::from_utf8_lossy(&setup.stderr));
    let out = root.join("target/browser");
    std::fs::create_dir_all(&out).unwrap();
    Some(out)
}

/// Signs `name` in through the form at `login`, as a person would, and waits for their page.
async fn sign_in(browser: &Client, login: &str, name: &str, password: &str) {
    browser.goto(login).await.unwrap();
    browser.find(Locator::Id("name")).await.unwrap().send_keys(name).await.unwrap();
    browser.find(Locator::Id("password")).await.unwrap().send_keys(password).await.unwrap();
    browser
        .find(Locator::Css("form[action='/login'] button[type=submit]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    for _ in 0..200 {
        if !browser.current_url().await.unwrap().path().starts_with("/login") {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{name} is still on the sign-in page");
}

/// Saves what the browser shows from the top of the page.
async fn screenshot(browser: &Client, path: &Path) {
    browser.execute("window.scrollTo(0, 0);", vec![]).await.unwrap();
    let png = browser.screenshot().await.unwrap();
    std::fs::write(path, png).unwrap();
}

/// chromium-driver on a free loopback port; killed when dropped.
struct Driver {
    child: Child,
    url: String,
    profiles: tempfile::TempDir,
}

impl Driver {
    fn start() -> Driver {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new("/usr/bin/chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let url = format!("http://127.0.0.1:{port}");
        let driver = Driver { child, url, profiles: tempfile::tempdir().unwrap() };
        driver.wait_until_listening(port);
        driver
    }

    fn wait_until_listening(&self, port: u16) {
        for _ in 0..200 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("chromedriver did not listen on port {port}");
    }

    /// A fresh headless browser with a window of `size` whose language is `lang`.
    async fn browser(&self, size: (u32, u32), lang: &str) -> Client {
        let profile: PathBuf = tempfile::tempdir_in(self.profiles.path()).unwrap().keep();
        let options = json!({
            "binary": "/usr/bin/chromium",
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--hide-scrollbars", format!("--lang={lang}"),
                format!("--window-size={},{}", size.0, size.1),
                format!("--user-data-dir={}", profile.display()),
            ],
            "prefs": { "intl.accept_languages": lang },
        });
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("goog:chromeOptions".into(), options);
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client =
            ClientBuilder::new(connector).capabilities(capabilities).connect(&self.url).await.unwrap();
        // --window-size sets the outer window; make the page itself the size asked for.
        let inner: Value =
            client.execute("return [window.innerWidth, window.innerHeight];", vec![]).await.unwrap();
        let (w, h) = (inner[0].as_u64().unwrap() as u32, inner[1].as_u64().unwrap() as u32);
        if (w, h) != size {
            let (outer_w, outer_h) = client.get_window_size().await.unwrap();
            client.set_window_size(outer_w as u32 + size.0 - w, outer_h as u32 + size.1 - h).await.unwrap();
        }
        client
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
