//! Hostile inputs: very deep stacks load without a stack overflow (in a
//! test thread's small stack, unoptimised), and huge claims in tiny files
//! are refused before anything is allocated for them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use perftui::explorer::App;
use perftui::profile::frames::Granularity;

fn deep_folded(depth: usize) -> String {
    let stack: Vec<String> = (0..depth).map(|i| format!("f{i}")).collect();
    format!(
        "{} 10\n{};g 5\n",
        stack.join(";"),
        stack[..depth / 2].join(";")
    )
}

#[test]
fn a_100k_frame_stack_loads_analyses_and_draws() {
    let text = deep_folded(100_000);
    let profile = perftui::formats::read_profile(text.as_bytes()).unwrap();
    let (mut app, _) = App::new(profile, "deep".into(), None, Granularity::Functions).unwrap();
    let s = perftui::tui::runtime::snapshot(&mut app, 100, 30, Default::default());
    assert!(s.contains("f0 │ flat 0 │ cum 15"), "{s}");
    let a = app.analysis.as_ref().unwrap();
    assert_eq!(a.max_depth, 100_000);
}

/// A protobuf varint.
fn varint(mut v: u64, out: &mut Vec<u8>) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

#[test]
fn a_string_table_claiming_10m_entries_in_100_bytes_is_refused() {
    // string_table (field 6, length-delimited) entries: an empty one, then
    // one that claims 10 MB, then a packed sample claiming 10M location ids.
    let mut p = vec![0x32, 0x00, 0x32];
    varint(10_000_000, &mut p);
    p.extend_from_slice(b"not ten megabytes");
    let start = std::time::Instant::now();
    let err = perftui::formats::read_profile(&p).unwrap_err().to_string();
    assert!(start.elapsed() < std::time::Duration::from_secs(1));
    assert!(!err.is_empty());

    // A sample (field 2) whose packed location_id list (field 1) claims
    // 10M entries in a 100-byte file.
    let mut s = vec![0x12];
    let mut inner = vec![0x0a];
    varint(10_000_000, &mut inner);
    inner.extend(std::iter::repeat(1u8).take(80));
    varint(inner.len() as u64, &mut s);
    s.extend(inner);
    assert!(s.len() < 100);
    assert!(perftui::formats::read_profile(&s).is_err());
}

#[test]
fn a_gzip_bomb_is_refused_past_the_cap() {
    use std::io::Write;
    // 64 MiB of zeros compress to ~64 KiB.
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..64 {
        enc.write_all(&zeros).unwrap();
    }
    let bomb = enc.finish().unwrap();
    assert!(bomb.len() < 200_000);
    let err = perftui::formats::gzip::inflate_capped(&bomb, 16 << 20).unwrap_err();
    assert!(err.to_string().contains("16"), "{err}");
}

/// Every input the fuzzers found a crash with: an error, never a panic,
/// and a one-line error with exit status 1 from the CLI.
#[test]
fn fuzz_regressions_are_errors() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/fuzz");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            continue;
        }
        n += 1;
        let data = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with("profile-") {
            assert!(perftui::formats::read_profile(&data).is_err(), "{name}");
            let out = std::process::Command::new(env!("CARGO_BIN_EXE_perftui"))
                .arg("top")
                .arg(&path)
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(1), "{name}");
            let err = String::from_utf8(out.stderr).unwrap();
            assert_eq!(err.lines().count(), 1, "{name}: {err}");
            assert!(err.starts_with("perftui: "), "{err}");
        }
    }
    assert!(n >= 1);
}

/// `member` compressed once and repeated `times` as a multi-member gzip
/// stream: gigabytes inflated from a few megabytes, made in a moment.
fn bomb(member: &[u8], times: usize, name: &str) -> std::path::PathBuf {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(member).unwrap();
    let one = enc.finish().unwrap();
    let path = std::env::temp_dir().join(format!("perftui-{name}-{}.pb.gz", std::process::id()));
    std::fs::write(&path, one.repeat(times)).unwrap();
    path
}

/// Runs the binary with its address space limited to `mb` megabytes, so
/// an input that costs more memory than that fails the test.
fn run_in(mb: u64, args: &[&std::ffi::OsStr]) -> (Option<i32>, String) {
    let out = std::process::Command::new("prlimit")
        .arg(format!("--as={}", mb << 20))
        .arg(env!("CARGO_BIN_EXE_perftui"))
        .args(args)
        .output()
        .expect("prlimit (util-linux) runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_gzip_bomb_is_refused_in_its_first_bytes_in_little_memory() {
    // 4 GiB of zeros: not a profile, which its first inflated bytes show.
    let zeros = bomb(&vec![0u8; 64 << 20], 64, "zero-bomb");
    let file = zeros.as_os_str();
    for args in [
        vec!["top".as_ref(), file],
        vec![
            "diff".as_ref(),
            "--snapshot".as_ref(),
            "80x10".as_ref(),
            file,
            file,
        ],
    ] {
        let start = std::time::Instant::now();
        let (code, err) = run_in(300, &args);
        assert_eq!(code, Some(1), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("protobuf: field number 0 at byte 0"), "{err}");
        assert!(
            start.elapsed() < std::time::Duration::from_secs(5),
            "{args:?}"
        );
    }
    let _ = std::fs::remove_file(&zeros);

    // 4 GiB of empty string-table entries: a protobuf that reads as a
    // profile's start all the way, refused at the default cap, twice in a
    // diff, within the memory the cap allows.
    let strings = bomb(&b"\x32\x00".repeat(32 << 20), 64, "string-bomb");
    let file = strings.as_os_str();
    let (code, err) = run_in(
        700,
        &[
            "diff".as_ref(),
            "--snapshot".as_ref(),
            "80x10".as_ref(),
            file,
            file,
        ],
    );
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("decompressed size exceeds the 256.0 MiB limit (--max-size)"),
        "{err}"
    );
    let (code, err) = run_in(
        300,
        &["--max-size".as_ref(), "8M".as_ref(), "top".as_ref(), file],
    );
    let _ = std::fs::remove_file(&strings);
    assert_eq!(code, Some(1), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("decompressed size exceeds the 8.0 MiB limit (--max-size)"),
        "{err}"
    );
}

/// One clean error line naming `file`, exit 1, within a few seconds.
fn refused(args: &[&str], stdin: Option<&[u8]>, file: &str, want: &str) {
    use std::io::Write;
    let start = std::time::Instant::now();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_perftui"))
        .args(args)
        .stdin(if stdin.is_some() {
            std::process::Stdio::piped()
        } else {
            std::process::Stdio::null()
        })
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(data) = stdin {
        let mut pipe = child.stdin.take().unwrap();
        let data = data.to_vec();
        // The reader stops at the cap: the rest of the pipe may be refused.
        std::thread::spawn(move || {
            let _ = pipe.write_all(&data);
        });
    }
    let out = child.wait_with_output().unwrap();
    let took = start.elapsed();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
    assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    assert!(
        err.starts_with(&format!("perftui: {file}: ")),
        "{args:?}: {err}"
    );
    assert!(err.contains(want), "{args:?}: {err}");
    assert!(
        took < std::time::Duration::from_secs(20),
        "{args:?} took {took:?}"
    );
}

#[test]
fn inputs_without_a_size_are_read_up_to_the_cap_only() {
    for dev in ["/dev/zero", "/dev/urandom"] {
        if !std::path::Path::new(dev).exists() {
            println!("skipped {dev}: not on this system");
            continue;
        }
        let limit = "more than the 8.0 MiB limit read (--max-size)";
        refused(&["top", "--max-size", "8M", dev], None, dev, limit);
        refused(&["fold", "--max-size", "8M", dev], None, dev, limit);
        refused(&["bench", "--max-size", "8M", dev], None, dev, limit);
    }
    // A pipe on standard input, larger than the cap.
    let big = vec![b'x'; 12 << 20];
    let limit = "more than the 8.0 MiB limit read (--max-size)";
    refused(
        &["top", "--max-size", "8M", "-"],
        Some(&big),
        "standard input",
        limit,
    );
    refused(&["bench", "--max-size", "8M", "-"], Some(&big), "-", limit);
}

/// `cpu_before.pb` decoded with prost, changed by `edit`, encoded again.
fn edited_profile(edit: impl FnOnce(&mut pprof::protos::Profile)) -> Vec<u8> {
    use pprof::protos::Message;
    let raw = std::fs::read(crate::common::data_dir().join("pprof/cpu_before.pb")).unwrap();
    let mut p = pprof::protos::Profile::decode(&raw[..]).unwrap();
    edit(&mut p);
    p.encode_to_vec()
}

#[test]
fn duplicate_and_reserved_ids_are_refused_as_pprof_refuses_them() {
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (
            edited_profile(|p| {
                let l = p.location[0].clone();
                p.location.push(l);
            }),
            "multiple locations with same id: ",
        ),
        (
            edited_profile(|p| {
                let f = p.function[0].clone();
                p.function.push(f);
            }),
            "multiple functions with same id: ",
        ),
        (
            edited_profile(|p| {
                let m = p.mapping[0].clone();
                p.mapping.push(m);
            }),
            "multiple mappings with same id: ",
        ),
        (
            edited_profile(|p| p.location[0].id = 0),
            "found location with reserved id=0",
        ),
        (
            edited_profile(|p| p.function[0].id = 0),
            "found function with reserved ID=0",
        ),
    ];
    let dir = crate::common::TempDir::new("dup-ids");
    for (i, (bytes, want)) in cases.into_iter().enumerate() {
        let e = perftui::formats::read_profile(&bytes).unwrap_err();
        assert!(e.to_string().contains(want), "{e} (want {want})");
        // From the command line: one line naming the file.
        let f = dir.0.join(format!("case{i}.pb"));
        std::fs::write(&f, &bytes).unwrap();
        let out = crate::common::perftui(&["top", f.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.starts_with(&format!("perftui: {}: ", f.display())),
            "{err}"
        );
    }
}

#[test]
fn a_profile_without_sample_types_is_refused_naming_the_file() {
    let dir = crate::common::TempDir::new("no-types");
    let f = dir.0.join("no_types.pb");
    // A profile.proto with an empty string table and nothing else.
    std::fs::write(&f, [0x32, 0x00]).unwrap();
    let name = f.display().to_string();
    for args in [
        vec!["top", name.as_str()],
        vec!["fold", name.as_str()],
        vec!["open", "--snapshot", "80x24", name.as_str()],
        vec![
            "diff",
            "--snapshot",
            "80x24",
            name.as_str(),
            "pprof/cpu_before.pb.gz",
        ],
    ] {
        let out = crate::common::perftui(&args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert_eq!(
            err,
            format!("perftui: {name}: malformed profile: the profile has no sample types\n")
        );
    }
}

/// Runs `script` in bash with `$PERFTUI` set to the binary, from the test
/// data directory, so process substitution gives the binary real pipes.
fn bash(script: &str) -> std::process::Output {
    std::process::Command::new("bash")
        .arg("-c")
        .arg(script)
        .env("PERFTUI", env!("CARGO_BIN_EXE_perftui"))
        .current_dir(crate::common::data_dir())
        .output()
        .unwrap()
}

#[test]
fn pipes_lose_nothing_to_format_sniffing() {
    // Two benchmark pipes: the comparison, with p-values, as from the files.
    let piped = bash(r#""$PERFTUI" bench <(cat bench/old.txt) <(cat bench/new.txt)"#);
    let files = bash(r#""$PERFTUI" bench bench/old.txt bench/new.txt"#);
    assert!(piped.status.success(), "{piped:?}");
    let (piped, files) = (
        String::from_utf8_lossy(&piped.stdout),
        String::from_utf8_lossy(&files.stdout),
    );
    let rows = |s: &str| -> Vec<String> {
        s.lines()
            .filter(|l| l.contains("p=") || l.contains("geomean"))
            // Column widths follow the file names, which differ.
            .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect()
    };
    assert!(rows(&files).len() > 3, "{files}");
    assert_eq!(rows(&piped), rows(&files));

    // The benchmark view and the profile explorer, each from a pipe.
    let out = bash(r#""$PERFTUI" diff --snapshot 80x12 <(cat bench/old.txt) <(cat bench/new.txt)"#);
    let screen = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{out:?}");
    assert!(screen.contains("Sum/size=100-2"), "{screen}");
    assert!(screen.contains("13 of 13 benchmarks"), "{screen}");
    let out = bash(r#""$PERFTUI" open --snapshot 80x8 <(cat pprof/cpu_recursive.pb.gz)"#);
    let screen = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{out:?}");
    assert!(screen.contains("cpu 8.24s"), "{screen}");
    let out = bash(r#"cat bench/old.txt | "$PERFTUI" open --snapshot 80x12 /dev/stdin"#);
    let screen = String::from_utf8_lossy(&out.stdout);
    assert!(screen.contains("Sum/size=100-2"), "{out:?}");
}

#[test]
fn inflating_refuses_a_damaged_profile_with_the_words_reading_it_whole_would_use() {
    use std::io::Write;
    let raw = std::fs::read(crate::common::data_dir().join("pprof/cpu_before.pb")).unwrap();
    let gzip = |data: &[u8]| {
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(data).unwrap();
        enc.finish().unwrap()
    };
    // A field number 0, a group's wire type (3) after the profile's fields.
    for tail in [vec![0u8; 4 << 20], vec![0x0b; 3 << 20]] {
        let mut damaged = raw.clone();
        damaged.extend(&tail);
        let whole = perftui::formats::read_profile_capped(&damaged, 1 << 30).unwrap_err();
        let inflating =
            perftui::formats::read_profile_capped(&gzip(&damaged), 1 << 30).unwrap_err();
        assert_eq!(inflating, whole);
        assert!(whole.to_string().contains("damaged"), "{whole}");
    }
    // A string of 4 GiB: longer than the cap, so refused when its length
    // is read rather than after inflating up to the cap.
    let mut damaged = raw.clone();
    damaged.extend(b"\x32\xff\xff\xff\xff\x0f");
    damaged.extend(vec![b'x'; 1 << 20]);
    let err = perftui::formats::read_profile_capped(&gzip(&damaged), 1 << 30).unwrap_err();
    let want = format!(
        "a field of 4294967295 bytes at byte {} is larger than the 1.0 GiB limit (--max-size)",
        raw.len() + 1
    );
    assert!(err.to_string().contains(&want), "{err}");
}

/// Copies the directory tree at `from` to `to` (files and directories).
fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

fn mkfifo(path: &std::path::Path) {
    let ok = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(ok.success(), "mkfifo {}", path.display());
}

#[test]
fn symlink_loops_are_walked_once_and_fifos_are_named_not_opened() {
    use perftui::bench::formats;
    let tmp = crate::common::TempDir::new("trees");
    // A criterion tree with a symlink back to its root, a second link to a
    // benchmark, and a benchmark whose sample.json is a FIFO nobody writes.
    let crit = tmp.0.join("criterion");
    copy_tree(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("sample-profiles/bench-formats/criterion"),
        &crit,
    );
    let plain = formats::load(&formats::inputs(&[crit.display().to_string()]), 1 << 30).unwrap();
    std::os::unix::fs::symlink("..", crit.join("bench_100k/loop")).unwrap();
    std::os::unix::fs::symlink("bench_100k", crit.join("again")).unwrap();
    std::fs::create_dir_all(crit.join("stuck/new")).unwrap();
    mkfifo(&crit.join("stuck/new/sample.json"));
    let start = std::time::Instant::now();
    let looped = formats::load(&formats::inputs(&[crit.display().to_string()]), 1 << 30).unwrap();
    assert!(start.elapsed() < std::time::Duration::from_secs(5));
    assert!(!plain.results.is_empty());
    assert_eq!(looped.results.len(), plain.results.len());
    let fifo = crit.join("stuck/new/sample.json").display().to_string();
    assert!(
        looped
            .notes
            .contains(&format!("{fifo}: skipped, a named pipe (FIFO)")),
        "{:?}",
        looped.notes
    );

    // Run directories: a FIFO is a pair named as skipped; a symlinked
    // profile is paired like a file.
    let runs = crate::common::runs_dir();
    let (a, b) = (tmp.0.join("a"), tmp.0.join("b"));
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    std::os::unix::fs::symlink(runs.join("before/cpu.pb.gz"), a.join("cpu.pb.gz")).unwrap();
    std::os::unix::fs::symlink(runs.join("after/cpu.pb.gz"), b.join("cpu.pb.gz")).unwrap();
    mkfifo(&a.join("live.pb.gz"));
    std::fs::copy(runs.join("after/mem.pb.gz"), b.join("live.pb.gz")).unwrap();
    assert!(perftui::run_dirs::is_run_dir(&a));
    let pairs = perftui::run_dirs::pair(&a, &b, 1 << 30).unwrap();
    let kinds: Vec<(String, String)> = pairs
        .iter()
        .map(|p| (p.name.clone(), format!("{:?}", p.kind)))
        .collect();
    assert_eq!(kinds.len(), 2, "{kinds:?}");
    assert!(
        kinds[0].0 == "cpu.pb.gz" && kinds[0].1.starts_with("Profile"),
        "{kinds:?}"
    );
    let note = format!(
        "{}: skipped, a named pipe (FIFO)",
        a.join("live.pb.gz").display()
    );
    assert_eq!(
        kinds[1],
        ("live.pb.gz".to_string(), format!("Error({note:?})"))
    );
}

#[test]
fn values_whose_sums_would_wrap_are_refused_naming_the_file() {
    let tmp = crate::common::TempDir::new("wrap");
    let big = edited_profile(|p| {
        for s in &mut p.sample {
            s.value = vec![0, 0];
        }
        p.sample[0].value = vec![1, i64::MAX - 1];
        p.sample[1].value = vec![1, 2];
    });
    let half = edited_profile(|p| {
        for s in &mut p.sample {
            s.value = vec![0, 0];
        }
        p.sample[0].value = vec![1, i64::MAX / 2 + 1];
    });
    let (big_path, half_path) = (tmp.0.join("big.pb"), tmp.0.join("half.pb"));
    std::fs::write(&big_path, big).unwrap();
    std::fs::write(&half_path, half).unwrap();
    // A legacy heap profile whose sampling rate scales two records to the
    // most an i64 holds.
    let legacy = "heap profile: 2: 8 [2: 8] @ heap/524288\n\
        1: 9000000000000000000 [1: 9000000000000000000] @ 0x1\n\
        1: 9000000000000000000 [1: 9000000000000000000] @ 0x2\n";
    let legacy_path = tmp.0.join("heap.txt");
    std::fs::write(&legacy_path, legacy).unwrap();
    let run = |args: &[&std::ffi::OsStr]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_perftui"))
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let wraps = "values add up to more than 9223372036854775807 (a sum would wrap)";
    for path in [&big_path, &legacy_path] {
        let (code, err) = run(&["top".as_ref(), path.as_os_str()]);
        assert_eq!(code, Some(1), "{err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(
            err.starts_with(&format!("perftui: {}: ", path.display())),
            "{err}"
        );
        assert!(err.contains(wraps), "{err}");
    }
    // Each file's sums fit, and the two merged do not.
    let (code, err) = run(&["top".as_ref(), half_path.as_os_str()]);
    assert_eq!(code, Some(0), "{err}");
    let (code, err) = run(&["top".as_ref(), half_path.as_os_str(), half_path.as_os_str()]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains(wraps) && err.contains("merged"), "{err}");
    let (code, err) = run(&[
        "top".as_ref(),
        "--diff-base".as_ref(),
        half_path.as_os_str(),
        half_path.as_os_str(),
    ]);
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains(wraps), "{err}");
}

#[test]
fn fold_writes_names_with_separators_so_they_read_back_as_written() {
    let tmp = crate::common::TempDir::new("fold-names");
    let plain_path = crate::common::data_dir().join("pprof/cpu_before.pb");
    let odd = edited_profile(|p| {
        // The first two functions' names get a frame separator and a line
        // break, the third a terminal escape.
        let names: Vec<usize> = p.function.iter().take(3).map(|f| f.name as usize).collect();
        for (i, extra) in names.into_iter().zip(["a;b", "line\nbreak", "\u{1b}[31m"]) {
            p.string_table[i] = format!("{}{extra}", p.string_table[i]);
        }
    });
    let odd_path = tmp.0.join("odd.pb");
    std::fs::write(&odd_path, odd).unwrap();
    let fold = |path: &std::path::Path| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_perftui"))
            .arg("fold")
            .arg(path)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let (plain, _) = fold(&plain_path);
    let (written, note) = fold(&odd_path);
    assert_eq!(
        note,
        "perftui: note: 3 frame names held ';' or control characters, written with ':' and escapes (\\n)\n"
    );
    // One line per stack, as without the odd names, with the same counts.
    assert_eq!(written.lines().count(), plain.lines().count());
    let frames = |s: &str| -> usize { s.lines().map(|l| l.split(';').count()).sum() };
    assert_eq!(frames(&written), frames(&plain));
    assert!(written.contains("a:b"), "{written}");
    assert!(written.contains("line\\nbreak"), "{written}");
    assert!(written.contains("\\u{1b}[31m"), "{written}");
    assert!(!written.contains('\u{1b}'));
    // Read back, the output folds to itself.
    let back = tmp.0.join("odd.folded");
    std::fs::write(&back, &written).unwrap();
    let (again, note) = fold(&back);
    assert_eq!(again, written);
    assert_eq!(note, "");
}
