//! # wix-resellers
//!
//! A typed client and a faithful sandbox of the Wix Resellers REST API
//! (packages and product instances), written once in Rust and shipped to
//! JavaScript as WebAssembly.
//!
//! Module map, as the walk of one request (each module uses only those
//! above it; `tests/module_graph.rs` checks that no two import each other):
//! - [`model`]: the wire types, with the exact JSON names of the API.
//! - [`json_text`]: JSON text written and scanned by hand (no serde
//!   serializer in the `.wasm`), and the crate's wording of untrusted text.
//! - [`time`]: ISO and HTTP dates, read and written without panics.
//! - [`rules`]: offline validation of every request body, returning
//!   Wix-shaped field violations (the client and the sandbox share it).
//! - [`api`]: one description per endpoint: method, path, body, answer.
//! - [`http`]: the plain request/response pair every driver and front uses.
//! - [`transport`]: how the native driver sends (`Transport`), and how any
//!   attempt fails (`TransportError`).
//! - [`client`]: the call itself: options, request building, the call
//!   machine (retries, reconciliation, errors, redaction), answer decoding,
//!   and the native async driver that runs the machine over a transport.
//! - `sandbox` (feature `sandbox`): the emulator behind
//!   `Sandbox::handle(HttpRequest) -> HttpResponse`, the other end of the
//!   request.
//! - `js` (wasm32 only): the wasm-bindgen surface: conversions, and the
//!   JS driver of the call machine over `fetch`; no logic of its own.

// No panic may be reachable from JS or the network: a panic in wasm traps
// and kills the instance (and a sandbox's state with it). Tests are exempt.
#![cfg_attr(
    not(test),
    deny(
        clippy::string_slice,
        clippy::indexing_slicing,
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::unreachable,
        clippy::todo,
        clippy::unimplemented
    )
)]

pub mod api;
pub mod client;
pub mod http;
pub mod json_text;
pub mod model;
pub mod rules;
pub mod time;
pub mod transport;

// Strategies shared by the property tests (native only: proptest has no
// wasm32 randomness).
#[cfg(all(test, not(target_arch = "wasm32")))]
mod fuzz_text;

#[cfg(feature = "sandbox")]
pub mod sandbox;

#[cfg(target_arch = "wasm32")]
mod js;

// Talc replaces dlmalloc in the `.wasm`: a few KB smaller, which the lean
// client's gzipped size budget needs, and faster.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
