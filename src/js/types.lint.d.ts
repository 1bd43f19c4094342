// For `make js-lint` only (tsconfig.types.json), never shipped: the names
// src/js/types.d.ts takes from the declarations Rust generates, which exist
// only once the wasm is built. Opaque here on purpose, so this file copies no
// shape: the real declarations meet src/js/types.d.ts in the merged .d.ts,
// which tests/js/types.test.mjs and api-types.test.mjs check. A name missing
// here fails the lint; add it, never its fields.

declare const generated: unique symbol;

/** tsify, from `crate::model::FieldViolation`. */
type FieldViolation = { readonly [generated]: 'FieldViolation' };

/** tsify, from `crate::model::CreatePackageRequest`. */
type CreatePackageRequest = { readonly [generated]: 'CreatePackageRequest' };

/** tsify, from `crate::model::ProductInstanceInput` (renamed). */
type ProductInstanceV1Input = { readonly [generated]: 'ProductInstanceV1Input' };

/** tsify, from `crate::model::Cycle`. */
type Cycle = { readonly [generated]: 'Cycle' };

/** tsify, from `crate::model::ErrorDetails`. */
type ErrorDetails = { readonly [generated]: 'ErrorDetails' };

/** `crate::model::error_codes`. */
type ResellersErrorCode = { readonly [generated]: 'ResellersErrorCode' };

/** `crate::model::query`'s `filter_language!`. */
type FilterOperands = { readonly [generated]: 'FilterOperands' };

/** tsify, from `crate::model::QueryV2`. */
type QueryV2 = { readonly [generated]: 'QueryV2' };

/** tsify, from `crate::model::Package`. */
type Package = { readonly [generated]: 'Package' };

/** tsify, from `crate::model::QueryPackagesResponse`. */
type QueryPackagesResponse = { readonly [generated]: 'QueryPackagesResponse' };
