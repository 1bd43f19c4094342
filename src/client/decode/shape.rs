//! The shapes of the API's answers, as one table: each object's fields in
//! the model's order, whether each is required, optional or defaulted, and
//! its JSON type. Both readers of an answer ([`super::single_pass`] over the
//! bytes, [`super::walker`] over a `Value`) take every rule from here, so a
//! field is described once. Tables, not serde's typed decoders: one
//! monomorphised decoder per struct weighs tens of KB in the `.wasm`.
//!
//! A projected Query Packages (`fields` or `fieldsets`) is answered with
//! only the fields asked for, so its packages are [`Ty::Partial`]: the same
//! table, with every field of the package and of the objects in it read as
//! [`Need::Optional`]. The call chooses it ([`PROJECTED_QUERY_PACKAGES_RESPONSE`]),
//! never the answer: a whole query's package that lacks a required field is
//! still refused.

use crate::model::{
    GetPackageResponse, PackageResponse, QueryPackagesResponse, UpdatePackageExternalIdResponse,
};
use serde::de::DeserializeOwned;

/// The JSON type of a field.
#[derive(Debug)]
pub enum Ty {
    /// A string (an enum value is any string: unknown values are kept).
    Text,
    /// A `8-4-4-4-12` hex GUID string.
    Guid,
    /// A whole number from 0 to `u32::MAX`.
    Count,
    /// A boolean.
    Flag,
    /// An object with these fields, in the model's order.
    Object(Shape),
    /// An object with these fields, each read as [`Need::Optional`], and so
    /// are the fields of every object inside it: a projected package, which
    /// holds only what the query asked for. A field that is there is
    /// checked as in [`Ty::Object`].
    Partial(Shape),
    /// An array of these.
    List(&'static Ty),
}

/// Whether a field must be there.
#[derive(Debug)]
pub enum Need {
    /// Absent or `null` is an error.
    Required,
    /// Absent or `null` means none: left out of the canonical text.
    Optional,
    /// Absent means this JSON (`[]`, `{}`, `1`); `null` is an error.
    Default(&'static str),
}

/// One field of an object.
#[derive(Debug)]
pub struct Field {
    pub(super) name: &'static str,
    pub(super) need: Need,
    pub(super) ty: Ty,
}

/// The fields of an object, in the model's order.
pub type Shape = &'static [Field];

const fn field(name: &'static str, need: Need, ty: Ty) -> Field {
    Field { name, need, ty }
}

use Need::{Default, Optional, Required};
use Ty::{Count, Flag, List, Object, Text};

static INTERVAL: [Field; 2] = [
    field("unit", Required, Text),
    field("count", Default("1"), Count),
];

static CYCLE: [Field; 2] = [
    field("type", Required, Text),
    field("cycleDuration", Optional, Object(&INTERVAL)),
];

static FAILURE: [Field; 2] = [
    field("code", Required, Text),
    field("message", Optional, Text),
];

static PRODUCT_INSTANCE: [Field; 12] = [
    field("instanceId", Required, Text),
    field("siteId", Optional, Text),
    field("catalogProductId", Required, Text),
    field("status", Required, Text),
    field("failure", Optional, Object(&FAILURE)),
    field("billingInfo", Optional, Object(&CYCLE)),
    field("createdDate", Required, Text),
    field("updatedDate", Required, Text),
    field("countryCode", Optional, Text),
    field("expirationDate", Optional, Text),
    field("discountCode", Optional, Text),
    field("referenceProductInstanceId", Optional, Text),
];

/// `Package`.
pub static PACKAGE: [Field; 7] = [
    field("id", Required, Ty::Guid),
    field("accountId", Required, Ty::Guid),
    field("externalId", Optional, Text),
    field(
        "productInstances",
        Default("[]"),
        List(&Object(&PRODUCT_INSTANCE)),
    ),
    field("createdDate", Required, Text),
    field("updatedDate", Required, Text),
    field("parentAccountId", Optional, Text),
];

static CURSORS: [Field; 2] = [field("next", Optional, Text), field("prev", Optional, Text)];

static METADATA: [Field; 6] = [
    field("count", Optional, Count),
    field("offset", Optional, Count),
    field("total", Optional, Count),
    field("tooManyToCount", Optional, Flag),
    field("cursors", Default("{}"), Object(&CURSORS)),
    field("hasNext", Optional, Flag),
];

static PACKAGE_RESPONSE: [Field; 2] = [
    field("idempotencyKey", Optional, Text),
    field("package", Required, Object(&PACKAGE)),
];

static GET_PACKAGE_RESPONSE: [Field; 1] = [field("package", Required, Object(&PACKAGE))];

static QUERY_PACKAGES_RESPONSE: [Field; 2] = [
    field("packages", Default("[]"), List(&Object(&PACKAGE))),
    field("metadata", Default(r#"{"cursors":{}}"#), Object(&METADATA)),
];

/// The answer of a projected Query Packages (the query has `fields` or
/// `fieldsets`): [`QUERY_PACKAGES_RESPONSE`]'s, with partial packages.
pub(crate) static PROJECTED_QUERY_PACKAGES_RESPONSE: [Field; 2] = [
    field("packages", Default("[]"), List(&PROJECTED_PACKAGE)),
    field("metadata", Default(r#"{"cursors":{}}"#), Object(&METADATA)),
];

/// A package as a page gives it: whole.
pub(crate) static WHOLE_PACKAGE: Ty = Object(&PACKAGE);

/// A package of a projected query's page: only the fields asked for.
pub(crate) static PROJECTED_PACKAGE: Ty = Ty::Partial(&PACKAGE);

static UPDATE_PACKAGE_EXTERNAL_ID_RESPONSE: [Field; 1] =
    [field("updatedPackage", Required, Object(&PACKAGE))];

/// Writes `"name":`, after a comma unless it is the object's first field
/// (whose text starts at `first`).
pub(super) fn name(field: &Field, first: usize, out: &mut Vec<u8>) {
    if out.len() > first {
        out.push(b',');
    }
    out.push(b'"');
    out.extend_from_slice(field.name.as_bytes());
    out.extend_from_slice(b"\":");
}

/// A model type an endpoint answers with, and its shape.
pub trait Answer: DeserializeOwned {
    /// The fields of the answer object.
    const SHAPE: Shape;
}

/// The answer of a raw request (`client.request`): any JSON, kept as it
/// is. No table describes it; [`super::decode_text`] knows it by address.
pub static RAW: [Field; 0] = [];

impl Answer for PackageResponse {
    const SHAPE: Shape = &PACKAGE_RESPONSE;
}

impl Answer for GetPackageResponse {
    const SHAPE: Shape = &GET_PACKAGE_RESPONSE;
}

impl Answer for QueryPackagesResponse {
    const SHAPE: Shape = &QUERY_PACKAGES_RESPONSE;
}

impl Answer for UpdatePackageExternalIdResponse {
    const SHAPE: Shape = &UPDATE_PACKAGE_EXTERNAL_ID_RESPONSE;
}
