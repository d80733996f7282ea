//! Every error is one clean line naming what failed: control characters in
//! paths and URLs escaped, library messages folded (a caret diagram follows
//! only a syntax error in an expression the user typed), and a closed
//! standard output is an error, not a silent success.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::{data_dir, perftui};

fn failure(args: &[&str]) -> String {
    let out = perftui(args);
    assert_eq!(out.status.code(), Some(1), "{args:?}");
    assert!(out.stdout.is_empty(), "{args:?}");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn control_characters_in_paths_and_urls_are_escaped() {
    let err = failure(&["top", "a\nb\u{1b}[31mred\u{7}"]);
    assert_eq!(err, "perftui: a\\nb\\u{1b}[31mred\\u{7}: no such file\n");
    let err = failure(&["top", "http://127.0.0.1:1/x\ny"]);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("perftui: http://127.0.0.1:1/x\\ny"),
        "{err}"
    );
    assert!(!err.contains('\u{1b}'));
}

#[test]
fn library_errors_are_folded_into_one_line() {
    let err = failure(&["top", "--focus", "parse(", "pprof/cpu_before.pb.gz"]);
    assert_eq!(
        err,
        "perftui: invalid --focus regex \"parse(\": unclosed group\n"
    );
    let err = failure(&["bench", "--filter", ".name:/a(/", "bench/new.txt"]);
    let lines: Vec<&str> = err.lines().collect();
    // The summary, then the caret diagram under the expression typed.
    assert!(
        lines[0].starts_with("perftui: parsing -filter: syntax error: "),
        "{err}"
    );
    assert!(lines[1..].iter().all(|l| l.starts_with('\t')), "{err}");
    assert!(lines.len() <= 3, "{err}");
}

#[test]
fn a_closed_standard_output_is_an_error() {
    let bin = env!("CARGO_BIN_EXE_perftui");
    for cmd in ["top", "fold", "flamegraph"] {
        let run = |redirect: &str| {
            std::process::Command::new("sh")
                .arg("-c")
                .arg(format!("'{bin}' {cmd} pprof/cpu_before.pb.gz {redirect}"))
                .current_dir(data_dir())
                .output()
                .unwrap()
        };
        let closed = run(">&-");
        assert_eq!(closed.status.code(), Some(1), "{cmd} >&-");
        assert_eq!(
            String::from_utf8_lossy(&closed.stderr),
            "perftui: writing output: standard output is closed\n"
        );
        let null = run(">/dev/null");
        assert_eq!(null.status.code(), Some(0), "{cmd} >/dev/null");
    }
}

/// One line on stderr, exit `code`, containing `want`.
fn one_line(args: &[&str], code: i32, want: &str) {
    let out = perftui(args);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "{args:?}: {err}");
    assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    assert!(err.contains(want), "{args:?}: {err}");
    assert!(err.len() < 400, "{args:?}: {} bytes", err.len());
}

#[test]
fn values_are_bounded_at_parse_time() {
    let cpu = "pprof/cpu_before.pb.gz";
    one_line(
        &["open", "--snapshot", "65535x65535", cpu],
        2,
        "at most 1000x1000",
    );
    one_line(
        &["top", "--max-size", "18446744073709551615", cpu],
        2,
        "out of range (1 byte to 1T)",
    );
    one_line(
        &["open", "--watch", "--every", "99999999999999999999s", cpu],
        2,
        "too long (at most 24h)",
    );
    for seconds in ["9223372036854775807", "99999999999999999999"] {
        let url = format!("http://127.0.0.1:1/debug/pprof/profile?seconds={seconds}");
        one_line(
            &["top", &url],
            1,
            "?seconds= asks for more than 86400 (a day)",
        );
    }
    let deep = "(".repeat(100_000);
    let out = perftui(&["bench", "--filter", &deep, "bench/new.txt"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.starts_with("perftui: parsing -filter: syntax error: nested more than 64 deep\n"));
    assert!(
        err.len() < 400,
        "the diagram is shortened: {} bytes",
        err.len()
    );
    let negations = format!("--filter={}", "-".repeat(100_000));
    let out = perftui(&["bench", &negations, "bench/new.txt"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nested more than 64 deep"));
    // An unknown argument as long as that: one short line.
    one_line(
        &["bench", &"-".repeat(100_000), "bench/new.txt"],
        2,
        "unexpected argument",
    );
}

#[test]
fn a_usage_error_names_what_is_missing_on_its_one_line() {
    let out = perftui(&["bench", "--allow-missing", "bench/new.txt"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        err,
        "perftui: the following required arguments were not provided: --fail-on-regression <PCT> (perftui --help)\n"
    );
    let out = perftui(&[
        "run",
        "--baseline",
        "HEAD",
        "--no-tui",
        "--profile",
        "cpu",
        "--",
        "true",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "perftui: --profile with --no-tui needs --save DIR, where the merged profiles are kept\n"
    );
}
