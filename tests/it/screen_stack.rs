//! The runtime's pieces shared by every screen: the stack of screens
//! (run summary → benchmarks → profile diff → back, each keeping its
//! state), the status bar's watch state, the palette switch reaching every
//! view, the run summary scrolling, and each help overlay listing exactly
//! its screen's keymap. Screens are driven through the [`Screen`] trait as
//! the runtime drives them, with jobs run in place.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use perftui::bench_view::BenchApp;
use perftui::explorer::App;
use perftui::run_dirs::{PairKind, RunPair};
use perftui::run_summary::RunsApp;
use perftui::tui::runtime::buffer_text;
use perftui::tui::{Effect, Event, Input, Screen};
use perftui::ui::theme::Palette;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;
use ratatui::style::Color;

const W: u16 = 120;
const H: u16 = 40;

/// A stack of screens driven as the runtime drives it, jobs run in place.
struct Stack(Vec<Box<dyn Screen>>);

impl Stack {
    fn new(first: Box<dyn Screen>) -> Self {
        let mut s = Stack(Vec::new());
        s.push(first);
        s
    }

    fn push(&mut self, mut screen: Box<dyn Screen>) {
        let mut effects = screen.handle(Event::Input(Input::Resize {
            width: W,
            height: H,
        }));
        effects.extend(screen.start());
        self.0.push(screen);
        self.apply(effects);
    }

    fn top(&mut self) -> &mut Box<dyn Screen> {
        self.0.last_mut().unwrap()
    }

    fn apply(&mut self, effects: Vec<Effect>) {
        for e in effects {
            match e {
                Effect::Spawn(job) => {
                    let more = self.top().handle(Event::Done(job.run()));
                    self.apply(more);
                }
                Effect::Push(s) => self.push(s),
                Effect::Replace(s) => {
                    self.0.pop();
                    self.push(s);
                }
                Effect::Close | Effect::Quit => {
                    self.0.pop();
                }
                // The source pane's editor: tests/it/source_pane.rs.
                Effect::Edit(_) => {}
                Effect::Palette(p) => {
                    let n = self.0.len();
                    for s in &mut self.0[..n - 1] {
                        s.handle(Event::Palette(p));
                    }
                }
            }
        }
    }

    fn key(&mut self, c: char) {
        let code = match c {
            '\n' => KeyCode::Enter,
            c => KeyCode::Char(c),
        };
        let mods = if c.is_ascii_uppercase() {
            KeyModifiers::SHIFT
        } else {
            KeyModifiers::NONE
        };
        let effects = self
            .top()
            .handle(Event::Input(Input::Key(KeyEvent::new(code, mods))));
        self.apply(effects);
    }

    fn names(&self) -> Vec<&'static str> {
        self.0.iter().map(|s| s.name()).collect()
    }

    fn screen(&mut self) -> String {
        buffer_text(&draw(self.top().as_ref(), W, H))
    }
}

fn draw(s: &dyn Screen, w: u16, h: u16) -> Buffer {
    let mut buf = Buffer::empty(Rect::new(0, 0, w, h));
    s.render(Rect::new(0, 0, w, h), &mut buf);
    buf
}

#[test]
fn run_summary_to_benchmarks_to_profile_diff_and_back() {
    let mut stack = Stack::new(Box::new(crate::common::runs_summary()));
    assert_eq!(stack.names(), ["run summary"]);
    // Enter on the benchmarks pushes the comparison.
    stack.key('\n');
    assert_eq!(stack.names(), ["run summary", "benchmarks"]);
    // Some state of the comparison: sorted by change.
    stack.key('s');
    assert!(stack.screen().contains("sorted by change"));
    // C pushes the CPU profile diff, focused on the selected benchmark.
    stack.key('C');
    assert_eq!(stack.names(), ["run summary", "benchmarks", "profile diff"]);
    let screen = stack.screen();
    assert!(screen.contains(r"focus=\.BenchmarkParse(\.|$)"), "{screen}");
    // The diff's own state: the delta table.
    stack.key('2');
    assert!(stack.screen().contains("Δflat"));
    // q pops back to the comparison as it was, then to the summary.
    stack.key('q');
    assert_eq!(stack.names(), ["run summary", "benchmarks"]);
    assert!(stack.screen().contains("sorted by change"));
    stack.key('q');
    assert_eq!(stack.names(), ["run summary"]);
    assert!(stack.screen().contains("Enter open"));
    // M from the summary opens the memory profile diff; q comes back with
    // the summary's selection on it.
    stack.key('M');
    assert_eq!(stack.names(), ["run summary", "profile diff"]);
    stack.key('q');
    let screen = stack.screen();
    assert!(screen.contains("pair 4 of 4"), "{screen}");
    stack.key('q');
    assert!(stack.names().is_empty());
}

/// The status row (the second last) of a screen and the colour of its
/// watch state's first cell.
fn watch_state_of(s: &dyn Screen, w: u16, h: u16) -> (String, Color) {
    let buf = draw(s, w, h);
    let text = buffer_text(&buf);
    let row = text.lines().nth(usize::from(h - 2)).unwrap().to_string();
    let at = row.find("frozen (z)").unwrap_or_else(|| panic!("{row}"));
    let col = row[..at].chars().count() as u16;
    (row[at..].to_string(), buf[(col, h - 2)].fg)
}

#[test]
fn the_watch_state_reads_and_looks_the_same_in_every_screen() {
    let dir = crate::common::TempDir::new("stack-watch");
    let profile = dir.0.join("cpu.pb.gz");
    std::fs::copy(
        crate::common::data_dir().join("pprof/cpu_before.pb.gz"),
        &profile,
    )
    .unwrap();
    let p = perftui::formats::load_file(&profile).unwrap();
    let (mut app, job) = App::new(p, "cpu".into(), None, Default::default()).unwrap();
    perftui::explorer::run_sync(&mut app, vec![job]);
    let source = perftui::input::Source::Inputs(vec![profile.display().to_string()]);
    app.watch = Some(perftui::explorer::state::WatchState::new(source, None));
    let bench = crate::common::runs_dir()
        .join("before/bench.txt")
        .display()
        .to_string();
    let (tables, _) = perftui::input::Loader::default()
        .benchmarks(std::slice::from_ref(&bench), &Default::default(), false)
        .unwrap();
    let mut b = BenchApp::new(tables, "bench".into());
    b.watch = Some(perftui::bench_view::BenchWatch::new(vec![bench], None));
    let mut screens: Vec<Box<dyn Screen>> = vec![Box::new(app), Box::new(b)];
    let z = Event::Input(Input::Key(KeyEvent::new(
        KeyCode::Char('z'),
        KeyModifiers::NONE,
    )));
    let mut seen = Vec::new();
    for s in &mut screens {
        s.handle(Event::Input(Input::Resize {
            width: W,
            height: 30,
        }));
        s.handle(z.clone_event());
        // A failure shows in the same words and colour too.
        s.handle(Event::WatchFailed("gone".into()));
        seen.push(watch_state_of(s.as_ref(), W, 30));
    }
    assert_eq!(seen[0], seen[1]);
    assert_eq!(seen[0].0.trim_end(), "frozen (z) · last reload failed");
    assert_eq!(seen[0].1, perftui::ui::colors::ERROR);
}

trait CloneEvent {
    fn clone_event(&self) -> Event;
}

impl CloneEvent for Event {
    fn clone_event(&self) -> Event {
        match self {
            Event::Input(i) => Event::Input(i.clone()),
            _ => Event::SourceChanged,
        }
    }
}

/// The foreground colours used in a drawn screen.
fn colours(s: &dyn Screen) -> Vec<Color> {
    let buf = draw(s, W, H);
    let mut out: Vec<Color> = buf.content().iter().map(|c| c.fg).collect();
    out.extend(buf.content().iter().map(|c| c.bg));
    out
}

#[test]
fn the_palette_switch_reaches_every_screen() {
    let mut stack = Stack::new(Box::new(crate::common::runs_summary()));
    stack.key('\n');
    stack.key('C');
    stack.key('2');
    let orange = Palette::ColorBlind.worse();
    let blue = Palette::ColorBlind.better();
    let red = Palette::RedBlue.worse();
    for s in &stack.0 {
        assert!(!colours(s.as_ref()).contains(&orange), "{}", s.name());
    }
    // p in the top screen (the delta table) switches every screen.
    stack.key('p');
    for s in &stack.0 {
        let c = colours(s.as_ref());
        assert!(
            c.contains(&orange) || c.contains(&blue),
            "{} has no colour-blind colour",
            s.name()
        );
        assert!(!c.contains(&red), "{} still uses red", s.name());
    }
    // The differential flame graph too.
    stack.key('1');
    let c = colours(stack.0.last().unwrap().as_ref());
    assert!(!c.contains(&Color::Rgb(215, 48, 39)));
}

#[test]
fn a_run_summary_of_40_pairs_scrolls_to_its_last_row() {
    let pairs: Vec<RunPair> = (0..40)
        .map(|i| RunPair {
            name: format!("file{i:02}.txt"),
            before: PathBuf::from(format!("a/file{i:02}.txt")),
            after: PathBuf::from(format!("b/file{i:02}.txt")),
            kind: PairKind::OnlyIn { before: i % 2 == 0 },
        })
        .collect();
    let mut app = RunsApp::new(pairs, "a → b".into());
    let mut resize = app.handle(Event::Input(Input::Resize {
        width: 80,
        height: 24,
    }));
    resize.clear();
    for _ in 0..39 {
        app.handle(Event::Input(Input::Key(KeyEvent::new(
            KeyCode::Char('j'),
            KeyModifiers::NONE,
        ))));
    }
    assert_eq!(app.selected, 39);
    let buf = draw(&app, 80, 24);
    let text = buffer_text(&buf);
    let line = text
        .lines()
        .position(|l| l.starts_with("file39.txt"))
        .unwrap_or_else(|| panic!("the last row is not on screen:\n{text}"));
    assert_eq!(
        buf[(0, line as u16)].bg,
        perftui::ui::colors::SELECTED,
        "the selected row is highlighted"
    );
    assert!(!text.contains("file00.txt"), "{text}");
    // A click on a visible row selects that row, not one off screen.
    app.handle(Event::Input(Input::Click {
        col: 3,
        row: line as u16,
        double: false,
    }));
    assert_eq!(app.selected, 39);
    // G and g jump to the ends.
    app.handle(Event::Input(Input::Key(KeyEvent::new(
        KeyCode::Char('g'),
        KeyModifiers::NONE,
    ))));
    assert_eq!((app.selected, app.offset), (0, 0));
}

/// A screen, its keymap's (keys, help) pairs, and how many help lines it adds beyond them.
type HelpCase = (Box<dyn Screen>, Vec<(String, String)>, usize);

/// The keys and texts of a help's lines (headings left out).
fn help_entries(s: &dyn Screen) -> Vec<(String, String)> {
    s.help()
        .into_iter()
        .filter(|l| !l.keys.is_empty())
        .map(|l| (l.keys, l.text))
        .collect()
}

#[test]
fn every_screens_help_lists_exactly_its_keymap() {
    use perftui::tui::keys::keys_label;
    let (app, _) = App::new(
        perftui::formats::load_file(&crate::common::data_dir().join("pprof/cpu_before.pb.gz"))
            .unwrap(),
        "cpu".into(),
        None,
        Default::default(),
    )
    .unwrap();
    let b = BenchApp::new(Default::default(), "none".into());
    let r = crate::common::runs_summary();
    let cases: Vec<HelpCase> = vec![
        (
            Box::new(app),
            perftui::explorer::keymap::KEYMAP
                .iter()
                .map(|b| (keys_label(b.keys), b.help.to_string()))
                .collect(),
            perftui::explorer::keymap::MODE_KEYS.len(),
        ),
        (
            Box::new(b),
            perftui::bench_view::keymap::KEYMAP
                .iter()
                .map(|b| (keys_label(b.keys), b.help.to_string()))
                .collect(),
            perftui::bench_view::keymap::MODE_KEYS.len(),
        ),
        (
            Box::new(r),
            perftui::run_summary::keymap::KEYMAP
                .iter()
                .map(|b| (keys_label(b.keys), b.help.to_string()))
                .collect(),
            1,
        ),
    ];
    for (mut screen, keymap, extra) in cases {
        let entries = help_entries(screen.as_ref());
        assert_eq!(entries.len(), keymap.len() + extra, "{}", screen.name());
        for k in &keymap {
            assert!(entries.contains(k), "{}: {k:?} missing", screen.name());
        }
        // Shown with a border over the screen, scrollable on a short one.
        screen.handle(Event::Input(Input::Resize {
            width: 90,
            height: 16,
        }));
        screen.handle(Event::Input(Input::Key(KeyEvent::new(
            KeyCode::Char('?'),
            KeyModifiers::NONE,
        ))));
        let text = buffer_text(&draw(screen.as_ref(), 90, 16));
        assert!(text.contains("perftui keys"), "{}:\n{text}", screen.name());
        assert!(text.contains('┌') && text.contains('┘'), "{text}");
        assert!(
            text.contains("more"),
            "{}: no scroll mark\n{text}",
            screen.name()
        );
        let first = entries[0].1.clone();
        assert!(text.contains(&first[..first.len().min(30)]), "{text}");
        screen.handle(Event::Input(Input::Key(KeyEvent::new(
            KeyCode::PageDown,
            KeyModifiers::NONE,
        ))));
        let scrolled = buffer_text(&draw(screen.as_ref(), 90, 16));
        assert!(
            !scrolled.contains(&first[..first.len().min(30)]),
            "{scrolled}"
        );
    }
}

#[test]
fn the_waiting_screen_becomes_the_explorer_when_its_file_is_written() {
    use perftui::waiting::{must_wait, Waiting};
    let tmp = crate::common::TempDir::new("stack-wait");
    let f = tmp.0.join("cpu.pb.gz");
    let name = f.display().to_string();
    assert!(must_wait(std::slice::from_ref(&name)));
    let open: perftui::waiting::Open = Box::new(|p| {
        let (app, _) = App::new(p, "cpu.pb.gz".into(), None, Default::default())?;
        Ok(Box::new(app) as Box<dyn Screen>)
    });
    let w = Waiting::new(vec![name.clone()], perftui::input::Loader::default(), open);
    assert_eq!(w.watch().unwrap().files, std::slice::from_ref(&f));
    let mut stack = Stack::new(Box::new(w));
    assert_eq!(stack.names(), ["waiting"]);
    assert!(stack.screen().contains(&format!("waiting for {name}")));
    // A change while it is still missing, then half a file: still waiting,
    // the read's error on the status bar.
    let more = stack.top().handle(Event::SourceChanged);
    stack.apply(more);
    assert_eq!(stack.names(), ["waiting"]);
    let good = std::fs::read(crate::common::data_dir().join("pprof/cpu_before.pb.gz")).unwrap();
    std::fs::write(&f, &good[..good.len() / 2]).unwrap();
    let more = stack.top().handle(Event::SourceChanged);
    stack.apply(more);
    assert_eq!(stack.names(), ["waiting"]);
    assert!(
        stack.screen().contains("reload failed: "),
        "{}",
        stack.screen()
    );
    // The whole file: the explorer takes the waiting screen's place.
    std::fs::write(&f, &good).unwrap();
    let more = stack.top().handle(Event::SourceChanged);
    stack.apply(more);
    assert_eq!(stack.names(), ["profile explorer"]);
    assert!(stack.screen().contains("cpu 15.33s"), "{}", stack.screen());
}
