//! `rounds man`: manual pages generated from the clap definitions, so they
//! never drift from `--help`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use clap_mangen::roff::{bold, roman, Roff};
use clap_mangen::Man;

/// Arguments of `rounds man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Folder to write rounds.1 and one page per subcommand into (created if missing);
    /// without it, rounds.1 goes to standard output.
    #[arg(value_name = "DIR")]
    dir: Option<PathBuf>,
}

pub fn run(args: ManArgs) -> anyhow::Result<ExitCode> {
    let pages = pages(super::command())?;
    match &args.dir {
        None => {
            let (_, main_page) = &pages[0];
            std::io::Write::write_all(&mut std::io::stdout().lock(), main_page)?;
        }
        Some(dir) => {
            let mut outputs = rounds::io::Outputs::new(&[]);
            outputs.make_folder(dir)?;
            for (name, page) in &pages {
                outputs.stage(&dir.join(name), page)?;
            }
            outputs.commit()?;
            errln!(
                "wrote {} and {} pages for its subcommands",
                dir.join(&pages[0].0).display(),
                pages.len() - 1
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Every page as (file name, roff text): the command's own page first, then
/// one per subcommand at every depth (`rounds-territories-compare.1`).
pub fn pages(cmd: clap::Command) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let mut cmd = cmd.disable_help_subcommand(true);
    cmd.build();
    let mut pages = vec![(String::new(), Vec::new())];
    let mut see_also = Vec::new();
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect(sub, &mut pages, &mut see_also)?;
    }
    let man = Man::new(cmd);
    let mut main_page = Vec::new();
    man.render_title(&mut main_page)?;
    man.render_name_section(&mut main_page)?;
    man.render_synopsis_section(&mut main_page)?;
    man.render_description_section(&mut main_page)?;
    man.render_options_section(&mut main_page)?;
    man.render_subcommands_section(&mut main_page)?;
    exit_status_and_see_also(&see_also).to_writer(&mut main_page)?;
    man.render_version_section(&mut main_page)?;
    pages[0] = (man.get_filename(), main_page);
    Ok(pages)
}

/// Renders a subcommand's page and, depth first, its own subcommands' pages;
/// records every page's name for the main page's SEE ALSO.
fn collect(
    cmd: &clap::Command,
    pages: &mut Vec<(String, Vec<u8>)>,
    see_also: &mut Vec<String>,
) -> anyhow::Result<()> {
    let man = Man::new(cmd.clone());
    let mut page = Vec::new();
    man.render(&mut page)?;
    pages.push((man.get_filename(), page));
    see_also.push(cmd.get_display_name().unwrap_or(cmd.get_name()).to_owned());
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        collect(sub, pages, see_also)?;
    }
    Ok(())
}

/// The main page's closing sections: what the exit codes mean, and the
/// subcommands' pages.
fn exit_status_and_see_also(see_also: &[String]) -> Roff {
    let mut roff = Roff::new();
    roff.control("SH", ["EXIT STATUS"]);
    for (code, meaning) in [
        ("0", "success"),
        (
            "1",
            "a plan or a check failed (the violations are printed; nothing is written), or a plan \
             cannot keep an appointment (the plan is shown and written, the appointment listed with why)",
        ),
        ("2", "bad input: a malformed file or argument, named by file, line and field; nothing is written"),
    ] {
        roff.control("TP", []).text([bold(code)]).text([roman(meaning)]);
    }
    roff.control("SH", ["SEE ALSO"]);
    let mut names = Vec::new();
    for (i, name) in see_also.iter().enumerate() {
        names.push(bold(name.as_str()));
        names.push(roman(if i + 1 < see_also.len() { "(1), " } else { "(1)" }));
    }
    roff.text(names);
    roff.control("PP", []).text([roman("The user guide: docs/README.md in the source tree.")]);
    roff
}
