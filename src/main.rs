//! The `perftui` binary: parse the command line and dispatch.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let _ = color_eyre::install();
    let cli = match perftui::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(&e),
    };
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

/// `--help` and `--version` as clap prints them; a usage error as one line
/// (controls escaped, an endless argument shortened), exit 2.
fn usage_error(e: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = e.print();
        return ExitCode::SUCCESS;
    }
    let text = e.render().to_string();
    // The first paragraph: some errors list what they name on indented
    // lines under it (a missing argument's `--save <DIR>`).
    let first: Vec<&str> = text
        .lines()
        .take_while(|l| !l.trim().is_empty())
        .map(str::trim)
        .collect();
    let first = if first.is_empty() {
        "invalid arguments".to_string()
    } else {
        first.join(" ")
    };
    let first = first.strip_prefix("error: ").unwrap_or(&first);
    let line = perftui::error::escape_controls(first);
    let chars: Vec<char> = line.chars().collect();
    let line = if chars.len() > 300 {
        let head: String = chars[..150].iter().collect();
        let tail: String = chars[chars.len() - 100..].iter().collect();
        format!("{head}…{tail}")
    } else {
        line
    };
    eprintln!("perftui: {line} (perftui --help)");
    ExitCode::from(2)
}
