//! pprof's label reports and filters: `perftui tags`, `perftui traces` and
//! `--tagfocus`/`--tagignore`/`--tagshow`/`--taghide` print exactly what
//! Go 1.19.8's `go tool pprof` printed for the same file and options (the
//! references and their commands: tests/data/reference/COMMANDS.md). The
//! labelled profiles are real, made by tests/data/src/labels.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common::{perftui, reference};

/// (perftui arguments, reference file, what pprof wrote on stderr)
const CASES: &[(&[&str], &str, &str)] = &[
    (
        &["tags", "pprof/cpu_labels.pb.gz"],
        "cpu_labels.tags.txt",
        "",
    ),
    (
        &["tags", "pprof/heap_labels.pb.gz"],
        "heap_labels.tags.txt",
        "",
    ),
    (
        &["tags", "pprof/goroutine_labels.pb.gz"],
        "goroutine_labels.tags.txt",
        "",
    ),
    (
        &["tags", "pprof/cpu_before.pb.gz"],
        "cpu_before.tags.txt",
        "",
    ),
    (&["tags", "pprof/heap.pb.gz"], "heap.tags.txt", ""),
    (&["tags", "pprof/allocs.pb.gz"], "allocs.tags.txt", ""),
    (&["tags", "pprof/goroutine.pb.gz"], "goroutine.tags.txt", ""),
    (
        &["traces", "pprof/cpu_labels.pb.gz"],
        "cpu_labels.traces.txt",
        "",
    ),
    (
        &["traces", "pprof/heap_labels.pb.gz"],
        "heap_labels.traces.txt",
        "",
    ),
    (
        &["traces", "pprof/goroutine_labels.pb.gz"],
        "goroutine_labels.traces.txt",
        "",
    ),
    (
        &["traces", "pprof/cpu_before.pb.gz"],
        "cpu_before.traces.txt",
        "",
    ),
    (&["traces", "pprof/heap.pb.gz"], "heap.traces.txt", ""),
    (
        &["traces", "pprof/goroutine.pb.gz"],
        "goroutine.traces.txt",
        "",
    ),
    (
        &[
            "tags",
            "--tagfocus=worker=pool-a",
            "--taghide=worker",
            "pprof/cpu_labels.pb.gz",
        ],
        "cpu_labels.tags.tagfocus=worker=pool-a,taghide=worker.txt",
        "",
    ),
    (
        &["tags", "--tagshow=route", "pprof/cpu_labels.pb.gz"],
        "cpu_labels.tags.tagshow=route.txt",
        "",
    ),
    (
        &["tags", "--tagfocus=1mb:", "pprof/heap_labels.pb.gz"],
        "heap_labels.tags.tagfocus=1mb:.txt",
        "tagfocus:Interpreted '1mb:' as range, not regexp",
    ),
    (
        &[
            "top",
            "-n",
            "20",
            "--tagfocus=route=/api/orders",
            "pprof/cpu_labels.pb.gz",
        ],
        "cpu_labels.top.tagfocus=route=orders.txt",
        "",
    ),
    (
        &[
            "top",
            "-n",
            "20",
            "--tagignore=tenant=acme",
            "pprof/cpu_labels.pb.gz",
        ],
        "cpu_labels.top.tagignore=tenant=acme.txt",
        "",
    ),
    // Without a key, a regex matches `key:value`.
    (
        &[
            "top",
            "-n",
            "20",
            "--tagfocus=pool-b",
            "pprof/cpu_labels.pb.gz",
        ],
        "cpu_labels.top.tagfocus=pool-b.txt",
        "",
    ),
    (
        &[
            "top",
            "-n",
            "20",
            "--tagfocus=bytes=1kb:16kb",
            "pprof/heap_labels.pb.gz",
        ],
        "heap_labels.top.tagfocus=bytes=1kb:16kb.txt",
        "tagfocus:Interpreted '1kb:16kb' as range, not regexp",
    ),
    (
        &[
            "top",
            "-n",
            "20",
            "--tagignore=:1kb",
            "pprof/heap_labels.pb.gz",
        ],
        "heap_labels.top.tagignore=:1kb.txt",
        "tagignore:Interpreted ':1kb' as range, not regexp",
    ),
    (
        &[
            "top",
            "-n",
            "20",
            "--tagfocus=route=nomatch",
            "pprof/cpu_labels.pb.gz",
        ],
        "cpu_labels.top.tagfocus=nomatch.txt",
        "tagfocus expression matched no samples",
    ),
];

#[test]
fn label_reports_and_filters_equal_pprof() {
    let mut failures = Vec::new();
    for (args, want, note) in CASES {
        let out = perftui(args);
        assert!(out.status.success(), "perftui {args:?}: {out:?}");
        let got = String::from_utf8(out.stdout).unwrap();
        let want_text = reference(want);
        if got != want_text {
            failures.push(format!(
                "perftui {}\n--- want ({want})\n{want_text}--- got\n{got}",
                args.join(" ")
            ));
        }
        let err = String::from_utf8(out.stderr).unwrap();
        let want_err = if note.is_empty() {
            String::new()
        } else {
            format!("perftui: {note}\n")
        };
        assert_eq!(err, want_err, "perftui {args:?}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_bad_tag_regex_is_one_line_naming_the_option() {
    let out = perftui(&["tags", "--tagfocus=route=(", "pprof/cpu_labels.pb.gz"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "perftui: parsing tagfocus regexp: unclosed group\n"
    );
}
