//! The build's boundaries: the model, readers, statistics and text reports
//! import nothing from the terminal or the command line, so that they can
//! be reused and tested alone. A file that gains such an import fails here.

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let p = e.unwrap_or_else(|e| panic!("{e}")).path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn the_model_readers_statistics_and_reports_use_no_terminal_or_cli_crate() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    for dir in ["profile", "formats", "bench", "report", "run", "fleet"] {
        rust_files(&src.join(dir), &mut files);
    }
    assert!(files.len() > 30, "found only {} files", files.len());
    let mut offenders = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        for (i, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for name in ["ratatui", "crossterm", "clap"] {
                if code.contains(&format!("{name}::")) || code.contains(&format!("use {name}")) {
                    offenders.push(format!("{}:{}: {}", f.display(), i + 1, line.trim()));
                }
            }
            // The library's own terminal side is off limits too.
            for m in ["crate::ui", "crate::tui", "crate::explorer", "crate::cli"] {
                if code.contains(m) {
                    offenders.push(format!("{}:{}: {}", f.display(), i + 1, line.trim()));
                }
            }
        }
    }
    assert!(offenders.is_empty(), "{}", offenders.join("\n"));
}

#[test]
fn the_check_finds_an_import() {
    // The scan above must be able to fail: the same scan over the drawing
    // code finds ratatui.
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui/mod.rs");
    let text = std::fs::read_to_string(ui).unwrap_or_else(|e| panic!("{e}"));
    assert!(text.lines().any(|l| l.contains("use ratatui::")));
}
