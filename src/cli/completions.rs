//! `rounds completions`: the shell completion script, generated from the clap
//! definitions.

use std::process::ExitCode;

use clap::Args;
use clap_complete::Shell;

/// Arguments of `rounds completions`.
#[derive(Debug, Args)]
#[command(after_help = "Bash: rounds completions bash > ~/.local/share/bash-completion/completions/rounds\n\
Zsh: rounds completions zsh > ~/.zfunc/_rounds (with ~/.zfunc on fpath)\n\
Fish: rounds completions fish > ~/.config/fish/completions/rounds.fish")]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_name = "SHELL")]
    shell: Shell,
}

pub fn run(args: CompletionsArgs) -> anyhow::Result<ExitCode> {
    let mut cmd = super::command();
    let name = cmd.get_name().to_owned();
    clap_complete::generate(args.shell, &mut cmd, name, &mut std::io::stdout().lock());
    Ok(ExitCode::SUCCESS)
}
