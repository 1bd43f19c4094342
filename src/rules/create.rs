//! Create Package (V2 and the deprecated V1): the rules over a `Value`
//! tree ([`tree`]) and the one-pass check over the body's JSON text
//! ([`text`]).

pub(super) mod text;
pub(super) mod tree;

pub(super) use tree::DISCOUNT_CODE;

#[cfg(test)]
mod tests;
