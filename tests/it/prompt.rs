//! The prompt of every screen: readline keys, a selected pre-filled entry,
//! history per prompt kind, a paste as one edit, and a search that runs on
//! the worker once the typing rests.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use perftui::explorer::state::{Mode, PromptKind};
use perftui::explorer::{update, update_sync, Job, Msg};
use perftui::tui::jobs::Runner;
use perftui::tui::line_edit::Edit;
use perftui::tui::{Done, Effect, Event, Input, Screen};
use ratatui::crossterm::event::KeyCode;

use crate::tui::{open, press, press_ctrl, type_text};

fn prompt_text(app: &perftui::explorer::App) -> String {
    match &app.mode {
        Mode::Prompt(p) => p.text().to_string(),
        other => panic!("no prompt: {other:?}"),
    }
}

#[test]
fn the_search_prompt_edits_like_readline() {
    let mut app = open("pprof/cpu_before.pb.gz", 120, 40);
    press(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "jsonish parsvalue");
    // Back over "value", put the missing 'e' in, then to the end.
    for _ in 0..5 {
        press(&mut app, KeyCode::Left);
    }
    type_text(&mut app, "e");
    assert_eq!(prompt_text(&app), "jsonish parsevalue");
    press_ctrl(&mut app, 'a');
    type_text(&mut app, "(?i)");
    press(&mut app, KeyCode::End);
    type_text(&mut app, "!");
    assert_eq!(prompt_text(&app), "(?i)jsonish parsevalue!");
    press(&mut app, KeyCode::Backspace);
    press_ctrl(&mut app, 'w');
    assert_eq!(prompt_text(&app), "(?i)jsonish ");
    press(&mut app, KeyCode::Home);
    press(&mut app, KeyCode::Right);
    press_ctrl(&mut app, 'k');
    assert_eq!(prompt_text(&app), "(");
    press_ctrl(&mut app, 'u');
    assert_eq!(prompt_text(&app), "");
    press_ctrl(&mut app, 'e');
    type_text(&mut app, "parsevalue");
    press(&mut app, KeyCode::Enter);
    // Each edit searched for what the prompt held.
    let s = app.search.as_ref().unwrap();
    assert_eq!(s.pattern, "parsevalue");
    assert_eq!(s.hits.as_ref().unwrap().functions, 1);
}

#[test]
fn a_prefilled_filter_regex_is_replaced_by_typing() {
    let mut app = open("pprof/cpu_before.pb.gz", 120, 40);
    press(&mut app, KeyCode::Char('j'));
    press(&mut app, KeyCode::Char('F'));
    let Mode::Prompt(p) = &app.mode else {
        panic!("no prompt")
    };
    assert_eq!(p.text(), r"^perftui\.test/corpus/jsonish\.Parse$");
    assert!(p.line.is_selected());
    type_text(&mut app, "parseValue");
    assert_eq!(prompt_text(&app), "parseValue");
    // The cursor keys keep the pre-filled regex, to edit it.
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Char('F'));
    press(&mut app, KeyCode::End);
    press(&mut app, KeyCode::Backspace);
    assert_eq!(prompt_text(&app), r"^perftui\.test/corpus/jsonish\.Parse");
}

#[test]
fn each_prompt_kind_has_its_own_history() {
    let mut app = open("pprof/cpu_before.pb.gz", 120, 40);
    for s in ["parse", "value"] {
        press(&mut app, KeyCode::Char('/'));
        press_ctrl(&mut app, 'u');
        type_text(&mut app, s);
        press(&mut app, KeyCode::Enter);
    }
    press(&mut app, KeyCode::Char('F'));
    type_text(&mut app, "jsonish");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.filters.len(), 1);

    press(&mut app, KeyCode::Char('/'));
    press_ctrl(&mut app, 'u');
    type_text(&mut app, "dra");
    press(&mut app, KeyCode::Up);
    assert_eq!(prompt_text(&app), "value");
    press(&mut app, KeyCode::Up);
    assert_eq!(prompt_text(&app), "parse");
    press(&mut app, KeyCode::Up);
    assert_eq!(prompt_text(&app), "parse", "the oldest entry stays");
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    assert_eq!(prompt_text(&app), "dra", "back to what was being typed");
    press(&mut app, KeyCode::Esc);

    // The focus prompt remembers only focus regexes.
    press(&mut app, KeyCode::Char('F'));
    press(&mut app, KeyCode::Up);
    assert_eq!(prompt_text(&app), "jsonish");
    press(&mut app, KeyCode::Up);
    assert_eq!(prompt_text(&app), "jsonish");
    press(&mut app, KeyCode::Esc);
    // And the ignore prompt has none yet.
    press(&mut app, KeyCode::Char('I'));
    let before = prompt_text(&app);
    press(&mut app, KeyCode::Up);
    assert_eq!(prompt_text(&app), before);
    assert!(matches!(
        &app.mode,
        Mode::Prompt(p) if matches!(p.kind, PromptKind::Filter(_))
    ));
}

/// The jobs among `effects`.
fn jobs(effects: Vec<Effect>) -> Vec<Job> {
    effects
        .into_iter()
        .filter_map(|e| match e.job() {
            Some(perftui::tui::Job::Explorer(j)) => Some(j),
            _ => None,
        })
        .collect()
}

#[test]
fn a_long_paste_is_one_edit_and_one_search() {
    let mut app = open("pprof/cpu_before.pb.gz", 120, 40);
    press(&mut app, KeyCode::Char('/'));
    let pasted = "jsonish.".repeat(1250);
    assert_eq!(pasted.len(), 10_000);
    let started = Instant::now();
    let effects = app.handle(Event::Input(Input::Paste(pasted.clone())));
    let jobs = jobs(effects);
    assert_eq!(jobs.len(), 1, "one search for the whole paste");
    assert!(jobs[0].settle().is_some(), "a typed search waits to settle");
    assert_eq!(prompt_text(&app), pasted);
    // The search itself (compiling a 10,000-character regex included) is
    // the worker's, and quick.
    for j in jobs {
        update_sync(&mut app, j.run());
    }
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
    let s = app.search.as_ref().unwrap();
    assert_eq!(s.hits.as_ref().unwrap().functions, 0);
    // Outside a prompt a paste does nothing.
    press(&mut app, KeyCode::Esc);
    let effects = app.handle(Event::Input(Input::Paste("q".into())));
    assert!(effects.is_empty());
    assert_eq!(app.mode, Mode::Normal);
}

#[test]
fn a_search_typed_letter_by_letter_runs_once_the_keys_rest() {
    let mut app = open("pprof/cpu_before.pb.gz", 120, 40);
    press(&mut app, KeyCode::Char('/'));
    let (tx, rx) = std::sync::mpsc::channel();
    let runner = Runner::start(move |screen, done| tx.send((screen, done)).is_ok());
    // Twenty letters, each handed to the worker as the loop would.
    let word = "parsevalueparsevalue";
    for c in word.chars() {
        let effects = update(&mut app, Msg::Edit(Edit::Insert(c)));
        for j in jobs(effects) {
            runner.spawn(1, perftui::tui::Job::Explorer(j));
        }
    }
    let mut results = Vec::new();
    while let Ok((_, done)) = rx.recv_timeout(Duration::from_secs(2)) {
        results.push(done);
    }
    assert_eq!(results.len(), 1, "one search, not one per letter");
    let Done::Explorer(msg) = results.pop().unwrap() else {
        panic!("not an explorer result")
    };
    assert!(matches!(
        msg,
        Msg::Searched { generation, .. } if generation == app.generations.search
    ));
    update_sync(&mut app, msg);
    assert_eq!(app.search.as_ref().unwrap().pattern, word);
    assert!(app.search.as_ref().unwrap().hits.is_some());
}

#[test]
fn the_benchmark_filter_prompt_edits_and_pastes() {
    use perftui::bench_view::{update as bench_update, BenchMode, BenchMsg};
    let mut app = crate::bench_view::view(&["bench/old.txt", "bench/new.txt"]);
    bench_update(&mut app, BenchMsg::StartFilter);
    let effects = app.handle(Event::Input(Input::Paste("Lookup\n".into())));
    assert!(effects.is_empty());
    let BenchMode::Filter(line) = &app.mode else {
        panic!("no filter prompt")
    };
    assert_eq!(line.text(), "Lookup");
    let shown = app.rows.len();
    assert!(shown > 0);
    bench_update(&mut app, BenchMsg::FilterEdit(Edit::KillToStart));
    assert!(app.rows.len() > shown, "an empty filter shows every row");
    bench_update(&mut app, BenchMsg::FilterEdit(Edit::Older));
    let BenchMode::Filter(line) = &app.mode else {
        panic!("no filter prompt")
    };
    assert_eq!(line.text(), "", "nothing accepted yet: no history");
    bench_update(&mut app, BenchMsg::FilterEdit(Edit::Paste("Lookup".into())));
    bench_update(&mut app, BenchMsg::FilterAccept);
    bench_update(&mut app, BenchMsg::StartFilter);
    bench_update(&mut app, BenchMsg::FilterEdit(Edit::Backspace));
    bench_update(&mut app, BenchMsg::FilterEdit(Edit::Older));
    let BenchMode::Filter(line) = &app.mode else {
        panic!("no filter prompt")
    };
    assert_eq!(line.text(), "Lookup");
}
