//! Keeping every piece of the API key out of errors.
//!
//! Messages shorten what they quote (60 characters), and keep excerpts of
//! bodies and request ids (200): matching only the whole key would let a cut
//! prefix of a long key through. So redaction looks for pieces: every
//! maximal run of text covered by 16-byte windows of the key becomes
//! `[redacted]`. The key is looked for in two forms: as given (which is
//! also the form sent, since [`super::ApiKey`] refuses anything `fetch`
//! would change) and JSON-escaped (`"` and `\` echoed inside a JSON string).
//! A secret shorter than 16 bytes, or not ASCII, is one window: only its
//! whole occurrences go (the client's own key is never such a secret).
//!
//! The windows are hashed once into a small open-addressing table and a
//! text is scanned with a rolling hash, so a text of n bytes costs O(n)
//! whatever the key's length (`details` may hold a whole error body). A hash
//! hit is confirmed byte for byte, so nothing else is ever redacted. ASCII
//! windows match only ASCII text, and a whole UTF-8 string matches only at
//! character boundaries, so every run cut out is whole characters.

use crate::json_text::write_string;

/// The shortest accepted `apiKey`, and the length of the key pieces that
/// never appear in an error: a shorter key would make redaction rewrite
/// ordinary words (key `a` turns `createPackageV2` into
/// `cre[redacted]teP…`), an oracle for the key.
pub const MIN_API_KEY_CHARS: usize = 16;

/// What stands for a redacted piece.
pub(crate) const REDACTED: &str = "[redacted]";

/// The rolling hash's base (the 64-bit FNV prime); arithmetic wraps.
const BASE: u64 = 0x0100_0000_01b3;

/// A secret's windows, ready to scan texts with.
pub(crate) struct Redactor {
    /// The forms of the secret, one after the other.
    bytes: Vec<u8>,
    /// Where a window starts in `bytes`, plus one (0: a free slot). Open
    /// addressing, at most half full, so every probe ends at a free slot.
    slots: Vec<usize>,
    mask: usize,
    window: usize,
    /// `BASE` to the power `window - 1`: the weight of the byte leaving it.
    high: u64,
}

fn hash_of(window: &[u8]) -> u64 {
    window.iter().fold(0, |hash, &byte| {
        hash.wrapping_mul(BASE).wrapping_add(u64::from(byte))
    })
}

/// A slot index from a hash (the low bits of a polynomial hash mix poorly).
fn home(hash: u64, mask: usize) -> usize {
    (hash.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 32) as usize & mask
}

impl Redactor {
    /// The windows of `secret` in each of its forms.
    pub(crate) fn new(secret: &str) -> Redactor {
        let raw = secret.as_bytes();
        let ascii = raw.iter().all(|&byte| byte < 0x80);
        let window = if ascii {
            raw.len().min(MIN_API_KEY_CHARS)
        } else {
            raw.len()
        };
        let mut bytes = raw.to_vec();
        // (start, end) of each form in `bytes`.
        let mut forms = vec![(0, raw.len())];
        if window == MIN_API_KEY_CHARS {
            let mut quoted = Vec::with_capacity(raw.len() + 8);
            write_string(&mut quoted, secret);
            // Without the quotes; the same as the raw form unless `"` or `\`.
            if let Some(escaped) = quoted.get(1..quoted.len().saturating_sub(1)) {
                if escaped != raw {
                    forms.push((bytes.len(), bytes.len() + escaped.len()));
                    bytes.extend_from_slice(escaped);
                }
            }
        }
        let count: usize = forms
            .iter()
            .map(|&(start, end)| (end + 1).saturating_sub(start + window))
            .sum();
        let size = if window == 0 {
            0
        } else {
            (count * 2).next_power_of_two()
        };
        let mask = size.saturating_sub(1);
        let mut slots: Vec<usize> = std::iter::repeat_n(0, size).collect();
        for (start, end) in forms {
            for at in start..(end + 1).saturating_sub(window) {
                let hash = bytes.get(at..at + window).map_or(0, hash_of);
                let mut index = home(hash, mask);
                while slots.get(index).is_some_and(|&slot| slot != 0) {
                    index = (index + 1) & mask;
                }
                if let Some(slot) = slots.get_mut(index) {
                    *slot = at + 1;
                }
            }
        }
        let high = (1..window).fold(1u64, |power, _| power.wrapping_mul(BASE));
        Redactor {
            bytes,
            slots,
            mask,
            window,
            high,
        }
    }

    /// Whether `window` (with its `hash`) is a window of a form.
    fn holds(&self, hash: u64, window: &[u8]) -> bool {
        let mut index = home(hash, self.mask);
        while let Some(&slot) = self.slots.get(index) {
            if slot == 0 {
                return false;
            }
            if self.bytes.get(slot - 1..slot - 1 + self.window) == Some(window) {
                return true;
            }
            index = (index + 1) & self.mask;
        }
        false
    }

    /// `text` with every maximal run of the secret's windows replaced by
    /// `[redacted]`; `None` when there is none.
    pub(crate) fn redact(&self, text: &str) -> Option<String> {
        if self.slots.is_empty() {
            return None;
        }
        let bytes = text.as_bytes();
        let mut runs: Vec<(usize, usize)> = Vec::new();
        let mut hash = bytes.get(..self.window).map_or(0, hash_of);
        for (at, window) in bytes.windows(self.window.max(1)).enumerate() {
            if at > 0 {
                let leaving = bytes.get(at - 1).copied().unwrap_or_default();
                let entering = window.last().copied().unwrap_or_default();
                hash = hash
                    .wrapping_sub(u64::from(leaving).wrapping_mul(self.high))
                    .wrapping_mul(BASE)
                    .wrapping_add(u64::from(entering));
            }
            if self.holds(hash, window) {
                let end = at + self.window;
                match runs.last_mut() {
                    Some(run) if at <= run.1 => run.1 = end,
                    _ => runs.push((at, end)),
                }
            }
        }
        if runs.is_empty() {
            return None;
        }
        let mut clean = String::with_capacity(text.len());
        let mut kept = 0;
        for (start, end) in runs {
            clean.push_str(text.get(kept..start).unwrap_or_default());
            clean.push_str(REDACTED);
            kept = end;
        }
        clean.push_str(text.get(kept..).unwrap_or_default());
        Some(clean)
    }

    /// [`Self::redact`] in place.
    pub(crate) fn scrub(&self, text: &mut String) {
        if let Some(clean) = self.redact(text) {
            *text = clean;
        }
    }
}

/// `text` redacted of `secret`, then cut after `max_chars` characters: what
/// a message may keep of an untrusted value.
pub(crate) fn clip(text: &str, max_chars: usize, secret: &str) -> String {
    let clean = Redactor::new(secret).redact(text);
    clean
        .as_deref()
        .unwrap_or(text)
        .chars()
        .take(max_chars)
        .collect()
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    const WINDOW: usize = MIN_API_KEY_CHARS;

    /// The rule, written plainly: mark every byte covered by a piece (any
    /// 16-byte window of the raw or JSON-escaped secret; the whole secret
    /// when it is shorter or not ASCII), then replace each maximal marked
    /// run.
    fn reference(text: &str, secret: &str) -> Option<String> {
        let escaped = crate::json_text::quoted(secret);
        let escaped = &escaped[1..escaped.len() - 1];
        let pieces: Vec<&[u8]> = if secret.is_ascii() && secret.len() >= WINDOW {
            let mut pieces: Vec<&[u8]> = secret.as_bytes().windows(WINDOW).collect();
            pieces.extend(escaped.as_bytes().windows(WINDOW));
            pieces
        } else if secret.is_empty() {
            Vec::new()
        } else {
            vec![secret.as_bytes()]
        };
        let bytes = text.as_bytes();
        let mut marked = vec![false; bytes.len()];
        for piece in pieces {
            for at in 0..bytes.len() {
                if bytes[at..].starts_with(piece) {
                    marked[at..at + piece.len()].fill(true);
                }
            }
        }
        if !marked.contains(&true) {
            return None;
        }
        let mut out = Vec::new();
        for (at, &byte) in bytes.iter().enumerate() {
            if !marked[at] {
                out.push(byte);
            } else if at == 0 || !marked[at - 1] {
                out.extend_from_slice(REDACTED.as_bytes());
            }
        }
        Some(String::from_utf8(out).expect("runs are whole characters"))
    }

    /// A text made of filler and slices of `secret` (raw or escaped).
    #[cfg(not(target_arch = "wasm32"))]
    fn mixed(secret: &str, parts: &[(bool, usize, usize, bool)]) -> String {
        let escaped = crate::json_text::quoted(secret);
        let mut text = String::new();
        for &(filler, from, len, escape) in parts {
            let source: Vec<char> = if escape {
                escaped.chars().collect()
            } else {
                secret.chars().collect()
            };
            if filler {
                text.push_str(["x", " ", "é", "\\", "\"", "[redacted]"][from % 6]);
            } else {
                let from = from % source.len().max(1);
                text.extend(source.iter().skip(from).take(len));
            }
        }
        text
    }

    // proptest is native-only (see Cargo.toml): the wasm test build has none.
    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn short_secrets_go_whole_as_the_rule_says(
                text in "(ab|a|b| |é|\u{2003}|KEY|K){0,40}",
                secret in "(a|b|ab|aa|KEY|é|K){1,3}",
            ) {
                prop_assert_eq!(Redactor::new(&secret).redact(&text), reference(&text, &secret));
            }

            #[test]
            fn long_secrets_lose_every_window_as_the_rule_says(
                secret in "[ab\"\\\\K-]{16,40}",
                parts in proptest::collection::vec((any::<bool>(), 0usize..60, 0usize..40, any::<bool>()), 0..8),
            ) {
                let text = mixed(&secret, &parts);
                prop_assert_eq!(Redactor::new(&secret).redact(&text), reference(&text, &secret));
            }
        }
    }

    /// A JWT-like key, as long as real Wix keys.
    fn long_key() -> String {
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut state: u32 = 7;
        let mut key = String::from("IST.eyJ");
        while key.len() < 240 {
            state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            key.push(alphabet[(state >> 16) as usize % alphabet.len()] as char);
        }
        key
    }

    /// The first 16-character run of `key` in `text`.
    fn piece(key: &str, text: &str) -> Option<String> {
        let chars: Vec<char> = key.chars().collect();
        chars
            .windows(WINDOW)
            .map(|window| window.iter().collect::<String>())
            .find(|window| text.contains(window.as_str()))
    }

    fn redacted(text: &str, key: &str) -> String {
        assert_eq!(Redactor::new(key).redact(text), reference(text, key));
        Redactor::new(key)
            .redact(text)
            .unwrap_or_else(|| text.to_owned())
    }

    #[test]
    fn any_16_character_piece_of_the_key_is_redacted() {
        let key = long_key();
        for (start, end) in [(0, 16), (0, 60), (37, 53), (100, 240), (0, 240), (5, 200)] {
            let text = format!("before {} after", &key[start..end]);
            let clean = redacted(&text, &key);
            assert_eq!(clean, "before [redacted] after", "{start}..{end}");
        }
        // 15 characters are not a piece; neither is ordinary text.
        let short = format!("a {} b", &key[10..25]);
        assert_eq!(redacted(&short, &key), short);
        assert_eq!(Redactor::new(&key).redact("createPackageV2 failed"), None);
    }

    #[test]
    fn prefixes_cut_at_60_and_200_characters_are_redacted() {
        let key = long_key();
        let quoted = crate::json_text::quoted_excerpt(&key);
        assert!(piece(&key, &quoted).is_some(), "the old leak: {quoted}");
        assert_eq!(redacted(&quoted, &key), "\"[redacted]…\"");
        let excerpt: String = format!("Authorization: {key}").chars().take(200).collect();
        assert_eq!(redacted(&excerpt, &key), "Authorization: [redacted]");
        let id: String = key.chars().take(200).collect();
        assert_eq!(redacted(&id, &key), "[redacted]");
    }

    #[test]
    fn repeated_and_overlapping_pieces_become_one_marker_each_run() {
        let key = long_key();
        let text = format!("{key}{key} and {}{}", &key[0..30], &key[100..140]);
        assert_eq!(redacted(&text, &key), "[redacted] and [redacted]");
    }

    #[test]
    fn the_json_escaped_form_is_redacted() {
        let mut key: Vec<char> = long_key().chars().collect();
        key[40] = '"';
        key[150] = '\\';
        let key: String = key.into_iter().collect();
        let escaped = crate::json_text::quoted(&key);
        assert!(escaped.contains("\\\"") && escaped.contains("\\\\"));
        assert_eq!(
            redacted(&format!("echo {escaped}"), &key),
            "echo \"[redacted]\""
        );
        // Cut inside the escaped form, as an excerpt or a quoted value is.
        let cut: String = escaped.chars().take(120).collect();
        assert_eq!(redacted(&cut, &key), "\"[redacted]");
    }

    #[test]
    fn short_secrets_and_multibyte_text_are_handled() {
        // Shorter than a window: whole occurrences only, as before.
        assert_eq!(
            Redactor::new("IST.k").redact("a IST.k b IST."),
            Some("a [redacted] b IST.".to_owned())
        );
        assert_eq!(Redactor::new("").redact("anything"), None);
        let key = long_key();
        let text = format!("é{}€{}😀", &key[..20], &key[50..90]);
        assert_eq!(redacted(&text, &key), "é[redacted]€[redacted]😀");
        // A non-ASCII secret: whole occurrences only, never a cut character.
        let secret = "ééééééééééééééééé";
        assert_eq!(
            redacted(&format!("x{}y", &secret[2..]), secret),
            format!("x{}y", &secret[2..])
        );
        assert_eq!(redacted(&format!("x{secret}y"), secret), "x[redacted]y");
    }

    #[test]
    fn clip_redacts_before_cutting() {
        let key = long_key();
        let text = format!("{}{key}", "x".repeat(190));
        assert_eq!(
            clip(&text, 200, &key),
            format!("{}[redacted]", "x".repeat(190))
        );
        // Cutting first would have kept 10 characters of the key.
        let cut_first: String = text.chars().take(200).collect();
        assert!(cut_first.ends_with(&key[..10]));
    }

    #[test]
    fn a_large_text_is_scanned_in_linear_time() {
        let key = long_key();
        let text = format!("{}{key}", "ab".repeat(2_000_000));
        let started = std::time::Instant::now();
        let clean = Redactor::new(&key).redact(&text).unwrap_or_default();
        assert!(clean.ends_with("ab[redacted]"));
        // About 0.1 s unoptimised; a scan per window of the key would take minutes.
        assert!(started.elapsed().as_secs() < 20);
    }
}
