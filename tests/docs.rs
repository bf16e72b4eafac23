//! Every shell example of README.md and docs/*.md, run as a reader would run
//! it, so the documentation cannot drift from what `rounds` does.
//!
//! How a page marks its examples (docs/README.md tells writers the same):
//!
//! - A fenced block tagged `sh` is checked. Each line starting with `rounds `
//!   or `cargo run --release -- ` (the same binary) runs, in the order of the
//!   page, in one scratch folder per page that holds a copy of `fixtures/`, so
//!   a later block may read what an earlier one wrote. A line ending in `\`
//!   goes on on the next line. Lines starting with `cargo ` (`cargo test`,
//!   `cargo bench`, ...) and `#` comments are shown, not run; any other line
//!   fails the test, so a mistyped command cannot pass unnoticed.
//! - Commands run in English whatever the locale (`LANG=C`); a page shows
//!   Japanese with `--lang ja`.
//! - A command must exit with 0, or with N when its line ends in `# exit N`.
//!   `> FILE` at the end of a command sends its standard output to FILE.
//! - A block tagged `output` right after an `sh` block (the next fenced block;
//!   prose may come between) is what that block's commands print: standard
//!   output and standard error together, as a terminal shows them. A line
//!   `...` stands for lines left out; without one at its start (end), the
//!   block shows the output's first (last) lines. Durations with decimals
//!   (`0.32 s`) vary from run to run and are not compared.
//! - A block tagged `sh no-run` is shown but not run: the few examples that
//!   take minutes or need data outside the repository. Its commands must
//!   still name a real subcommand.
//! - A block tagged `json FILE` after an `sh` block shows the file FILE as
//!   the page's commands up to there wrote it: its JSON tokens (strings,
//!   numbers, words and punctuation; layout free), a `...` standing for
//!   tokens left out, as `...` lines do in an output block.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// One command of an `sh` block.
#[derive(Debug)]
struct Example {
    /// Where the page shows it, for messages.
    line: usize,
    /// The arguments after `rounds`.
    args: Vec<String>,
    /// Where `> FILE` sends standard output.
    stdout_to: Option<String>,
    /// The exit code the page promises.
    exit: i32,
}

/// A fenced `sh` block, its commands and the output shown after it.
#[derive(Debug)]
struct Block {
    line: usize,
    run: bool,
    examples: Vec<Example>,
    output: Option<(usize, String)>,
    /// The `json FILE` and `csv FILE` blocks after it: their line, FILE and what they show.
    files: Vec<(usize, String, String)>,
}

/// The `sh` blocks of a page, with their `output` blocks.
fn blocks(page: &str) -> Result<Vec<Block>, String> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut last_fence_was_sh = false;
    let mut lines = page.lines().enumerate().map(|(i, l)| (i + 1, l));
    while let Some((number, line)) = lines.next() {
        let Some(info) = line.trim_start().strip_prefix("```") else { continue };
        let indent = line.len() - line.trim_start().len();
        let mut body = Vec::new();
        for (n, l) in lines.by_ref() {
            if l.trim_start().starts_with("```") {
                break;
            }
            body.push((n, l.get(indent..).unwrap_or(l.trim_start())));
        }
        let body_text = || body.iter().map(|(_, l)| *l).collect::<Vec<&str>>().join("\n");
        let mut tags = info.split_whitespace();
        match tags.next() {
            Some("sh") => {
                let run = match tags.next() {
                    None => true,
                    Some("no-run") => false,
                    Some(other) => {
                        return Err(format!("line {number}: unknown tag `{other}` on an sh block"))
                    }
                };
                blocks.push(Block {
                    line: number,
                    run,
                    examples: examples(&body)?,
                    output: None,
                    files: Vec::new(),
                });
                last_fence_was_sh = true;
                continue;
            }
            Some("output") => {
                let block = blocks.last_mut().filter(|_| last_fence_was_sh).ok_or_else(|| {
                    format!("line {number}: an output block must follow the sh block it shows")
                })?;
                block.output = Some((number, body_text()));
            }
            Some(kind @ ("json" | "csv")) => {
                if let Some(file) = tags.next() {
                    let block = blocks.last_mut().filter(|b| b.run).ok_or_else(|| {
                        format!(
                            "line {number}: a {kind} block showing {file} must follow an sh block that runs"
                        )
                    })?;
                    block.files.push((number, file.to_owned(), body_text()));
                }
            }
            _ => {}
        }
        last_fence_was_sh = false;
    }
    Ok(blocks)
}

/// The commands of an `sh` block's lines.
fn examples(body: &[(usize, &str)]) -> Result<Vec<Example>, String> {
    let mut examples = Vec::new();
    let mut pending: Option<(usize, String)> = None;
    for &(number, line) in body {
        let (start, text) = match pending.take() {
            Some((start, so_far)) => (start, so_far + " " + line.trim()),
            None => (number, line.trim().to_owned()),
        };
        if let Some(head) = text.strip_suffix('\\') {
            pending = Some((start, head.trim_end().to_owned()));
            continue;
        }
        if text.is_empty() || text.starts_with('#') {
            continue;
        }
        let rest = match text.strip_prefix("cargo run --release -- ").or_else(|| text.strip_prefix("rounds "))
        {
            Some(rest) => rest,
            None if text.starts_with("cargo ") => continue,
            None => return Err(format!("line {start}: `{text}` is neither a rounds nor a cargo command")),
        };
        let (command, exit) = match rest.split_once("# exit ") {
            Some((command, code)) => {
                let code = code.trim().parse().map_err(|_| format!("line {start}: bad `# exit {code}`"))?;
                (command, code)
            }
            None => (rest, 0),
        };
        let mut args = words(command).map_err(|e| format!("line {start}: {e}"))?;
        let stdout_to = match args.iter().position(|a| a == ">") {
            Some(at) if at + 2 == args.len() => {
                let file = args.pop();
                args.pop();
                file
            }
            Some(_) => return Err(format!("line {start}: `>` must be followed by one file, at the end")),
            None => None,
        };
        examples.push(Example { line: start, args, stdout_to, exit });
    }
    if let Some((start, _)) = pending {
        return Err(format!("line {start}: the command's last line ends in `\\`"));
    }
    Ok(examples)
}

/// Splits a command line into words as a shell would, for the quoting the
/// pages use: whitespace, and '...' or "..." around words with spaces.
fn words(line: &str) -> Result<Vec<String>, String> {
    let mut words = Vec::new();
    let mut word: Option<String> = None;
    let mut quote = None;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.get_or_insert_with(String::new).push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                word.get_or_insert_with(String::new);
            }
            (None, c) if c.is_whitespace() => words.extend(word.take()),
            (None, '|' | '<' | ';' | '&' | '$' | '`') => {
                return Err(format!("`{c}` needs a shell; the examples run without one"))
            }
            (None, c) => word.get_or_insert_with(String::new).push(c),
        }
    }
    if quote.is_some() {
        return Err("unclosed quote".into());
    }
    words.extend(word);
    Ok(words)
}

/// `0.32 s` or `0.32秒 ` (a duration with decimals) becomes `<secs> s` or
/// `<secs>秒 `: it varies.
fn mask_durations(line: &str) -> String {
    let bytes = line.as_bytes();
    let mut masked = String::with_capacity(line.len());
    let mut i = 0;
    while i < bytes.len() {
        let starts_number = bytes[i].is_ascii_digit() && (i == 0 || !bytes[i - 1].is_ascii_alphanumeric());
        if starts_number {
            let mut end = i;
            while end < bytes.len() && bytes[end].is_ascii_digit() {
                end += 1;
            }
            let mut after_point = end + 1;
            while after_point < bytes.len() && bytes[after_point].is_ascii_digit() {
                after_point += 1;
            }
            let decimals = end < bytes.len() && bytes[end] == b'.' && after_point > end + 1;
            // Only past `.` and digits is `after_point` sure to fall between
            // characters (a digit may be followed by `年`).
            let unit = decimals && {
                let rest = &line[after_point..];
                rest.strip_prefix(" s").is_some_and(|r| !r.starts_with(|c: char| c.is_alphanumeric()))
                    || rest.starts_with("秒 ")
            };
            if unit {
                masked.push_str("<secs>");
                i = after_point;
                continue;
            }
            masked.push_str(&line[i..end]);
            i = end;
            continue;
        }
        let c = line[i..].chars().next().expect("in bounds");
        masked.push(c);
        i += c.len_utf8();
    }
    masked
}

/// Whether `actual` is what `shown` shows (see the module docs): the pieces
/// between `...` lines appear in order, each as consecutive lines.
fn shows(shown: &str, actual: &str) -> Result<(), String> {
    let prepare =
        |text: &str| -> Vec<String> { text.lines().map(|l| mask_durations(l.trim_end())).collect() };
    in_order(&prepare(shown), &prepare(actual), ("\n", "the output"))
}

/// Whether the pieces of `shown` between `...` items appear in `actual` in
/// order, each as consecutive items, the first at the start and the last at
/// the end (unless `...` comes before or after them); messages call
/// `actual` `what` and separate its items by `join`.
fn in_order(shown: &[String], actual: &[String], (join, what): (&str, &str)) -> Result<(), String> {
    let pieces: Vec<&[String]> = shown.split(|l| l.trim() == "...").collect();
    let last = pieces.len() - 1;
    let mut from = 0;
    for (i, piece) in pieces.iter().enumerate() {
        if piece.is_empty() {
            continue;
        }
        let fits = |at: usize| actual.get(at..at + piece.len()) == Some(piece);
        let found = if i == 0 {
            fits(0).then_some(0)
        } else if i == last {
            let at = actual.len().checked_sub(piece.len()).filter(|&at| at >= from);
            at.filter(|&at| fits(at))
        } else {
            (from..actual.len()).find(|&at| fits(at))
        };
        let Some(at) = found else {
            let place = match (i == 0, i == last) {
                (true, true) => format!("as the whole of {what}"),
                (true, false) => format!("at the start of {what}"),
                (false, true) => format!("at the end of {what}"),
                (false, false) => "in order".to_owned(),
            };
            return Err(format!(
                "these are not {place}:\n{}\n--- {what} was:\n{}",
                piece.join(join),
                actual.join(join)
            ));
        };
        from = at + piece.len();
    }
    Ok(())
}

/// The JSON tokens of `text`: strings (quotes and escapes kept), runs of
/// number and word characters, and each of `{}[]:,`; `...` outside a string
/// is a token of its own, the elision of [`in_order`].
fn json_tokens(text: &str) -> Result<Vec<String>, String> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            c if c.is_whitespace() => {}
            '{' | '}' | '[' | ']' | ':' | ',' => tokens.push(c.to_string()),
            '"' => {
                let mut token = String::from('"');
                loop {
                    let (_, c) =
                        chars.next().ok_or_else(|| format!("a string at byte {at} is not closed"))?;
                    token.push(c);
                    match c {
                        '\\' => token.extend(chars.next().map(|(_, c)| c)),
                        '"' => break,
                        _ => {}
                    }
                }
                tokens.push(token);
            }
            '.' if text[at..].starts_with("...") => {
                chars.next();
                chars.next();
                tokens.push("...".into());
            }
            c if c.is_alphanumeric() || "+-.".contains(c) => {
                let mut token = c.to_string();
                while let Some(&(_, c)) =
                    chars.peek().filter(|(_, c)| c.is_alphanumeric() || "+-.".contains(*c))
                {
                    token.push(c);
                    chars.next();
                }
                tokens.push(token);
            }
            c => return Err(format!("`{c}` at byte {at} is not JSON")),
        }
    }
    Ok(tokens)
}

/// Whether the file `file` in `dir` is what a `json FILE` block shows.
fn shows_file(shown: &str, dir: &Path, file: &str) -> Result<(), String> {
    let actual = std::fs::read_to_string(dir.join(file)).map_err(|e| format!("{file}: {e}"))?;
    if file.ends_with(".csv") {
        // Line by line, as a spreadsheet reads it: past its byte-order mark, CRLF or LF.
        let lines = |text: &str| -> Vec<String> { text.lines().map(str::to_owned).collect() };
        return in_order(&lines(shown), &lines(actual.trim_start_matches('\u{feff}')), ("\n", file));
    }
    in_order(&json_tokens(shown)?, &json_tokens(&actual)?, (" ", file))
}

/// Runs one command in `dir`; returns what it printed (stdout and stderr
/// interleaved) or why it is not what the page promises.
fn run(example: &Example, dir: &Path) -> Result<String, String> {
    let mut printed = tempfile::tempfile().map_err(|e| e.to_string())?;
    let stdout = match &example.stdout_to {
        Some(file) => File::create(dir.join(file)).map_err(|e| format!("{file}: {e}"))?,
        None => printed.try_clone().map_err(|e| e.to_string())?,
    };
    let status = Command::new(env!("CARGO_BIN_EXE_rounds"))
        .args(&example.args)
        .current_dir(dir)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C")
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(printed.try_clone().map_err(|e| e.to_string())?)
        .status()
        .map_err(|e| e.to_string())?;
    let mut text = String::new();
    std::io::Seek::rewind(&mut printed).map_err(|e| e.to_string())?;
    std::io::Read::read_to_string(&mut printed, &mut text).map_err(|e| e.to_string())?;
    if status.code() != Some(example.exit) {
        return Err(format!(
            "line {}: `rounds {}` exited with {status}, the page says {}; it printed:\n{text}",
            example.line,
            example.args.join(" "),
            example.exit
        ));
    }
    Ok(text)
}

/// Copies `from` into `to`, folders and all.
fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &to.join(entry.file_name()))?;
        } else {
            std::fs::copy(entry.path(), to.join(entry.file_name()))?;
        }
    }
    Ok(())
}

/// Runs every example of one page; returns how many ran, or every failure.
fn check_page(page: &Path) -> Result<usize, Vec<String>> {
    let text = std::fs::read_to_string(page).map_err(|e| vec![e.to_string()])?;
    let blocks = blocks(&text).map_err(|e| vec![e])?;
    let dir = tempfile::tempdir().map_err(|e| vec![e.to_string()])?;
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    copy_tree(&fixtures, &dir.path().join("fixtures")).map_err(|e| vec![e.to_string()])?;
    let mut failures = Vec::new();
    let mut ran = 0;
    for block in &blocks {
        if !block.run {
            for example in &block.examples {
                let sub = example.args.first().map(String::as_str).unwrap_or_default();
                let help = Example {
                    line: example.line,
                    args: vec![sub.into(), "--help".into()],
                    stdout_to: None,
                    exit: 0,
                };
                if let Err(e) = run(&help, dir.path()) {
                    failures.push(format!("not run, and not a subcommand: {e}"));
                }
            }
            continue;
        }
        let mut printed = String::new();
        let mut failed = false;
        for example in &block.examples {
            ran += 1;
            match run(example, dir.path()) {
                Ok(text) => printed.push_str(&text),
                Err(e) => {
                    failures.push(e);
                    failed = true;
                    break;
                }
            }
        }
        if let (false, Some((line, shown))) = (failed, &block.output) {
            if let Err(e) = shows(shown, &printed) {
                failures
                    .push(format!("line {line}: the output shown for the block of line {}: {e}", block.line));
            }
        }
        if !failed {
            for (line, file, shown) in &block.files {
                if let Err(e) = shows_file(shown, dir.path(), file) {
                    failures.push(format!("line {line}: the {file} shown: {e}"));
                }
            }
        }
    }
    if failures.is_empty() {
        Ok(ran)
    } else {
        Err(failures)
    }
}

/// README.md and every page of the guide.
fn pages() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut pages: Vec<PathBuf> = std::fs::read_dir(root.join("docs"))
        .expect("docs/ is there")
        .map(|e| e.expect("readable").path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    pages.sort();
    pages.insert(0, root.join("README.md"));
    pages
}

#[test]
fn every_example_of_the_readme_and_the_guide_does_what_the_page_says() {
    // One page after the other: run side by side on a shared machine, the
    // searches of the larger examples could reach their time limit and end
    // with another plan than the page shows.
    let mut report = Vec::new();
    let mut ran = 0;
    for page in pages() {
        match check_page(&page) {
            Ok(n) => ran += n,
            Err(failures) => {
                for failure in &failures {
                    report.push(format!("{}: {failure}", page.display()));
                }
            }
        }
    }
    assert!(report.is_empty(), "{}", report.join("\n\n"));
    assert!(ran >= 30, "only {ran} examples ran: are the sh blocks still tagged `sh`?");
}

#[test]
fn the_readme_checks_its_first_command() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let first = &blocks(&readme).unwrap()[0];
    assert!(first.run && first.output.is_some(), "the README's first block runs and shows its output");
    assert_eq!(
        first.examples[0].args,
        ["plan", "fixtures/regions/helsinki-city", "--date", "2026-11-24"],
        "the README's first command"
    );
}

#[test]
fn output_blocks_match_in_order_with_elided_lines() {
    let actual = "a\nb\nc\nsolved in 0.32 s (7900 iterations)\n";
    assert!(shows("a\nb\nc\nsolved in 9.99 s (7900 iterations)", actual).is_ok());
    assert!(shows("a\n...\nsolved in 0.10 s (7900 iterations)", actual).is_ok());
    assert!(shows("...\nb\n...", actual).is_ok());
    assert!(shows("b\n...", actual).is_err(), "the first line shown is the first printed");
    assert!(shows("...\nc", actual).is_err(), "the last line shown is the last printed");
    assert!(shows("a\nc\n...", actual).is_err(), "lines without ... between are consecutive");
    assert!(shows("...\nsolved in 0.32 s (7901 iterations)", actual).is_err());
}

#[test]
fn a_json_block_shows_a_file_token_by_token_with_elisions() {
    let file = "{\n  \"rep\": \"R1\",\n  \"stops\": [\n    {\"a\": 1.5}, {\"b\": \"x \\\" ...\"}\n  ],\n  \"ok\": true\n}\n";
    let actual = json_tokens(file).unwrap();
    assert_eq!(actual[..4], ["{", "\"rep\"", ":", "\"R1\""]);
    assert!(actual.contains(&"\"x \\\" ...\"".to_owned()), "a string keeps its escapes and dots: {actual:?}");
    let shows = |shown: &str| in_order(&json_tokens(shown).unwrap(), &actual, (" ", "the file"));
    assert!(shows(file).is_ok());
    assert!(shows("{\"rep\": \"R1\", \"stops\": [{\"a\": 1.5}, ...], \"ok\": true}").is_ok());
    assert!(shows("{\"rep\": \"R1\", ...}").is_ok());
    assert!(shows("{\"rep\": \"R2\", ...}").is_err(), "a value differs");
    assert!(shows("{\"rep\": \"R1\", \"ok\": true}").is_err(), "tokens left out without `...`");
    assert!(json_tokens("{\"open").is_err());
}

#[test]
fn durations_with_decimals_are_masked_and_nothing_else() {
    assert_eq!(mask_durations("in 0.32 s (7900 iterations)"), "in <secs> s (7900 iterations)");
    assert_eq!(mask_durations("cost 3200 (travel 3200 s), 0.03 s,"), "cost 3200 (travel 3200 s), <secs> s,");
    assert_eq!(mask_durations("1.55 !  0.71  5 %  R1 1.0 seconds"), "1.55 !  0.71  5 %  R1 1.0 seconds");
    // A digit followed by a character of several bytes (a regression: this panicked).
    assert_eq!(mask_durations("2026年12月1日(火): 0.32 s"), "2026年12月1日(火): <secs> s");
    assert_eq!(mask_durations("計算時間 0.32秒 (600回の探索"), "計算時間 <secs>秒 (600回の探索");
}

#[test]
fn commands_are_read_as_a_shell_would_and_others_refused() {
    let body = [
        (1, "# a comment"),
        (2, "rounds plan REGION --date 2026-11-24 \\"),
        (3, "    --out 'my plan.json'"),
        (4, "cargo test"),
        (5, "cargo run --release -- solve x.json --format vroom  # exit 2"),
        (6, "rounds completions bash > rounds.bash"),
    ];
    let read = examples(&body).unwrap();
    assert_eq!(read.len(), 3);
    assert_eq!(read[0].args, ["plan", "REGION", "--date", "2026-11-24", "--out", "my plan.json"]);
    assert_eq!((read[1].line, read[1].exit), (5, 2));
    assert_eq!(read[2].stdout_to.as_deref(), Some("rounds.bash"));
    assert!(examples(&[(1, "round plan x")]).is_err(), "a mistyped command is not skipped");
    assert!(examples(&[(1, "rounds plan x | head")]).is_err(), "pipes need a shell");
}

#[test]
fn an_output_block_belongs_to_the_sh_block_before_it() {
    let page = "text\n```sh\nrounds plan x\n```\nprose between\n```output\nline 1\n...\n```\n\
                ```sh no-run\nrounds generate big\n```\n```json\n{}\n```\n";
    let read = blocks(page).unwrap();
    assert_eq!(read.len(), 2);
    assert!(read[0].run);
    assert_eq!(read[0].output, Some((6, "line 1\n...".to_owned())));
    assert!(!read[1].run && read[1].output.is_none());
    assert!(blocks("```json\n{}\n```\n```output\nx\n```\n").is_err(), "output after a json block");
    assert!(blocks("```sh slow\nrounds plan x\n```\n").is_err(), "unknown tags are refused");
    let read = blocks("```sh\nrounds plan x --out p.json\n```\n```json p.json\n{}\n```\n").unwrap();
    assert_eq!(read[0].files, [(4, "p.json".to_owned(), "{}".to_owned())]);
    assert!(blocks("```json p.json\n{}\n```\n").is_err(), "a file shown before any command");
    let read =
        blocks("```sh\nrounds plan x --csv d.csv\n```\n```csv d.csv\na,b\n```\n```csv\nc\n```\n").unwrap();
    assert_eq!(
        read[0].files,
        [(4, "d.csv".to_owned(), "a,b".to_owned())],
        "a csv block without a file is prose"
    );
}
