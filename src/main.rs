//! The `perftui` binary: parse the command line and dispatch.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let _ = color_eyre::install();
    let cli = perftui::cli::Cli::parse();
    match perftui::commands::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("perftui: {e}");
            ExitCode::from(1)
        }
    }
}
