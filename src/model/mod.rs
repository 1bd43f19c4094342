//! Wire types of the Resellers API: serde with the exact camelCase JSON names
//! of the reference, TypeScript interfaces generated from the same types.

mod bodies;
mod enums;
mod error_body;
mod error_codes;
mod ids;
mod package;
mod query;

pub use bodies::*;
pub use enums::*;
pub use error_body::*;
// The code lists are for the TypeScript and the tests, not compiled for wasm32.
#[cfg(not(target_arch = "wasm32"))]
pub use error_codes::*;
pub use ids::{is_guid, Guid};
pub use package::*;
pub use query::*;

#[cfg(test)]
mod reference_examples;
