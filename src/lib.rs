//! # wix-resellers
//!
//! A typed client and a faithful sandbox of the Wix Resellers REST API
//! (packages and product instances), written once in Rust and shipped to
//! JavaScript as WebAssembly.
//!
//! Module map:
//! - [`model`]: wire types with the exact JSON names of the API.
//! - [`rules`]: offline validation returning Wix-shaped field violations.
//! - [`http`]: the plain request/response pair every transport and front uses.
//! - [`json_text`]: JSON text written and scanned by hand (no serde serializer
//!   in the `.wasm`; one-pass readers for answers and creates).
//! - [`api`]: one description per endpoint (method, path, body, answer).
//! - [`client`]: the request pipeline: validate, send, retry, decode, errors;
//!   each call is a state machine with no I/O, driven by an async loop in
//!   Rust or by a few lines of JS in the runtimes.
//! - [`transport`]: how a request leaves the process (`fetch` in JS runtimes,
//!   where the JS loop that drives a call also lives).
//! - `sandbox` (feature `sandbox`): the emulator behind `handle(HttpRequest)`.
//! - `js` (wasm32 only): the wasm-bindgen surface; conversions only.

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
