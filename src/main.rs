//! The `perftui` binary: parse the command line and dispatch.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let _ = color_eyre::install();
    let cli = perftui::cli::Cli::parse();
    match perftui::commands::run(cli) {
        Ok(code) => code,
        Err(e) => {
            let lines = perftui::error::message_lines(&e.to_string());
            for (i, line) in lines.iter().enumerate() {
                if i == 0 {
                    eprintln!("perftui: {line}");
                } else {
                    eprintln!("{line}");
                }
            }
            ExitCode::from(1)
        }
    }
}
