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
//! - [`api`]: one description per endpoint (method, path, body, answer).
//! - [`client`]: the request pipeline: validate, send, retry, decode, errors.
//! - [`transport`]: how a request leaves the process (`fetch` in JS runtimes).
//! - `sandbox` (feature `sandbox`): the emulator behind `handle(HttpRequest)`.
//! - `js` (wasm32 only): the wasm-bindgen surface; conversions only.

pub mod api;
pub mod client;
pub mod http;
pub mod model;
pub mod rules;
pub mod time;
pub mod transport;

#[cfg(feature = "sandbox")]
pub mod sandbox;

#[cfg(target_arch = "wasm32")]
mod js;
