//! Live sources: profiles read over HTTP from net/http/pprof-style
//! endpoints, once and again on demand, and the errors a user can meet
//! (an error status, a refused connection, a body that is not a profile).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use crate::common;

use std::sync::atomic::Ordering;
use std::sync::Arc;

use perftui::explorer::state::WatchState;
use perftui::explorer::{run_sync, update_sync, App, Msg};
use perftui::input::Source;
use perftui::live::fetch;

#[test]
fn fetches_every_kind_of_endpoint() {
    let (url, served) = common::serve_profiles();
    let local = |f: &str| perftui::formats::load_file(&common::data_dir().join(f)).unwrap();
    for (path, file) in [
        ("/debug/pprof/profile?seconds=1", "pprof/cpu_before.pb.gz"),
        ("/debug/pprof/heap", "pprof/heap.pb.gz"),
        ("/debug/pprof/goroutine", "pprof/goroutine.pb.gz"),
        (
            "/debug/pprof/goroutine?debug=1",
            "pprof/goroutine.debug1.txt",
        ),
        (
            "/debug/pprof/goroutine?debug=2",
            "pprof/goroutine.debug2.txt",
        ),
    ] {
        let p = fetch(&format!("{url}{path}"), u64::MAX, None).unwrap();
        let want = local(file);
        assert_eq!(p.samples.len(), want.samples.len(), "{path}");
        let idx = p.sample_types.len() - 1;
        assert_eq!(p.total(idx), want.total(idx), "{path}");
    }
    assert_eq!(served.load(Ordering::SeqCst), 5);
}

#[test]
fn errors_name_the_url_and_what_went_wrong() {
    let (url, _) = common::serve_profiles();
    let e = fetch(&format!("{url}/debug/pprof/nothing"), u64::MAX, None).unwrap_err();
    assert_eq!(e, format!("{url}/debug/pprof/nothing: HTTP status 404"));
    let refused = common::refused_url();
    let e = fetch(&refused, u64::MAX, None).unwrap_err();
    assert!(
        e.starts_with(&refused) && e.contains("connection refused"),
        "{e}"
    );
    let e = fetch(&format!("{url}/text"), u64::MAX, None).unwrap_err();
    assert!(e.starts_with(&format!("{url}/text: not a profile")), "{e}");
    let e = fetch("https://example.invalid/debug/pprof/heap", u64::MAX, None).unwrap_err();
    assert!(e.contains("https is not supported"), "{e}");
    assert_eq!(e.lines().count(), 1);
}

#[test]
fn the_cli_opens_a_url_and_reports_errors_in_one_line() {
    let (url, _) = common::serve_profiles();
    let out = common::perftui(&[
        "open",
        &format!("{url}/debug/pprof/profile?seconds=1"),
        "--snapshot",
        "120x30",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let screen = String::from_utf8(out.stdout).unwrap();
    assert!(screen.contains("cpu 15.33s"), "{screen}");
    // Every profile subcommand takes URLs, as go tool pprof does.
    let top = common::stdout_ok(&["top", "-n", "3", &format!("{url}/debug/pprof/profile")]);
    assert_eq!(
        top,
        common::stdout_ok(&["top", "-n", "3", "pprof/cpu_before.pb.gz"])
    );
    let out = common::perftui(&["top", "-n", "3", &common::refused_url()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("connection refused"));
    let out = common::perftui(&["open", &common::refused_url(), "--snapshot", "80x24"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("connection refused"), "{err}");
    // --watch on a URL without --every says how to refetch.
    let out = common::perftui(&[
        "open",
        "--watch",
        &format!("{url}/debug/pprof/heap"),
        "--snapshot",
        "160x30",
    ]);
    let screen = String::from_utf8(out.stdout).unwrap();
    assert!(
        screen.contains("URLs are fetched again with --every"),
        "{screen}"
    );
    // A diff of two URLs.
    let out = common::perftui(&[
        "diff",
        &format!("{url}/debug/pprof/heap"),
        &format!("{url}/debug/pprof/heap"),
        "--snapshot",
        "120x30",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn each_refetch_replaces_the_profile_and_keeps_the_previous_for_d() {
    let (url, served) = common::serve_profiles();
    let source = Source::Inputs(vec![format!("{url}/flip")]);
    let first = perftui::input::Loader::default().source(&source).unwrap();
    assert_eq!(first.total(1), 15_330_000_000);
    let (mut app, job) = App::new(first, "live".into(), None, Default::default()).unwrap();
    app.watch = Some(WatchState::new(source, Some(Arc::clone(&app.profile))));
    run_sync(&mut app, vec![job]);
    // What the --every timer sends: fetch again.
    update_sync(&mut app, Msg::SourceChanged);
    assert_eq!(app.type_totals[1], 15_160_000_000);
    update_sync(&mut app, Msg::SourceChanged);
    assert_eq!(app.type_totals[1], 15_330_000_000);
    assert_eq!(served.load(Ordering::SeqCst), 3);
    // d: this fetch against the one before it, without fetching again.
    update_sync(
        &mut app,
        Msg::Action(perftui::explorer::Action::DiffPrevious),
    );
    assert_eq!(served.load(Ordering::SeqCst), 3);
    let root = app.analysis.as_ref().unwrap().pair(0).unwrap();
    assert_eq!((root.before, root.after), (15_160_000_000, 15_330_000_000));
    // The next fetch is shown against the one it replaces.
    update_sync(&mut app, Msg::SourceChanged);
    let root = app.analysis.as_ref().unwrap().pair(0).unwrap();
    assert_eq!((root.before, root.after), (15_330_000_000, 15_160_000_000));
    // A fetch that fails keeps the view.
    let mut broken = app.watch.clone().unwrap();
    broken.source = Source::Inputs(vec![common::refused_url()]);
    app.watch = Some(broken);
    let shown = Arc::clone(&app.profile);
    update_sync(&mut app, Msg::SourceChanged);
    assert!(Arc::ptr_eq(&shown, &app.profile));
    assert!(app
        .status
        .as_ref()
        .unwrap()
        .text
        .contains("connection refused"));
}
