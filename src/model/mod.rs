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

/// Whether a field the client always answers, but the wire may leave out,
/// is unset (`skip_serializing_if` of `PackageResponse::idempotency_key`
/// and `PagingMetadataV2::cursors`): not `Option::is_none`, which tsify
/// reads as "optional in TypeScript".
fn unset<T>(value: &Option<T>) -> bool {
    value.is_none()
}

/// Reads a field that must be there and not `null` (as the client's shape
/// check has it) into an `Option` that [`unset`] writes out only when set.
fn present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}
