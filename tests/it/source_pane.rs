//! The source pane (`v`) and the editor (`e`): opened from the explorer
//! on a real profile of tests/data/src/labels, it shows what `perftui list`
//! prints for the function, on its hottest line, and `e` asks the runtime
//! to run `$VISUAL`/`$EDITOR` at that line in each editor's own syntax.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use perftui::explorer::{App, View};
use perftui::source_view::editor_command;
use perftui::tui::runtime::buffer_text;
use perftui::tui::{EditorCommand, Effect, Event, Input, Screen};
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

const W: u16 = 120;
const H: u16 = 30;

fn key(screen: &mut dyn Screen, code: KeyCode) -> Vec<Effect> {
    screen.handle(Event::Input(Input::Key(KeyEvent::new(
        code,
        KeyModifiers::NONE,
    ))))
}

/// Runs jobs in place; returns the screens pushed and the editors asked for.
fn settle(
    screen: &mut dyn Screen,
    effects: Vec<Effect>,
) -> (Vec<Box<dyn Screen>>, Vec<EditorCommand>) {
    let mut pushed = Vec::new();
    let mut edits = Vec::new();
    let mut queue = effects;
    while let Some(e) = queue.pop() {
        match e {
            Effect::Spawn(job) => queue.extend(screen.handle(Event::Done(job.run()))),
            Effect::Push(s) => pushed.push(s),
            Effect::Edit(c) => edits.push(c),
            _ => {}
        }
    }
    (pushed, edits)
}

fn open_pane(function: &str, editor: (Option<String>, Option<String>)) -> Box<dyn Screen> {
    open_pane_of("pprof/cpu_labels.pb.gz", function, editor)
}

fn open_pane_of(
    file: &str,
    function: &str,
    editor: (Option<String>, Option<String>),
) -> Box<dyn Screen> {
    let p = perftui::formats::load_file(&crate::common::data_dir().join(file)).unwrap();
    let (mut app, job) = App::new(p, "cpu_labels".into(), None, Default::default()).unwrap();
    perftui::explorer::run_sync(&mut app, vec![job]);
    // Files are looked for from tests/data, as `perftui list` run there.
    app.source_paths =
        perftui::report::source::SourcePaths::new(crate::common::data_dir().to_str(), None);
    app.editor = editor;
    app.handle(Event::Input(Input::Resize {
        width: W,
        height: H,
    }));
    key(&mut app, KeyCode::Char('2'));
    assert_eq!(app.view, View::Top);
    let a = app.analysis.clone().unwrap();
    let pos = app
        .top
        .order
        .iter()
        .position(|&r| a.top.rows[r].name == function)
        .unwrap();
    app.top.selected = pos;
    let effects = key(&mut app, KeyCode::Char('v'));
    let (mut pushed, _) = settle(&mut app, effects);
    assert_eq!(pushed.len(), 1, "v opens one screen");
    let mut pane = pushed.remove(0);
    assert_eq!(pane.name(), "source");
    let mut effects = pane.handle(Event::Input(Input::Resize {
        width: W,
        height: H,
    }));
    effects.extend(pane.start());
    settle(pane.as_mut(), effects);
    assert!(pane.ready());
    pane
}

fn draw(s: &dyn Screen) -> Buffer {
    let mut buf = Buffer::empty(Rect::new(0, 0, W, H));
    s.render(Rect::new(0, 0, W, H), &mut buf);
    buf
}

fn text(s: &dyn Screen) -> String {
    buffer_text(&draw(s))
}

/// The text of the row drawn selected (reversed).
fn selected_row(s: &dyn Screen) -> String {
    let buf = draw(s);
    let y = (0..H)
        .find(|&y| {
            buf[(0, y)]
                .modifier
                .contains(ratatui::style::Modifier::REVERSED)
        })
        .expect("a selected row");
    (0..W)
        .map(|x| buf[(x, y)].symbol().to_string())
        .collect::<String>()
        .trim_end()
        .to_string()
}

#[test]
fn v_shows_the_functions_lines_as_list_prints_them_on_the_hottest_line() {
    let pane = open_pane("main.handle", (None, None));
    let screen = text(pane.as_ref());
    assert!(
        screen.contains("main.handle in ") && screen.contains("src/labels/main.go"),
        "{screen}"
    );
    assert!(
        screen.contains("flat 0  cum 750ms  (67.57% of 1.11s)"),
        "{screen}"
    );
    // Every line of the listing perftui list prints, tabs as spaces.
    let listed = crate::common::stdout_ok(&["list", r"^main\.handle$", "pprof/cpu_labels.pb.gz"]);
    for line in listed.lines().skip(3) {
        let (values, source) = line.split_once(':').unwrap();
        let want = format!("{values}  {}", source.replace('\t', "    "));
        assert!(
            screen.contains(want.trim_end()),
            "missing {want:?}\n{screen}"
        );
    }
    // The hottest line (61: hashWork(200), 500ms) is selected.
    assert_eq!(
        selected_row(pane.as_ref()),
        "         .      500ms     61              hashWork(200)"
    );
}

#[test]
fn e_asks_for_the_editor_at_the_selected_line() {
    let mut pane = open_pane(
        "main.handle",
        (None, Some("/opt/fake-editor --flag".to_string())),
    );
    key(pane.as_mut(), KeyCode::Down);
    assert!(selected_row(pane.as_ref()).contains("    62  "));
    let effects = key(pane.as_mut(), KeyCode::Char('e'));
    let (_, edits) = settle(pane.as_mut(), effects);
    let file = crate::common::data_dir().join("src/labels/main.go");
    assert!(file.is_file());
    assert_eq!(
        edits,
        [EditorCommand {
            command: "/opt/fake-editor --flag".into(),
            args: vec!["+62".into(), file.display().to_string()],
        }]
    );
    // A failed editor is said in the status line.
    pane.handle(Event::Edited(Err("vim exited with exit status: 1".into())));
    assert!(text(pane.as_ref()).contains("vim exited with exit status: 1"));
    // Without $VISUAL or $EDITOR, the pane says what to set.
    let mut pane = open_pane("main.handle", (None, None));
    let effects = key(pane.as_mut(), KeyCode::Char('e'));
    assert!(settle(pane.as_mut(), effects).1.is_empty());
    assert!(text(pane.as_ref()).contains("set $VISUAL or $EDITOR"));
}

#[test]
fn each_editor_gets_its_own_syntax_for_file_and_line() {
    let f = Path::new("/src/main.go");
    let args = |visual: Option<&str>, editor: Option<&str>| {
        editor_command(visual, editor, f, 61).map(|c| (c.command, c.args))
    };
    for plus in [
        "vi",
        "vim",
        "nvim",
        "emacs",
        "nano",
        "hx",
        "/usr/bin/vim -u NONE",
    ] {
        assert_eq!(
            args(None, Some(plus)).unwrap().1,
            ["+61", "/src/main.go"],
            "{plus}"
        );
    }
    assert_eq!(
        args(None, Some("code --wait")).unwrap().1,
        ["--goto", "/src/main.go:61"]
    );
    assert_eq!(args(None, Some("subl")).unwrap().1, ["/src/main.go:61"]);
    // $VISUAL wins over $EDITOR; an empty one does not count.
    assert_eq!(args(Some("nvim"), Some("code")).unwrap().0, "nvim");
    assert_eq!(args(Some(" "), Some("code")).unwrap().0, "code");
    assert!(args(None, None).is_err());
}

#[test]
fn a_function_whose_source_is_missing_says_where_it_was_looked_for() {
    // cpu_before was built with -trimpath: its files are module paths that
    // are nowhere under tests/data.
    let pane = open_pane_of(
        "pprof/cpu_before.pb.gz",
        "perftui.test/corpus/jsonish.Parse",
        (None, None),
    );
    let screen = text(pane.as_ref());
    let want = format!(
        "source not found: could not find file perftui.test/corpus/jsonish/jsonish.go on path {}",
        crate::common::data_dir().display()
    );
    assert!(screen.contains(&want), "{screen}");
    // And e says there is nothing to open.
    let mut pane = pane;
    let mut pane_ref = pane.as_mut();
    let effects = key(pane_ref, KeyCode::Char('e'));
    assert!(settle(pane_ref, effects).1.is_empty());
    pane_ref = pane.as_mut();
    assert!(text(pane_ref).contains("was not found, so there is nothing to edit"));
}

#[test]
fn the_pane_renders_as_recorded() {
    let pane = open_pane("main.hashWork", (None, None));
    // The file's directory differs between checkouts.
    let screen = text(pane.as_ref()).replace(
        &crate::common::data_dir().display().to_string(),
        "<tests/data>",
    );
    insta::assert_snapshot!("source_pane_hashwork", screen);
}
