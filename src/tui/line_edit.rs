//! The one-line editor behind every prompt (search, filters, the benchmark
//! view's row filter): readline's keys, a pre-filled entry that typing
//! replaces, pasted text as one edit, and a history per prompt kind.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// One change to a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Insert a character at the cursor (replacing a selection).
    Insert(char),
    /// Insert pasted text at the cursor: one edit however long it is.
    Paste(String),
    /// Delete the character before the cursor (or the selection).
    Backspace,
    /// Delete the character under the cursor (or the selection).
    Delete,
    /// Cursor one character left.
    Left,
    /// Cursor one character right.
    Right,
    /// Cursor to the start (Home, Ctrl-A).
    Home,
    /// Cursor to the end (End, Ctrl-E).
    End,
    /// Delete from the start to the cursor (Ctrl-U).
    KillToStart,
    /// Delete the word before the cursor (Ctrl-W).
    KillWord,
    /// Delete from the cursor to the end (Ctrl-K).
    KillToEnd,
    /// The previous entry of the history (↑).
    Older,
    /// The next entry of the history, then the line being typed (↓).
    Newer,
}

/// The edit a key means in a prompt, if any. Enter and Esc are the
/// prompt's own business.
pub fn edit_for_key(key: KeyEvent) -> Option<Edit> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    Some(match key.code {
        KeyCode::Char('a') if ctrl => Edit::Home,
        KeyCode::Char('e') if ctrl => Edit::End,
        KeyCode::Char('u') if ctrl => Edit::KillToStart,
        KeyCode::Char('w') if ctrl => Edit::KillWord,
        KeyCode::Char('k') if ctrl => Edit::KillToEnd,
        KeyCode::Char('b') if ctrl => Edit::Left,
        KeyCode::Char('f') if ctrl => Edit::Right,
        KeyCode::Char('h') if ctrl => Edit::Backspace,
        KeyCode::Char(_) if ctrl => return None,
        KeyCode::Char(c) => Edit::Insert(c),
        KeyCode::Backspace => Edit::Backspace,
        KeyCode::Delete => Edit::Delete,
        KeyCode::Left => Edit::Left,
        KeyCode::Right => Edit::Right,
        KeyCode::Home => Edit::Home,
        KeyCode::End => Edit::End,
        KeyCode::Up => Edit::Older,
        KeyCode::Down => Edit::Newer,
        _ => return None,
    })
}

/// The prompts' keys, for the help overlays.
pub const HELP: &[(&str, &str)] = &[
    (
        "←/→  Home/End",
        "in a prompt: move the cursor (also Ctrl-A/E)",
    ),
    (
        "Ctrl-U/W/K",
        "in a prompt: delete to start, word before, to end",
    ),
    ("↑/↓", "in a prompt: earlier entries of that prompt"),
];

/// A line being edited.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineEdit {
    text: String,
    /// Byte offset of the cursor, always on a character boundary.
    cursor: usize,
    /// The whole text is selected: the next character typed or pasted
    /// replaces it (a pre-filled entry).
    selected: bool,
    /// Position in the history while browsing it (0 = newest entry).
    browsing: Option<usize>,
    /// What was typed before browsing the history.
    draft: String,
}

impl LineEdit {
    /// An empty line.
    pub fn new() -> Self {
        Self::default()
    }

    /// A line pre-filled with `text`, all of it selected so that typing
    /// replaces it and the cursor keys keep it.
    pub fn prefilled(text: impl Into<String>) -> Self {
        let text = text.into();
        LineEdit {
            cursor: text.len(),
            selected: !text.is_empty(),
            text,
            ..Self::default()
        }
    }

    /// The text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The cursor, in characters from the start.
    pub fn cursor_chars(&self) -> usize {
        self.text[..self.cursor].chars().count()
    }

    /// Whether the whole text is selected.
    pub fn is_selected(&self) -> bool {
        self.selected
    }

    /// Applies an edit, with `history` (newest last) for ↑/↓. Returns
    /// whether the text changed.
    pub fn apply(&mut self, edit: Edit, history: &[String]) -> bool {
        let before = self.text.clone();
        if std::mem::take(&mut self.selected) {
            match edit {
                Edit::Insert(_) | Edit::Paste(_) => {
                    self.text.clear();
                    self.cursor = 0;
                }
                Edit::Backspace | Edit::Delete => {
                    self.text.clear();
                    self.cursor = 0;
                    return before != self.text;
                }
                Edit::Home | Edit::Left => {
                    self.cursor = 0;
                    return false;
                }
                Edit::Right | Edit::End => {
                    self.cursor = self.text.len();
                    return false;
                }
                _ => {}
            }
        }
        match edit {
            Edit::Insert(c) => {
                self.text.insert(self.cursor, c);
                self.cursor += c.len_utf8();
            }
            Edit::Paste(s) => {
                // A pasted line break would end nothing here: one line only.
                let clean: String = s
                    .chars()
                    .map(|c| if c.is_control() { ' ' } else { c })
                    .collect();
                let clean = clean.trim_end_matches(' ');
                self.text.insert_str(self.cursor, clean);
                self.cursor += clean.len();
            }
            Edit::Backspace => {
                if let Some(c) = self.text[..self.cursor].chars().next_back() {
                    self.cursor -= c.len_utf8();
                    self.text.remove(self.cursor);
                }
            }
            Edit::Delete => {
                if self.cursor < self.text.len() {
                    self.text.remove(self.cursor);
                }
            }
            Edit::Left => {
                if let Some(c) = self.text[..self.cursor].chars().next_back() {
                    self.cursor -= c.len_utf8();
                }
            }
            Edit::Right => {
                if let Some(c) = self.text[self.cursor..].chars().next() {
                    self.cursor += c.len_utf8();
                }
            }
            Edit::Home => self.cursor = 0,
            Edit::End => self.cursor = self.text.len(),
            Edit::KillToStart => {
                self.text.drain(..self.cursor);
                self.cursor = 0;
            }
            Edit::KillToEnd => self.text.truncate(self.cursor),
            Edit::KillWord => {
                // readline's unix-word-rubout: blanks, then the word.
                let head = &self.text[..self.cursor];
                let trimmed = head.trim_end_matches(char::is_whitespace);
                let start = trimmed.rfind(char::is_whitespace).map_or(0, |i| {
                    i + trimmed[i..].chars().next().map_or(1, char::len_utf8)
                });
                self.text.drain(start..self.cursor);
                self.cursor = start;
            }
            Edit::Older | Edit::Newer => {
                self.recall(edit == Edit::Older, history);
                return before != self.text;
            }
        }
        // Typing after browsing makes the recalled entry the draft.
        self.browsing = None;
        before != self.text
    }

    fn recall(&mut self, older: bool, history: &[String]) {
        let n = history.len();
        let next = match (self.browsing, older) {
            (None, true) if n > 0 => {
                self.draft = self.text.clone();
                Some(0)
            }
            (Some(i), true) => Some((i + 1).min(n.saturating_sub(1))),
            (Some(0), false) => None,
            (Some(i), false) => Some(i - 1),
            (None, _) => return,
        };
        self.browsing = next;
        self.text = match next {
            Some(i) => history[n - 1 - i].clone(),
            None => std::mem::take(&mut self.draft),
        };
        self.cursor = self.text.len();
    }
}

/// Past entries of one prompt kind, newest last, without repeats in a row.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    entries: Vec<String>,
}

impl History {
    /// How many entries a history keeps.
    pub const LIMIT: usize = 100;

    /// Remembers an entry (not an empty one, and not the newest again).
    pub fn push(&mut self, entry: &str) {
        if entry.is_empty() || self.entries.last().is_some_and(|l| l == entry) {
            return;
        }
        self.entries.push(entry.to_string());
        if self.entries.len() > Self::LIMIT {
            self.entries.remove(0);
        }
    }

    /// The entries, newest last.
    pub fn entries(&self) -> &[String] {
        &self.entries
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(s: &str) -> LineEdit {
        let mut l = LineEdit::new();
        for c in s.chars() {
            l.apply(Edit::Insert(c), &[]);
        }
        l
    }

    fn key(code: KeyCode, ctrl: bool) -> KeyEvent {
        let m = if ctrl {
            KeyModifiers::CONTROL
        } else {
            KeyModifiers::NONE
        };
        KeyEvent::new(code, m)
    }

    #[test]
    fn cursor_moves_and_inserts_in_the_middle() {
        let mut l = typed("mallc");
        l.apply(Edit::Left, &[]);
        l.apply(Edit::Insert('o'), &[]);
        assert_eq!((l.text(), l.cursor_chars()), ("malloc", 5));
        l.apply(Edit::Home, &[]);
        l.apply(Edit::Insert('^'), &[]);
        l.apply(Edit::End, &[]);
        l.apply(Edit::Insert('$'), &[]);
        assert_eq!(l.text(), "^malloc$");
        l.apply(Edit::Left, &[]);
        l.apply(Edit::Delete, &[]);
        assert_eq!(l.text(), "^malloc");
    }

    #[test]
    fn readline_kills() {
        let mut l = typed("runtime.mallocgc  main.work");
        l.apply(Edit::KillWord, &[]);
        assert_eq!(l.text(), "runtime.mallocgc  ");
        l.apply(Edit::KillWord, &[]);
        assert_eq!(l.text(), "");
        let mut l = typed("abc def");
        for _ in 0..4 {
            l.apply(Edit::Left, &[]);
        }
        l.apply(Edit::KillToEnd, &[]);
        assert_eq!(l.text(), "abc");
        let mut l = typed("abc def");
        l.apply(Edit::Left, &[]);
        l.apply(Edit::KillToStart, &[]);
        assert_eq!((l.text(), l.cursor_chars()), ("f", 0));
    }

    #[test]
    fn multibyte_characters_move_as_one() {
        let mut l = typed("aé→b");
        l.apply(Edit::Left, &[]);
        l.apply(Edit::Left, &[]);
        l.apply(Edit::Backspace, &[]);
        assert_eq!((l.text(), l.cursor_chars()), ("a→b", 1));
        let mut l = typed("x é→");
        l.apply(Edit::KillWord, &[]);
        assert_eq!(l.text(), "x ");
    }

    #[test]
    fn a_prefilled_entry_is_replaced_by_typing_and_kept_by_the_cursor_keys() {
        let mut l = LineEdit::prefilled("^main\\.work$");
        assert!(l.is_selected());
        l.apply(Edit::Insert('x'), &[]);
        assert_eq!(l.text(), "x");
        let mut l = LineEdit::prefilled("^a$");
        l.apply(Edit::Paste("b+".into()), &[]);
        assert_eq!(l.text(), "b+");
        let mut l = LineEdit::prefilled("^a$");
        l.apply(Edit::Backspace, &[]);
        assert_eq!(l.text(), "");
        let mut l = LineEdit::prefilled("^a$");
        l.apply(Edit::Home, &[]);
        l.apply(Edit::Insert('x'), &[]);
        assert_eq!(l.text(), "x^a$");
        let mut l = LineEdit::prefilled("^a$");
        l.apply(Edit::End, &[]);
        l.apply(Edit::Backspace, &[]);
        assert_eq!(l.text(), "^a");
    }

    #[test]
    fn a_paste_is_one_edit_on_one_line() {
        let mut l = typed("ab");
        l.apply(Edit::Left, &[]);
        assert!(l.apply(Edit::Paste("x\ny\r\n".into()), &[]));
        assert_eq!((l.text(), l.cursor_chars()), ("ax yb", 4));
    }

    #[test]
    fn history_walks_back_and_returns_to_the_draft() {
        let mut h = History::default();
        for e in ["one", "two", "two", "", "three"] {
            h.push(e);
        }
        assert_eq!(h.entries(), ["one", "two", "three"]);
        let mut l = typed("dra");
        l.apply(Edit::Older, h.entries());
        assert_eq!(l.text(), "three");
        l.apply(Edit::Older, h.entries());
        l.apply(Edit::Older, h.entries());
        l.apply(Edit::Older, h.entries());
        assert_eq!(l.text(), "one");
        l.apply(Edit::Newer, h.entries());
        assert_eq!(l.text(), "two");
        l.apply(Edit::Newer, h.entries());
        l.apply(Edit::Newer, h.entries());
        assert_eq!(l.text(), "dra");
        assert!(!l.apply(Edit::Newer, h.entries()));
    }

    #[test]
    fn keys_map_to_edits() {
        assert_eq!(
            edit_for_key(key(KeyCode::Char('a'), true)),
            Some(Edit::Home)
        );
        assert_eq!(
            edit_for_key(key(KeyCode::Char('w'), true)),
            Some(Edit::KillWord)
        );
        assert_eq!(
            edit_for_key(key(KeyCode::Char('w'), false)),
            Some(Edit::Insert('w'))
        );
        assert_eq!(edit_for_key(key(KeyCode::Up, false)), Some(Edit::Older));
        assert_eq!(edit_for_key(key(KeyCode::Char('z'), true)), None);
        assert_eq!(edit_for_key(key(KeyCode::Enter, false)), None);
    }
}
