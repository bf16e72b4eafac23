//! The manual pages and shell completions as a user installs them: generated
//! from the same definitions as `--help`, so every subcommand is in them.

use crate::common::{rounds, text};

/// The subcommands `rounds SUBCOMMAND... --help` lists (without `help`).
fn subcommands_of(path: &[&str]) -> Vec<String> {
    let mut args = path.to_vec();
    args.push("--help");
    let out = rounds(&args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    text(&out.stdout)
        .lines()
        .skip_while(|line| line.trim() != "Commands:")
        .skip(1)
        .take_while(|line| line.starts_with("  "))
        .filter_map(|line| line.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_owned)
        .collect()
}

/// Every command path, at any depth: `plan`, ..., `territories`, `territories compare`, ...,
/// `db user add`.
fn every_subcommand() -> Vec<Vec<String>> {
    let mut all = Vec::new();
    let mut todo: Vec<Vec<String>> = vec![Vec::new()];
    while let Some(path) = todo.pop() {
        let args: Vec<&str> = path.iter().map(String::as_str).collect();
        for name in subcommands_of(&args) {
            let mut sub = path.clone();
            sub.push(name);
            all.push(sub.clone());
            todo.push(sub);
        }
    }
    assert!(all.len() >= 12, "fewer subcommands than rounds has: {all:?}");
    all
}

#[test]
fn man_writes_a_page_per_subcommand_and_the_main_page_names_them_all() {
    let dir = tempfile::tempdir().unwrap();
    let out = rounds(&["man", dir.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let main_page = std::fs::read_to_string(dir.path().join("rounds.1")).unwrap();
    assert!(main_page.starts_with(".ie"), "roff: {}", &main_page[..80]);
    assert!(main_page.contains(".SH \"EXIT STATUS\""), "rounds.1 explains the exit codes");
    for path in every_subcommand() {
        let name = format!("rounds-{}", path.join("-"));
        let in_roff = name.replace('-', "\\-");
        assert!(main_page.contains(&in_roff), "rounds.1 does not name {name}");
        let page = std::fs::read_to_string(dir.path().join(format!("{name}.1")))
            .unwrap_or_else(|e| panic!("{name}.1: {e}"));
        assert!(page.contains(".SH SYNOPSIS"), "{name}.1 has no synopsis");
    }
    let written = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(written, every_subcommand().len() + 1, "one page per subcommand and rounds.1");

    let to_stdout = rounds(&["man"]);
    assert!(to_stdout.status.success());
    assert_eq!(text(&to_stdout.stdout), main_page, "`rounds man` prints the same rounds.1");
}

#[test]
fn plan_page_documents_its_options() {
    let dir = tempfile::tempdir().unwrap();
    assert!(rounds(&["man", dir.path().to_str().unwrap()]).status.success());
    let page = std::fs::read_to_string(dir.path().join("rounds-plan.1")).unwrap();
    for option in ["date", "lookahead", "roads", "matrix", "iterations", "geojson", "html"] {
        assert!(page.contains(&format!("\\-\\-{option}")), "rounds-plan.1 lacks --{option}");
    }
}

#[test]
fn completion_scripts_offer_every_subcommand() {
    let subcommands = every_subcommand();
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = rounds(&["completions", shell]);
        assert!(out.status.success(), "{shell}: {}", text(&out.stderr));
        let script = text(&out.stdout);
        for path in &subcommands {
            let name = path.last().unwrap();
            assert!(script.contains(name.as_str()), "{shell} completion lacks {}", path.join(" "));
        }
    }
    let bash = text(&rounds(&["completions", "bash"]).stdout);
    assert!(bash.contains("complete -F _rounds"), "bash registers the completion function");
    for path in &subcommands {
        let state = format!("rounds__subcmd__{}", path.join("__subcmd__"));
        assert!(bash.contains(&state), "bash completion has no state for {}", path.join(" "));
    }
}

#[test]
fn an_unknown_shell_is_bad_input() {
    let out = rounds(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("possible values"), "{}", text(&out.stderr));
}
