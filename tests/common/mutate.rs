//! Mutations of a valid input that break careless readers: bit flips,
//! deleted, repeated or swapped pieces, extreme numbers, long values, quotes
//! and separators, truncation. Shared by the readers' fuzzing (`fuzz.rs`)
//! and the server's (`serve/fuzz.rs`).

use rounds::solver::rng::Rng;

/// Numbers and tokens that break careless parsers.
pub const TOKENS: &[&str] = &[
    "0",
    "-0",
    "-1",
    "1e308",
    "-1e308",
    "1e-320",
    "NaN",
    "inf",
    "-inf",
    "4294967295",
    "4294967296",
    "18446744073709551615",
    "99999999999999999999999",
    "9223372036854775807",
    "-9223372036854775808",
    "2147483648",
    "0.5",
    "1,5",
    "24:00",
    "23:59:60",
    "00:00-24:00",
    "99:99",
    "2030-11-24",
    "0000-01-01",
    "9999-12-31",
    "2026-02-30",
    "null",
    "true",
    "[]",
    "{}",
    "[[]]",
    "\"",
    "\"\"",
    ",",
    ";",
    "\n",
    "\r\n",
    "\t",
    "\u{feff}",
    "\u{0}",
    "é",
    "-",
    "/",
    ":",
    "[",
    "]",
    "{",
    "}",
    "1e9",
    "100000000",
];

/// One mutated copy of `seed`.
pub fn mutate(seed: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    // Mostly one mutation, so that many cases get past the reader to what comes next.
    let count = [1, 1, 1, 1, 2, 2, 3, 4][rng.below(8)];
    for _ in 0..count {
        let len = bytes.len();
        let at = if len == 0 { 0 } else { rng.below(len + 1) };
        match rng.below(10) {
            0 if len > 0 => {
                let i = rng.below(len);
                bytes[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                bytes[i] = *b"\0\xff-,;\"\n.e9:[{".get(rng.below(14)).unwrap_or(&b'9');
            }
            2 => {
                let end = (at + 1 + rng.below(64)).min(len);
                bytes.drain(at.min(end)..end);
            }
            3 if len > 0 => {
                let start = rng.below(len);
                let end = (start + 1 + rng.below(256)).min(len);
                let piece = bytes[start..end].to_vec();
                let times = 1 + rng.below(3);
                for _ in 0..times {
                    bytes.splice(at..at, piece.iter().copied());
                }
            }
            4 => {
                let token = TOKENS[rng.below(TOKENS.len())];
                bytes.splice(at..at, token.bytes());
            }
            5 => replace_number(&mut bytes, rng),
            6 => swap_lines(&mut bytes, rng),
            7 => bytes.truncate(at),
            8 => {
                let long = vec![b"x9 -"[rng.below(4)]; 200 + rng.below(2_000)];
                bytes.splice(at..at, long);
            }
            _ => replace_number(&mut bytes, rng),
        }
    }
    bytes
}

/// Replaces a run of digits with one of the [`TOKENS`].
fn replace_number(bytes: &mut Vec<u8>, rng: &mut Rng) {
    let digits: Vec<usize> = (0..bytes.len()).filter(|&i| bytes[i].is_ascii_digit()).collect();
    if digits.is_empty() {
        return;
    }
    let mut start = digits[rng.below(digits.len())];
    while start > 0 && (bytes[start - 1].is_ascii_digit() || bytes[start - 1] == b'.') {
        start -= 1;
    }
    let mut end = start;
    while end < bytes.len() && (bytes[end].is_ascii_digit() || bytes[end] == b'.') {
        end += 1;
    }
    let token = TOKENS[rng.below(TOKENS.len())];
    bytes.splice(start..end, token.bytes());
}

/// Swaps two lines, or repeats one.
fn swap_lines(bytes: &mut Vec<u8>, rng: &mut Rng) {
    let mut lines: Vec<Vec<u8>> = bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
    if lines.len() < 2 {
        return;
    }
    let (a, b) = (rng.below(lines.len()), rng.below(lines.len()));
    if rng.chance(0.5) {
        lines.swap(a, b);
    } else {
        let copy = lines[a].clone();
        lines.insert(b, copy);
    }
    *bytes = lines.join(&b'\n');
}
