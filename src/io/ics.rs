//! iCalendar files (RFC 5545), read as far as rounds needs: the events.
//!
//! [`read_events`] unfolds the lines, splits each into its name, parameters
//! and value ([`Property`]), follows the `BEGIN`/`END` nesting, and returns
//! every `VEVENT` with its own properties (not those of an alarm inside it,
//! nor of the time-zone definitions beside it), each property with the
//! physical line it starts on, so every error points at the line a person
//! would open.
//!
//! Real files differ from the standard's examples, and this reader takes
//! them as calendar programs write them: CRLF or LF line ends, folded lines
//! (a line starting with a space or tab continues the previous one), where
//! a fold may fall inside a multi-byte character, since the standard folds
//! by octets (so lines are unfolded as bytes, before decoding), blank lines,
//! lower-case names, quoted parameter values holding `:` or `;`. The text is
//! UTF-8, as the standard requires; the reader decodes it through
//! [`super::text`], so a Shift_JIS export from an old system reads too.
//!
//! Why not a crate: the iCalendar parsers on crates.io unfold text that is
//! already decoded (a fold inside a character makes the file unreadable, or
//! ends the reading silently) and keep no line numbers for their properties,
//! so they cannot say which line of a holidays file is wrong. The tests
//! check this reader's results against the `icalendar` crate on the same
//! files.

use std::path::Path;

use super::text::{self, TextEncoding};
use super::InputError;

/// One property (content line) of an event: `NAME;PARAM=VALUE:value`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Property {
    /// The physical line the property starts on, 1-based.
    pub line: u64,
    /// The name, upper-cased (`DTSTART`).
    pub name: String,
    /// The parameters, names upper-cased, values without their quotes.
    pub params: Vec<(String, String)>,
    /// The value as written (text values are still escaped; see [`unescape_text`]).
    pub value: String,
}

impl Property {
    /// The value of parameter `name` (upper-case), if given.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// A `VEVENT`: the line of its `BEGIN:VEVENT` and its own properties, in file order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// The physical line of `BEGIN:VEVENT`.
    pub line: u64,
    /// Its properties, without those of components nested in it (alarms).
    pub properties: Vec<Property>,
}

impl Event {
    /// The first property named `name` (upper-case).
    pub fn get(&self, name: &str) -> Option<&Property> {
        self.properties.iter().find(|p| p.name == name)
    }

    /// Every property named `name` (upper-case), in file order.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Property> + 'a {
        self.properties.iter().filter(move |p| p.name == name)
    }
}

/// Reads the events of the iCalendar file at `path`.
pub fn read_events(path: &Path, encoding: TextEncoding) -> Result<Vec<Event>, InputError> {
    let bytes = super::read_input(path, &crate::model::limits::FILE_BYTES)?;
    let field_error = |line: u64, field: &str, problem: String| InputError::Field {
        file: path.to_path_buf(),
        line,
        field: field.to_string(),
        problem,
    };
    let unfolded = unfold(&bytes);
    let joined: Vec<u8> =
        unfolded.iter().flat_map(|(_, bytes)| bytes.iter().copied().chain([b'\n'])).collect();
    let decoded = text::decode(&joined, encoding);
    let texts: Vec<&str> = decoded.text.split('\n').collect();
    let mut events = Vec::new();
    let mut stack: Vec<(String, u64)> = Vec::new();
    let mut calendars = 0;
    let mut current: Option<Event> = None;
    for (&(line, _), text) in unfolded.iter().zip(&texts) {
        if decoded.malformed && text.contains('\u{FFFD}') {
            return Err(field_error(line, property_name(text), decoded.problem.to_string()));
        }
        let parsed = parse_line(text, line);
        let Some((open, opened)) = stack.last().cloned() else {
            if parsed.as_ref().is_ok_and(|p| p.name == "BEGIN" && p.value.eq_ignore_ascii_case("VCALENDAR")) {
                calendars += 1;
                stack.push(("VCALENDAR".to_string(), line));
                continue;
            }
            let problem = if calendars == 0 {
                format!("not an iCalendar file: line {line} is `{}`, expected BEGIN:VCALENDAR", shorten(text))
            } else {
                format!("line {line} (`{}`) comes after END:VCALENDAR", shorten(text))
            };
            return Err(InputError::File { file: path.to_path_buf(), problem });
        };
        let property = parsed.map_err(|problem| field_error(line, property_name(text), problem))?;
        let component = property.value.to_ascii_uppercase();
        match property.name.as_str() {
            "BEGIN" => {
                if component == "VEVENT" && stack.len() == 1 {
                    current = Some(Event { line, properties: Vec::new() });
                }
                stack.push((component, line));
            }
            "END" => {
                if open != component {
                    return Err(field_error(
                        line,
                        "END",
                        format!("END:{component} closes BEGIN:{open} of line {opened}; expected END:{open}"),
                    ));
                }
                stack.pop();
                if component == "VEVENT" && stack.len() == 1 {
                    events.extend(current.take());
                }
            }
            _ => {
                if let (Some(event), 2) = (current.as_mut(), stack.len()) {
                    event.properties.push(property);
                }
            }
        }
    }
    match stack.last() {
        Some((open, opened)) => Err(InputError::File {
            file: path.to_path_buf(),
            problem: format!("BEGIN:{open} on line {opened} has no END:{open}; the file is cut short"),
        }),
        None if calendars == 0 => Err(InputError::File {
            file: path.to_path_buf(),
            problem: "empty file; expected an iCalendar file starting with BEGIN:VCALENDAR".to_string(),
        }),
        None => Ok(events),
    }
}

/// The logical lines of the file with the physical line each starts on:
/// line ends (CRLF or LF) removed, folded lines joined (the one space or tab
/// starting a continuation removed), blank lines dropped.
fn unfold(bytes: &[u8]) -> Vec<(u64, Vec<u8>)> {
    let mut lines: Vec<(u64, Vec<u8>)> = Vec::new();
    for (index, physical) in bytes.split(|&b| b == b'\n').enumerate() {
        let physical = physical.strip_suffix(b"\r").unwrap_or(physical);
        match physical.first() {
            Some(b' ' | b'\t') if !lines.is_empty() => {
                lines.last_mut().expect("not empty").1.extend_from_slice(&physical[1..]);
            }
            _ if physical.iter().all(u8::is_ascii_whitespace) => {}
            _ => lines.push((index as u64 + 1, physical.to_vec())),
        }
    }
    lines
}

/// Splits `NAME;PARAM=VALUE;PARAM="QUOTED":value` into a [`Property`].
fn parse_line(text: &str, line: u64) -> Result<Property, String> {
    let expected = "expected an iCalendar line like `NAME:value` or `NAME;PARAM=VALUE:value`";
    let name_end =
        text.find([';', ':']).ok_or_else(|| format!("`{}` has no `:`; {expected}", shorten(text)))?;
    let name = text[..name_end].trim();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(format!("`{}` does not start with a property name; {expected}", shorten(text)));
    }
    let mut params = Vec::new();
    let mut rest = &text[name_end..];
    while let Some(after) = rest.strip_prefix(';') {
        let eq = after
            .find('=')
            .ok_or_else(|| format!("parameter `{}` has no `=`; {expected}", shorten(after)))?;
        let key = after[..eq].trim().to_ascii_uppercase();
        let mut value = String::new();
        let mut chars = after[eq + 1..].char_indices();
        let mut quoted = false;
        let mut end = None;
        for (i, c) in chars.by_ref() {
            match c {
                '"' => quoted = !quoted,
                ';' | ':' if !quoted => {
                    end = Some(eq + 1 + i);
                    break;
                }
                c => value.push(c),
            }
        }
        let end = end.ok_or_else(|| {
            if quoted {
                format!("parameter {key} has an unclosed quote; {expected}")
            } else {
                format!("the line ends in parameter {key} with no `:value`; {expected}")
            }
        })?;
        params.push((key, value));
        rest = &after[end..];
    }
    let value =
        rest.strip_prefix(':').ok_or_else(|| format!("`{}` has no `:value`; {expected}", shorten(text)))?;
    Ok(Property { line, name: name.to_ascii_uppercase(), params, value: value.to_string() })
}

/// The property name at the start of a line, for errors (`line` when there is none).
fn property_name(text: &str) -> &str {
    let name = text.split([';', ':']).next().unwrap_or("").trim();
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        "line"
    } else {
        name
    }
}

/// A line cut to 60 characters for a message.
fn shorten(text: &str) -> String {
    const SHOWN: usize = 60;
    if text.chars().count() <= SHOWN {
        text.to_string()
    } else {
        format!("{}...", text.chars().take(SHOWN).collect::<String>())
    }
}

/// A TEXT value with its escapes (`\,` `\;` `\\` `\n`) resolved.
pub fn unescape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n' | 'N') => out.push('\n'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(bytes: &[u8]) -> Result<Vec<Event>, InputError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("holidays.ics");
        std::fs::write(&path, bytes).unwrap();
        read_events(&path, TextEncoding::Auto)
    }

    #[test]
    fn unfolds_crlf_lines_even_inside_a_character() {
        // 祝 is E7 A5 9D in UTF-8; the fold falls between its bytes.
        let mut bytes =
            b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:\xE7\xA5\r\n \x9D\xE6\x97\xA5\r\n".to_vec();
        bytes.extend_from_slice(b"DTSTART;VALUE=DATE:2026\r\n\t0101\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n");
        let events = events(&bytes).unwrap();
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].line, 2);
        let summary = events[0].get("SUMMARY").unwrap();
        assert_eq!((summary.line, summary.value.as_str()), (3, "祝日"));
        let start = events[0].get("DTSTART").unwrap();
        assert_eq!((start.line, start.value.as_str(), start.param("VALUE")), (5, "20260101", Some("DATE")));
    }

    #[test]
    fn quoted_parameters_and_nested_components() {
        let text = "BEGIN:VCALENDAR\nBEGIN:VTIMEZONE\nTZID:Asia/Tokyo\nBEGIN:STANDARD\nDTSTART:19700101T000000\n\
                    END:STANDARD\nEND:VTIMEZONE\nbegin:vevent\nDTSTART;TZID=\"Asia/Tokyo\";X-NOTE=\"a:b;c\":20261229T090000\n\
                    BEGIN:VALARM\nTRIGGER:-PT15M\nDESCRIPTION:reminder\nEND:VALARM\nsummary:Office closed\nEND:VEVENT\nEND:VCALENDAR\n";
        let events = events(text.as_bytes()).unwrap();
        assert_eq!(events.len(), 1, "the time zone's DTSTART is not an event");
        let event = &events[0];
        assert_eq!(event.properties.len(), 2, "the alarm's properties are its own: {event:?}");
        let start = event.get("DTSTART").unwrap();
        assert_eq!(start.param("TZID"), Some("Asia/Tokyo"));
        assert_eq!(start.param("X-NOTE"), Some("a:b;c"));
        assert_eq!(start.value, "20261229T090000");
        assert_eq!(event.get("SUMMARY").unwrap().value, "Office closed");
    }

    #[test]
    fn errors_name_the_line() {
        let msg = events(b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART\nEND:VEVENT\nEND:VCALENDAR\n")
            .unwrap_err()
            .to_string();
        assert!(msg.contains("holidays.ics line 3, field `DTSTART`: `DTSTART` has no `:`"), "{msg}");
        let msg = events(b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nEND:VCALENDAR\n").unwrap_err().to_string();
        assert!(msg.contains("line 3, field `END`: END:VCALENDAR closes BEGIN:VEVENT of line 2"), "{msg}");
        let msg = events(b"BEGIN:VCALENDAR\nBEGIN:VEVENT\n").unwrap_err().to_string();
        assert!(msg.contains("BEGIN:VEVENT on line 2 has no END:VEVENT"), "{msg}");
        let msg = events(b"date,name\n2026-01-01,x\n").unwrap_err().to_string();
        assert!(msg.contains("not an iCalendar file: line 1 is `date,name`"), "{msg}");
        let msg = events(b"").unwrap_err().to_string();
        assert!(msg.contains("empty file"), "{msg}");
        let msg = events(b"BEGIN:VCALENDAR\nSUMMARY;X=\"open:x\n").unwrap_err().to_string();
        assert!(msg.contains("line 2, field `SUMMARY`: parameter X has an unclosed quote"), "{msg}");
        let msg = events(b"BEGIN:VCALENDAR\nSUMMARY:caf\xE9 \x81\nEND:VCALENDAR\n").unwrap_err().to_string();
        assert!(msg.contains("line 2, field `SUMMARY`: the text is neither UTF-8 nor Shift_JIS"), "{msg}");
    }

    #[test]
    fn text_escapes() {
        assert_eq!(unescape_text(r"Office\, shop\; all\\none\nclosed"), "Office, shop; all\\none\nclosed");
    }
}
