//! The HTTP status of each sandbox error code, read from
//! `tests/fixtures/error-codes.json`: the one place the tests write these
//! facts (the engine tests, the client tests and the JS tests all read it).
//! The control API's unknown instance is the one exception (404, not the
//! Resellers API's 428): it is not in the table.

use serde_json::{Map, Value};
use std::sync::OnceLock;

fn table() -> &'static Map<String, Value> {
    static TABLE: OnceLock<Map<String, Value>> = OnceLock::new();
    TABLE.get_or_init(|| {
        serde_json::from_str(include_str!("../fixtures/error-codes.json"))
            .expect("tests/fixtures/error-codes.json is a JSON object")
    })
}

/// Every code of the table.
#[allow(dead_code)] // the client tests read statuses only
pub fn codes() -> Vec<&'static str> {
    table().keys().map(String::as_str).collect()
}

/// The HTTP status the sandbox answers `code` with.
pub fn status_of(code: &str) -> u16 {
    table()
        .get(code)
        .and_then(|entry| entry["status"].as_u64())
        .and_then(|status| u16::try_from(status).ok())
        .unwrap_or_else(|| panic!("{code} has no status in tests/fixtures/error-codes.json"))
}
