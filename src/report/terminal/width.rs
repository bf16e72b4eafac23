//! Columns that line up whatever the script: cells are measured in terminal
//! columns ([`unicode_width`]), where a Japanese character takes two, rather
//! than in characters, which `format!("{:<30}")` counts.

use unicode_width::UnicodeWidthStr;

use crate::report::lang::Lang;

/// The width of a column of durations: `english` as the English tables have
/// always had it; Japanese durations (`10時間59分`) need ten columns.
pub(crate) fn duration_columns(lang: Lang, english: usize) -> usize {
    match lang {
        Lang::En => english,
        Lang::Ja => english.max(10),
    }
}

/// The terminal columns `text` takes.
pub(crate) fn columns(text: &str) -> usize {
    text.width()
}

/// `text` cut to at most `max` columns, never inside a character. Line
/// breaks become spaces, so a cell stays on its row.
pub(crate) fn cut(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let c = if c.is_control() { ' ' } else { c };
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > max {
            break;
        }
        used += w;
        out.push(c);
    }
    out
}

/// `text` followed by spaces up to `width` columns (left-aligned).
pub(crate) fn left(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(columns(text))))
}

/// Spaces, then `text`, up to `width` columns (right-aligned).
pub(crate) fn right(text: &str, width: usize) -> String {
    format!("{}{text}", " ".repeat(width.saturating_sub(columns(text))))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_takes_two_columns_a_character() {
        assert_eq!(columns("梅田薬局"), 8);
        assert_eq!(left("梅田薬局", 10), "梅田薬局  ");
        assert_eq!(left("Kukka", 10), "Kukka     ");
        assert_eq!(right("運転", 6), "  運転");
        assert_eq!(cut("株式会社梅田薬局", 7), "株式会");
        assert_eq!(cut("two\nlines", 20), "two lines");
        assert_eq!(left("too long for it", 3), "too long for it");
    }
}
