//! Where a value sits in a JSON text, so that an error found after parsing
//! still names its line.
//!
//! `serde_json::Value` keeps no positions. Errors are rare, so instead of
//! carrying spans through every value, [`line_of`] scans the (already valid)
//! text once more along a [`JsonPath`] when an error is reported.

use std::fmt;

/// One step into a JSON document: a key of an object or an index of an array.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// A key of an object.
    Key(String),
    /// A position in an array, from 0.
    Index(usize),
}

/// The way to a value from the document's root, written as `jobs[3].pickup`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JsonPath(Vec<Step>);

impl JsonPath {
    /// The path of the key `key` of the object at `self`.
    pub fn key(&self, key: &str) -> JsonPath {
        let mut steps = self.0.clone();
        steps.push(Step::Key(key.to_string()));
        JsonPath(steps)
    }

    /// The path of element `index` of the array at `self`.
    pub fn index(&self, index: usize) -> JsonPath {
        let mut steps = self.0.clone();
        steps.push(Step::Index(index));
        JsonPath(steps)
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(the whole request)");
        }
        for (k, step) in self.0.iter().enumerate() {
            match step {
                Step::Key(key) if k == 0 => f.write_str(key)?,
                Step::Key(key) => write!(f, ".{key}")?,
                Step::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// The line (from 1) where the value at `path` starts in `text`, a valid JSON
/// document; the line of the deepest value on the way that exists, so a
/// missing key is placed at its object. Where a key occurs twice, the first is
/// taken (the parser keeps the last; such a document is broken anyway).
pub fn line_of(text: &str, path: &JsonPath) -> usize {
    let mut scanner = Scanner { bytes: text.as_bytes(), pos: 0 };
    scanner.skip_space();
    let mut found = scanner.pos;
    for step in &path.0 {
        let entered = match step {
            Step::Key(key) => scanner.enter_key(key),
            Step::Index(index) => scanner.enter_index(*index),
        };
        if !entered {
            break;
        }
        found = scanner.pos;
    }
    text.as_bytes()[..found.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

/// A cursor over valid JSON that can skip whole values.
struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
            self.pos += 1;
        }
    }

    /// Skips `byte` (and the space after it) if it is next.
    fn eat(&mut self, byte: u8) -> bool {
        if self.peek() == Some(byte) {
            self.pos += 1;
            self.skip_space();
            true
        } else {
            false
        }
    }

    /// Reads a string and returns its raw contents (escapes left as written).
    fn string(&mut self) -> &[u8] {
        let start = self.pos + 1;
        self.pos = start;
        while let Some(b) = self.peek() {
            match b {
                b'\\' => self.pos += 2,
                b'"' => break,
                _ => self.pos += 1,
            }
        }
        let end = self.pos.min(self.bytes.len());
        self.pos += 1;
        self.skip_space();
        &self.bytes[start..end]
    }

    /// Skips one value of any kind, and the space after it.
    fn skip_value(&mut self) {
        match self.peek() {
            Some(b'"') => {
                self.string();
            }
            Some(open @ (b'{' | b'[')) => {
                self.eat(open);
                let close = if open == b'{' { b'}' } else { b']' };
                while self.peek().is_some() && !self.eat(close) {
                    if open == b'{' {
                        self.string();
                        self.eat(b':');
                    }
                    self.skip_value();
                    self.eat(b',');
                }
            }
            Some(_) => {
                while self
                    .peek()
                    .is_some_and(|b| !matches!(b, b',' | b'}' | b']') && !b.is_ascii_whitespace())
                {
                    self.pos += 1;
                }
                self.skip_space();
            }
            None => {}
        }
    }

    /// Moves to the value of `key` in the object that starts here.
    fn enter_key(&mut self, key: &str) -> bool {
        let start = self.pos;
        if !self.eat(b'{') {
            return false;
        }
        while self.peek() == Some(b'"') {
            let found = self.string() == key.as_bytes();
            self.eat(b':');
            if found {
                return true;
            }
            self.skip_value();
            self.eat(b',');
        }
        self.pos = start;
        false
    }

    /// Moves to element `index` of the array that starts here.
    fn enter_index(&mut self, index: usize) -> bool {
        let start = self.pos;
        if !self.eat(b'[') {
            return false;
        }
        for _ in 0..index {
            if matches!(self.peek(), None | Some(b']')) {
                self.pos = start;
                return false;
            }
            self.skip_value();
            self.eat(b',');
        }
        if matches!(self.peek(), None | Some(b']')) {
            self.pos = start;
            return false;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r#"{
  "vehicles": [{"id": 1, "start": [2.3, 48.7]}],
  "jobs": [
    {"id": 1, "location": [2.0, 48.7], "note": "a \"quoted\" ] { text"},
    {
      "id": 2,
      "pickup": [1]
    }
  ]
}"#;

    fn path(steps: &[Step]) -> JsonPath {
        JsonPath(steps.to_vec())
    }

    #[test]
    fn names_paths_as_users_write_them() {
        let p = JsonPath::default().key("jobs").index(3).key("pickup");
        assert_eq!(p.to_string(), "jobs[3].pickup");
        assert_eq!(JsonPath::default().key("matrix").index(1).index(2).to_string(), "matrix[1][2]");
    }

    #[test]
    fn finds_the_line_of_nested_values() {
        let jobs = Step::Key("jobs".into());
        assert_eq!(line_of(TEXT, &path(&[])), 1);
        assert_eq!(line_of(TEXT, &path(&[Step::Key("vehicles".into())])), 2);
        assert_eq!(line_of(TEXT, &path(&[jobs.clone(), Step::Index(0), Step::Key("location".into())])), 4);
        assert_eq!(line_of(TEXT, &path(&[jobs.clone(), Step::Index(1)])), 5);
        assert_eq!(line_of(TEXT, &path(&[jobs.clone(), Step::Index(1), Step::Key("pickup".into())])), 7);
    }

    #[test]
    fn a_missing_step_stops_at_the_deepest_value_found() {
        let jobs = Step::Key("jobs".into());
        assert_eq!(line_of(TEXT, &path(&[jobs.clone(), Step::Index(1), Step::Key("service".into())])), 5);
        assert_eq!(line_of(TEXT, &path(&[jobs, Step::Index(7)])), 3);
        assert_eq!(line_of(TEXT, &path(&[Step::Key("shipments".into())])), 1);
    }
}
