//! The wasm-bindgen surface: converts JS values to the core's types and
//! forwards. No business logic lives here.

mod client;
mod convert;
mod driver;
pub(crate) mod error;
mod pager;
#[cfg(feature = "sandbox")]
mod sandbox;
mod validate;

#[cfg(test)]
mod tests;
