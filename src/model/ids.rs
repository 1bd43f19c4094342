//! Identifier newtypes validated once at the edge, so an ID can never smuggle
//! `/`, `..` or a control character into a URL path.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A lowercase-or-uppercase hyphenated GUID (`8-4-4-4-12` hex digits), the
/// format Wix documents for package, account, site, instance and product IDs.
///
/// ```
/// use wix_resellers::model::Guid;
/// assert!(Guid::parse("828b98fb-7114-4b3c-90fd-8d0db76aa72b").is_some());
/// assert!(Guid::parse("../admin").is_none());
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Guid(String);

impl Guid {
    /// Accepts exactly the `8-4-4-4-12` hex form; anything else is `None`.
    pub fn parse(text: &str) -> Option<Guid> {
        if is_guid(text) {
            Some(Guid(text.to_owned()))
        } else {
            None
        }
    }

    /// The GUID as sent on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Builds a version-4 GUID from 16 random bytes.
    pub fn from_random_bytes(mut bytes: [u8; 16]) -> Guid {
        bytes[6] = (bytes[6] & 0x0f) | 0x40;
        bytes[8] = (bytes[8] & 0x3f) | 0x80;
        let mut text = String::with_capacity(36);
        for (index, byte) in bytes.iter().enumerate() {
            if matches!(index, 4 | 6 | 8 | 10) {
                text.push('-');
            }
            text.push(char::from_digit(u32::from(byte >> 4), 16).unwrap_or('0'));
            text.push(char::from_digit(u32::from(byte & 0x0f), 16).unwrap_or('0'));
        }
        Guid(text)
    }

    /// A fresh version-4 GUID from the platform's cryptographic random source
    /// (`crypto.getRandomValues` in JS runtimes). `None` only if that source fails.
    pub fn new_v4() -> Option<Guid> {
        let mut bytes = [0u8; 16];
        #[cfg(not(target_arch = "wasm32"))]
        getrandom::getrandom(&mut bytes).ok()?;
        #[cfg(target_arch = "wasm32")]
        fill_random(&mut bytes).ok()?;
        Some(Guid::from_random_bytes(bytes))
    }
}

// Web Crypto instead of getrandom's JS backend: src/js/web_crypto.mjs says
// why. A runtime without it throws there, which is `None` above, as
// getrandom's error was.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen(module = "/src/js/web_crypto.mjs")]
extern "C" {
    #[wasm_bindgen(js_name = fillRandom, catch)]
    fn fill_random(bytes: &mut [u8]) -> Result<(), wasm_bindgen::JsValue>;
}

/// True when `text` has the hyphenated `8-4-4-4-12` hex GUID shape.
pub fn is_guid(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 36
        && bytes.iter().enumerate().all(|(index, byte)| match index {
            8 | 13 | 18 | 23 => *byte == b'-',
            _ => byte.is_ascii_hexdigit(),
        })
}

impl fmt::Display for Guid {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(&self.0)
    }
}

impl fmt::Debug for Guid {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "Guid({})", self.0)
    }
}

impl Serialize for Guid {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Guid {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Guid::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("`{text}` is not a GUID")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_reference_examples() {
        for id in [
            "828b98fb-7114-4b3c-90fd-8d0db76aa72b",
            "00BA7923-2655-402A-852D-2B2100568BCF",
        ] {
            assert_eq!(Guid::parse(id).map(|g| g.to_string()), Some(id.to_owned()));
        }
    }

    #[test]
    fn rejects_anything_that_could_change_a_path() {
        for bad in [
            "",
            "../../v1/packages/query",
            "828b98fb-7114-4b3c-90fd-8d0db76aa72",
            "828b98fb-7114-4b3c-90fd-8d0db76aa72b/",
            "828b98fb%2F7114-4b3c-90fd-8d0db76aa72",
            "828b98fb-7114-4b3c-90fd-8d0db76aa7\0b",
            "828b98fb_7114_4b3c_90fd_8d0db76aa72b",
            "g28b98fb-7114-4b3c-90fd-8d0db76aa72b",
        ] {
            assert!(Guid::parse(bad).is_none(), "{bad:?} accepted");
        }
    }

    #[test]
    fn random_guids_are_version_4() {
        let guid = Guid::from_random_bytes([0xff; 16]);
        assert_eq!(guid.as_str(), "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert!(Guid::parse(guid.as_str()).is_some());
        let fresh = Guid::new_v4().expect("random source");
        assert_eq!(&fresh.as_str()[14..15], "4");
    }

    #[test]
    fn deserializing_validates() {
        assert!(serde_json::from_str::<Guid>("\"x/y\"").is_err());
        assert!(serde_json::from_str::<Guid>("\"828b98fb-7114-4b3c-90fd-8d0db76aa72b\"").is_ok());
    }
}
