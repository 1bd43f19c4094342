//! The wasm-bindgen surface: converts JS values to the core's types and
//! forwards. No business logic lives here.

mod client;
mod convert;
mod error;
mod validate;
