//! The one decoding step in front of every CSV reader: a file's bytes to text.
//!
//! CRMs and spreadsheets export CSV as UTF-8 (Excel's "CSV UTF-8" adds a
//! byte order mark) or, in Japan, as Shift_JIS: in practice Microsoft's
//! CP932 (Windows-31J), which adds NEC and IBM characters such as ① and ㈱.
//! [`TextEncoding::Auto`] reads a file that is valid UTF-8 as UTF-8 and any
//! other as CP932; a user can also name the encoding. UTF-8 is tried first
//! because Japanese text in Shift_JIS is almost never valid UTF-8, while the
//! reverse guess would misread every UTF-8 file with Japanese text.
//!
//! Bytes that are not valid in the encoding read become U+FFFD, and
//! the decoding says so; the CSV reader then reports the first cell
//! holding one with its line and column, as it reports any bad cell.

use std::borrow::Cow;
use std::fmt;

/// How a file's bytes are read as text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum TextEncoding {
    /// UTF-8 when the whole file is valid UTF-8, else Shift_JIS (CP932).
    #[default]
    Auto,
    /// UTF-8, with or without a byte order mark.
    Utf8,
    /// Shift_JIS as Windows writes it (CP932 / Windows-31J).
    ShiftJis,
}

impl TextEncoding {
    /// Parses `auto`, `utf-8` (`utf8`) or `shift_jis` (`shift-jis`, `sjis`,
    /// `cp932`, `windows-31j`), in any case.
    pub fn parse(text: &str) -> Result<TextEncoding, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(TextEncoding::Auto),
            "utf-8" | "utf8" => Ok(TextEncoding::Utf8),
            "shift_jis" | "shift-jis" | "sjis" | "cp932" | "windows-31j" => Ok(TextEncoding::ShiftJis),
            _ => Err(format!("`{text}` is not an encoding; expected utf-8, shift_jis or auto")),
        }
    }
}

impl fmt::Display for TextEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TextEncoding::Auto => "auto",
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::ShiftJis => "Shift_JIS",
        })
    }
}

/// `text` with full-width forms (全角) folded to ASCII: `２０２６／９／１４`,
/// `９：００～１８：００` and `３０` as `2026/9/14`, `9:00~18:00` and `30`, and
/// the ideographic space as a space. Japanese systems and people type numbers,
/// dates and hours either way; a CSV reader parses a cell's value from the
/// folded text ([`super::csv_region::Row::parse`]), while names, addresses
/// and identifiers stay as written.
pub(crate) fn ascii_width(text: &str) -> Cow<'_, str> {
    let folded = |c: char| match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    };
    if text.chars().all(|c| folded(c) == c) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().map(folded).collect())
    }
}

/// A file's text and how it was read.
pub(super) struct Decoded<'a> {
    /// The text, without a UTF-8 byte order mark.
    pub(super) text: Cow<'a, str>,
    /// Whether some bytes were not valid in the encoding and became U+FFFD.
    pub(super) malformed: bool,
    /// What to tell the user about a malformed cell: which encodings were
    /// tried, and what to do.
    pub(super) problem: &'static str,
}

/// Decodes `bytes` as `encoding` says.
pub(super) fn decode(bytes: &[u8], encoding: TextEncoding) -> Decoded<'_> {
    const NOT_UTF8: &str = "the text is not valid UTF-8; save the file as UTF-8 (in Excel: \"CSV UTF-8\"), \
                            or name its encoding (--encoding shift_jis)";
    const NOT_SJIS: &str = "the text is not valid Shift_JIS (CP932); check the file's encoding, \
                            or name it (--encoding utf-8)";
    const NEITHER: &str = "the text is neither UTF-8 nor Shift_JIS (CP932); \
                           save the file as UTF-8 (in Excel: \"CSV UTF-8\")";
    let without_bom = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let utf8 = |problem| match String::from_utf8_lossy(without_bom) {
        Cow::Borrowed(text) => Decoded { text: Cow::Borrowed(text), malformed: false, problem },
        Cow::Owned(text) => Decoded { text: Cow::Owned(text), malformed: true, problem },
    };
    let shift_jis = |problem| {
        let (text, malformed) = encoding_rs::SHIFT_JIS.decode_without_bom_handling(bytes);
        Decoded { text, malformed, problem }
    };
    match encoding {
        TextEncoding::Utf8 => utf8(NOT_UTF8),
        TextEncoding::ShiftJis => shift_jis(NOT_SJIS),
        TextEncoding::Auto => {
            if std::str::from_utf8(without_bom).is_ok() {
                return utf8(NEITHER);
            }
            let decoded = shift_jis(NEITHER);
            if decoded.malformed {
                utf8(NEITHER)
            } else {
                decoded
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sjis(text: &str) -> Vec<u8> {
        let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(text);
        assert!(!unmappable, "{text} has a character Shift_JIS cannot hold");
        bytes.into_owned()
    }

    #[test]
    fn full_width_forms_read_as_ascii() {
        assert_eq!(ascii_width("２０２６／９／１４"), "2026/9/14");
        assert_eq!(ascii_width("９：００～１８：００　１３：００"), "9:00~18:00 13:00");
        assert_eq!(ascii_width("ＡＢｃ－３０．５"), "ABc-30.5");
        assert!(matches!(ascii_width("株式会社 09:00-12:00"), Cow::Borrowed(_)), "nothing to fold");
        assert_eq!(ascii_width("〜ー①"), "〜ー①", "no full-width ASCII form");
    }

    #[test]
    fn auto_reads_utf8_with_and_without_bom_and_shift_jis() {
        let text = "id,name\nA1,株式会社大阪商事 ①\n";
        for bytes in
            [text.as_bytes().to_vec(), [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(), sjis(text)]
        {
            let decoded = decode(&bytes, TextEncoding::Auto);
            assert_eq!(decoded.text, text);
            assert!(!decoded.malformed);
        }
    }

    #[test]
    fn a_named_encoding_is_used_as_given() {
        let text = "大阪";
        assert_eq!(decode(&sjis(text), TextEncoding::ShiftJis).text, text);
        assert!(decode(&sjis(text), TextEncoding::Utf8).malformed, "Shift_JIS bytes are not UTF-8");
        // Valid UTF-8 read as Shift_JIS is garbage but not always malformed: the user asked for it.
        assert_ne!(decode(text.as_bytes(), TextEncoding::ShiftJis).text, text);
    }

    #[test]
    fn bytes_valid_in_neither_are_malformed() {
        // 0x81 0x20: a Shift_JIS lead byte followed by a space, and no UTF-8 either.
        let decoded = decode(b"id,name\nA1,x\x81 y\n", TextEncoding::Auto);
        assert!(decoded.malformed);
        assert!(decoded.text.contains('\u{FFFD}'));
        assert!(decoded.problem.contains("neither UTF-8 nor Shift_JIS"), "{}", decoded.problem);
    }

    #[test]
    fn names_parse() {
        assert_eq!(TextEncoding::parse("SJIS"), Ok(TextEncoding::ShiftJis));
        assert_eq!(TextEncoding::parse("cp932"), Ok(TextEncoding::ShiftJis));
        assert_eq!(TextEncoding::parse("UTF8"), Ok(TextEncoding::Utf8));
        assert!(TextEncoding::parse("latin1").unwrap_err().contains("utf-8, shift_jis or auto"));
    }
}
