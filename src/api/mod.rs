//! One small description per endpoint, stripe-style: the method, the path
//! (built from validated IDs only), the JSON body, whether the call carries
//! an `idempotencyKey`, and the type its answer decodes to. The client's one
//! pipeline sends every description; adding an endpoint means adding a
//! builder here and a test.
//!
//! Inputs are untrusted JSON values (they come from JS): a wrong shape
//! anywhere is a list of [`FieldViolation`]s, never a panic.

use crate::json_text::{into_text, quoted_excerpt, single, type_name, write_map_without};
use crate::model::{
    FieldViolation, GetPackageResponse, Guid, PackageResponse, QueryPackagesResponse,
    UpdatePackageExternalIdResponse,
};
use crate::rules::{self, Body, CreateVersion, UnknownFields};
use serde_json::{Map, Value};
use std::marker::PhantomData;

/// Longest `externalId` Wix stores.
pub const MAX_EXTERNAL_ID_CHARS: usize = 100;

/// An HTTP method of the Resellers API.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The method as sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

/// A fully described, validated call, ready for the pipeline.
#[derive(Clone, Debug, PartialEq)]
pub struct Call<R> {
    /// The operation's JS name (`createPackageV2`), used in error messages.
    pub operation: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path under the base URL, such as `/resellers/v1/packages/<id>`.
    pub path: String,
    /// The JSON body, the text of an object; `None` sends no body (GET).
    /// Text rather than a `Value`: a create from JS is sent as the very text
    /// it was validated from, with no tree to clone, write and drop.
    pub body: Option<String>,
    /// The body's own `idempotencyKey` member as given (`None` when the
    /// body has none or `null`, and then `body` has no such member either):
    /// the pipeline adds the key or checks the body's.
    pub body_key: Option<Value>,
    /// True when the call changes state and so carries an `idempotencyKey`
    /// in its body (given by the caller or generated, the same on every attempt).
    pub idempotent: bool,
    /// For creates: the `externalId` by which an unknown outcome is reconciled.
    pub external_id: Option<String>,
    /// For creates: the products asked for, read once from the validated
    /// body; a reconciled package must hold exactly these.
    pub expected: Option<Vec<rules::ProductKey>>,
    response: PhantomData<fn() -> R>,
}

impl<R> Call<R> {
    fn new(operation: &'static str, method: Method, path: String) -> Self {
        Call {
            operation,
            method,
            path,
            body: None,
            body_key: None,
            idempotent: false,
            external_id: None,
            expected: None,
            response: PhantomData,
        }
    }

    /// `{}`, which `rules::validate_idempotent_body` accepts.
    fn with_empty_body(mut self) -> Self {
        self.body = Some("{}".to_owned());
        self
    }

    fn with_body(self, body: &Map<String, Value>) -> Self {
        self.with_text(None, body)
    }

    /// The body as `text` when given (the JSON text `body` was read from),
    /// else written from `body`.
    fn with_text(mut self, text: Option<String>, body: &Map<String, Value>) -> Self {
        let key = body.get("idempotencyKey");
        let text = match (text, key) {
            (Some(text), None | Some(Value::String(_))) => text,
            // `null` means no key: written without it, so the pipeline can
            // put one in front of the members.
            (_, Some(Value::Null)) => json_object(body, Some("idempotencyKey")),
            _ => json_object(body, None),
        };
        self.body_key = key.filter(|key| !key.is_null()).cloned();
        self.body = Some(text);
        self
    }

    fn idempotent(mut self) -> Self {
        self.idempotent = true;
        self
    }

    /// The `idempotencyKey` the caller put in the body, if any.
    pub fn body_idempotency_key(&self) -> Option<&str> {
        self.body_key.as_ref().and_then(Value::as_str)
    }

    /// The same call without its answer type, for code that only sends.
    pub fn erase(self) -> Call<()> {
        Call {
            operation: self.operation,
            method: self.method,
            path: self.path,
            body: self.body,
            body_key: self.body_key,
            idempotent: self.idempotent,
            external_id: self.external_id,
            expected: self.expected,
            response: PhantomData,
        }
    }
}

/// The result of a builder: a call, or the reasons nothing may be sent.
pub type Built<R> = Result<Call<R>, Vec<FieldViolation>>;

/// `POST /resellers/v2/packages`: Create Package V2.
pub fn create_package_v2(request: &Value, fields: UnknownFields) -> Built<PackageResponse> {
    create(
        request,
        None,
        fields,
        CreateVersion::V2,
        "createPackageV2",
        "/resellers/v2/packages",
    )
}

/// [`create_package_v2`] of a request given as JSON text (JS's; `None` for
/// nothing given), which is then sent as it is. `Err` when the text cannot
/// be read as JSON (a limit such as nesting depth).
pub fn create_package_v2_text(
    text: Option<String>,
    fields: UnknownFields,
) -> Result<Built<PackageResponse>, String> {
    create_text(
        text,
        fields,
        CreateVersion::V2,
        "createPackageV2",
        "/resellers/v2/packages",
    )
}

/// `POST /resellers/v1/packages`: the deprecated v1 create (no `countryCode` rule).
pub fn create_package(request: &Value, fields: UnknownFields) -> Built<PackageResponse> {
    create(
        request,
        None,
        fields,
        CreateVersion::V1,
        "createPackage",
        "/resellers/v1/packages",
    )
}

/// [`create_package`] of a request given as JSON text, sent as it is.
pub fn create_package_text(
    text: Option<String>,
    fields: UnknownFields,
) -> Result<Built<PackageResponse>, String> {
    create_text(
        text,
        fields,
        CreateVersion::V1,
        "createPackage",
        "/resellers/v1/packages",
    )
}

/// A create from JSON text. A body the one-pass check passes (nearly every
/// real one) never becomes a `Value`: with a thousand products, building
/// and dropping that tree cost more than everything else in the call.
fn create_text(
    text: Option<String>,
    fields: UnknownFields,
    version: CreateVersion,
    operation: &'static str,
    path: &str,
) -> Result<Built<PackageResponse>, String> {
    let facts = text
        .as_deref()
        .and_then(|text| rules::valid_create_text(text, version));
    if let Some(facts) = facts {
        let mut call = Call::new(operation, Method::Post, path.to_owned()).idempotent();
        call.body = text;
        call.body_key = facts.idempotency_key.map(Value::String);
        call.external_id = facts.external_id;
        call.expected = Some(facts.products);
        return Ok(Ok(call));
    }
    let request = read_json(text.as_deref())?;
    Ok(create(&request, text, fields, version, operation, path))
}

/// JSON text as a `Value` (`None`, nothing given, is `null`); `Err` says
/// where it cannot be read.
pub fn read_json(text: Option<&str>) -> Result<Value, String> {
    let Some(text) = text else {
        return Ok(Value::Null);
    };
    // `from_slice`, like the decoding of answers: one copy of the parser.
    serde_json::from_slice(text.as_bytes()).map_err(|error| {
        // Text from JSON.stringify is JSON; only a limit (such as nesting
        // depth) can refuse it.
        format!(
            "it cannot be read as JSON (line {}, column {})",
            error.line(),
            error.column()
        )
    })
}

fn create(
    request: &Value,
    text: Option<String>,
    fields: UnknownFields,
    version: CreateVersion,
    operation: &'static str,
    path: &str,
) -> Built<PackageResponse> {
    let body = object(request, "request")?;
    checked(rules::with_unknown_fields(
        rules::validate_create_package(request, version),
        request,
        Body::Create,
        fields,
    ))?;
    let external_id = body
        .get("externalId")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let mut call = Call::new(operation, Method::Post, path.to_owned())
        .with_text(text, body)
        .idempotent();
    call.external_id = external_id;
    call.expected = rules::create_products(request);
    Ok(call)
}

/// `GET /resellers/v1/packages/{id}`: Get Package.
pub fn get_package(id: &str) -> Built<GetPackageResponse> {
    let id = path_guid("id", id)?;
    Ok(Call::new(
        "getPackage",
        Method::Get,
        format!("/resellers/v1/packages/{id}"),
    ))
}

/// `POST /resellers/v1/packages/query`: Query Packages. `query` is the
/// `QueryV2` object itself (`null` means `{}`); it is sent as `{ query }`.
pub fn query_packages(query: &Value, fields: UnknownFields) -> Built<QueryPackagesResponse> {
    let query = match query {
        Value::Null => Value::Object(Map::new()),
        other => other.clone(),
    };
    object(&query, "query")?;
    let whole = single("query", query);
    checked(rules::with_unknown_fields(
        rules::validate_query(&whole),
        &whole,
        Body::Query,
        fields,
    ))?;
    let Value::Object(body) = &whole else {
        return Err(Vec::new());
    };
    Ok(Call::new(
        "queryPackages",
        Method::Post,
        "/resellers/v1/packages/query".to_owned(),
    )
    .with_body(body))
}

/// `DELETE /resellers/v1/packages/{id}`: Cancel Package (body `{ idempotencyKey }`).
pub fn cancel_package(id: &str) -> Built<PackageResponse> {
    let id = path_guid("id", id)?;
    idempotent_call(
        "cancelPackage",
        Method::Delete,
        format!("/resellers/v1/packages/{id}"),
    )
}

/// `PATCH /resellers/v1/packages/update/{packageId}/{externalId}`: Update
/// Package External Id, from `{ packageId, externalId }`. The external ID is
/// percent-encoded, and `.`/`..` are refused, so it stays one path segment.
pub fn update_package_external_id(
    identifiers: &Value,
    unknown: UnknownFields,
) -> Built<UpdatePackageExternalIdResponse> {
    let fields = object(identifiers, "identifiers")?;
    let mut violations =
        rules::with_unknown_fields(Vec::new(), identifiers, Body::UpdateIdentifiers, unknown);
    let package_id = required_string(fields, "packageId", &mut violations).and_then(|id| {
        path_guid("packageId", id)
            .map_err(|v| violations.extend(v))
            .ok()
    });
    let external_id = required_string(fields, "externalId", &mut violations).and_then(|id| {
        path_external_id("externalId", id)
            .map_err(|v| violations.extend(v))
            .ok()
    });
    match (package_id, external_id) {
        (Some(package_id), Some(external_id)) if violations.is_empty() => Ok(Call::new(
            "updatePackageExternalId",
            Method::Patch,
            format!("/resellers/v1/packages/update/{package_id}/{external_id}"),
        )
        .with_empty_body()),
        _ => Err(violations),
    }
}

/// `PATCH /resellers/v1/packages/product-instances/{instanceId}/{siteId}`:
/// Assign Product Instance To Site, from `{ instanceId, siteId }`.
pub fn assign_product_instance_to_site(
    identifiers: &Value,
    unknown: UnknownFields,
) -> Built<PackageResponse> {
    let fields = object(identifiers, "identifiers")?;
    let mut violations =
        rules::with_unknown_fields(Vec::new(), identifiers, Body::AssignIdentifiers, unknown);
    let mut guid = |field: &str| {
        required_string(fields, field, &mut violations)
            .and_then(|id| path_guid(field, id).map_err(|v| violations.extend(v)).ok())
    };
    let instance_id = guid("instanceId");
    let site_id = guid("siteId");
    match (instance_id, site_id) {
        (Some(instance_id), Some(site_id)) if violations.is_empty() => idempotent_call(
            "assignProductInstanceToSite",
            Method::Patch,
            format!("/resellers/v1/packages/product-instances/{instance_id}/{site_id}"),
        ),
        _ => Err(violations),
    }
}

/// `PATCH /resellers/v1/packages/product-instances/{instanceId}/unassign`:
/// Unassign Product Instance From Site.
pub fn unassign_product_instance_from_site(instance_id: &str) -> Built<PackageResponse> {
    let instance_id = path_guid("instanceId", instance_id)?;
    idempotent_call(
        "unassignProductInstanceFromSite",
        Method::Patch,
        format!("/resellers/v1/packages/product-instances/{instance_id}/unassign"),
    )
}

/// `DELETE /resellers/v1/packages/product-instances/{instanceId}`: Cancel
/// Product Instance (body `{ idempotencyKey }`).
pub fn cancel_product_instance(instance_id: &str) -> Built<PackageResponse> {
    let instance_id = path_guid("instanceId", instance_id)?;
    idempotent_call(
        "cancelProductInstance",
        Method::Delete,
        format!("/resellers/v1/packages/product-instances/{instance_id}"),
    )
}

/// `PATCH /resellers/v1/packages/product-instances/{instanceId}`: Adjust
/// Product Instance Specifications, with `{ catalogProductId?, billingInfo?,
/// discountCode?, idempotencyKey? }`.
pub fn adjust_product_instance_specifications(
    instance_id: &str,
    options: &Value,
    fields: UnknownFields,
) -> Built<PackageResponse> {
    let instance_id = path_guid("instanceId", instance_id);
    let body = object(options, "options");
    let (instance_id, body) = match (instance_id, body) {
        (Ok(instance_id), Ok(body)) => (instance_id, body),
        (instance_id, body) => {
            let mut violations = instance_id.err().unwrap_or_default();
            violations.extend(body.err().unwrap_or_default());
            return Err(violations);
        }
    };
    checked(rules::with_unknown_fields(
        rules::validate_adjust(options),
        options,
        Body::Adjust,
        fields,
    ))?;
    Ok(Call::new(
        "adjustProductInstanceSpecifications",
        Method::Patch,
        format!("/resellers/v1/packages/product-instances/{instance_id}"),
    )
    .with_body(body)
    .idempotent())
}

fn idempotent_call(
    operation: &'static str,
    method: Method,
    path: String,
) -> Built<PackageResponse> {
    // The body starts empty (`{}`, which `rules::validate_idempotent_body`
    // accepts: see the tests); the pipeline adds the idempotency key and
    // checks it itself.
    Ok(Call::new(operation, method, path)
        .with_empty_body()
        .idempotent())
}

/// An object's compact JSON text, without its member `left_out`.
fn json_object(map: &Map<String, Value>, left_out: Option<&str>) -> String {
    let mut text = Vec::with_capacity(64);
    write_map_without(&mut text, map, left_out);
    into_text(text)
}

/// The value as a JSON object, or a violation naming `field`.
fn object<'v>(
    value: &'v Value,
    field: &str,
) -> Result<&'v Map<String, Value>, Vec<FieldViolation>> {
    match value {
        Value::Object(map) => Ok(map),
        other => Err(vec![FieldViolation::new(
            field,
            "TYPE",
            format!("must be an object, got {}", type_name(other)),
        )]),
    }
}

/// The rules' violations, if any. No typed decoding here: the rules'
/// contract is that a body they pass decodes as its model type
/// (`CreatePackageRequest`, ...), which the rules' property tests and this
/// module's tests assert natively.
fn checked(violations: Vec<FieldViolation>) -> Result<(), Vec<FieldViolation>> {
    if violations.is_empty() {
        Ok(())
    } else {
        Err(violations)
    }
}

fn required_string<'a>(
    fields: &'a Map<String, Value>,
    field: &str,
    violations: &mut Vec<FieldViolation>,
) -> Option<&'a str> {
    match fields.get(field) {
        Some(Value::String(text)) => Some(text),
        None | Some(Value::Null) => {
            violations.push(FieldViolation::new(field, "REQUIRED_FIELD", "is required"));
            None
        }
        Some(other) => {
            violations.push(FieldViolation::new(
                field,
                "TYPE",
                format!("must be a string, got {}", type_name(other)),
            ));
            None
        }
    }
}

/// The longest path [`raw`] sends.
const MAX_RAW_PATH_CHARS: usize = 2000;

/// Any Resellers path (`client.request`), for an endpoint this package does
/// not know yet: `method` one of `GET`, `POST`, `PATCH`, `DELETE`; `path`
/// under the base URL (starts with `/`, no host, no `..` segment, no
/// fragment, no whitespace or control character, at most 2000 characters);
/// `body` any JSON, sent as given. The answer is any JSON.
pub fn raw(method: &str, path: &str, body: Option<&Value>) -> Built<()> {
    let method = match method {
        "GET" => Method::Get,
        "POST" => Method::Post,
        "PATCH" => Method::Patch,
        "DELETE" => Method::Delete,
        _ => {
            return Err(vec![FieldViolation::new(
                "method",
                "FORMAT",
                "must be GET, POST, PATCH or DELETE",
            )])
        }
    };
    // On bytes: `str` patterns would pull a substring searcher into the
    // `.wasm`.
    let escapes = path.starts_with("//")
        || path
            .as_bytes()
            .split(|&b| b == b'/' || b == b'?')
            .any(is_dot_segment);
    if !path.starts_with('/')
        || escapes
        || path.len() > MAX_RAW_PATH_CHARS
        || path
            .bytes()
            .any(|b| b <= b' ' || b == b'#' || b == b'\\' || b == 0x7f)
    {
        return Err(vec![FieldViolation::new(
            "path",
            "FORMAT",
            format!(
                "must be a path under the base URL, such as /resellers/v1/packages: starting \
                 with /, without a host, a . or .. segment, a #, a backslash, whitespace or \
                 control characters, at most {MAX_RAW_PATH_CHARS} characters"
            ),
        )]);
    }
    let mut call = Call::new("request", method, path.to_owned());
    call.body = body.map(|body| {
        let mut out = Vec::new();
        crate::json_text::write_value(&mut out, body);
        into_text(out)
    });
    Ok(call)
}

/// Whether a path segment is `.` or `..`, even percent-encoded (`%2e`):
/// URL parsers resolve those, moving the path elsewhere.
fn is_dot_segment(segment: &[u8]) -> bool {
    let mut dots = 0;
    let mut rest = segment;
    while let Some((&first, tail)) = rest.split_first() {
        if first == b'.' {
            rest = tail;
        } else if first == b'%'
            && tail
                .get(..2)
                .is_some_and(|hex| hex.eq_ignore_ascii_case(b"2e"))
        {
            rest = tail.get(2..).unwrap_or_default();
        } else {
            return false;
        }
        dots += 1;
    }
    dots == 1 || dots == 2
}

/// Whether [`raw`] calls with `method` are retried: only the idempotent
/// methods, since nothing else guards a raw request from acting twice.
pub fn raw_is_retried(method: &str) -> bool {
    matches!(method, "GET" | "DELETE")
}

/// A GUID that may go into a URL path: the rules' check, then our own parse,
/// so nothing but `8-4-4-4-12` hex can ever reach the path.
pub fn path_guid(field: &str, value: &str) -> Result<Guid, Vec<FieldViolation>> {
    if let Some(violation) = rules::check_guid(field, value) {
        return Err(vec![violation]);
    }
    Guid::parse(value).ok_or_else(|| {
        vec![FieldViolation::new(
            field,
            "FORMAT",
            format!(
                "{} is not a GUID (expected 8-4-4-4-12 hex digits, such as \
                 828b98fb-7114-4b3c-90fd-8d0db76aa72b)",
                quoted_excerpt(value)
            ),
        )
        .named("GUID")]
    })
}

/// An external ID as one percent-encoded path segment: the rules' check
/// (1 to 100 characters, no control characters), then `.` and `..`, which
/// URL parsers resolve (even percent-encoded), changing the path.
pub fn path_external_id(field: &str, value: &str) -> Result<String, Vec<FieldViolation>> {
    if let Some(violation) = rules::check_external_id(field, value) {
        return Err(vec![violation]);
    }
    if value == "." || value == ".." {
        return Err(vec![FieldViolation::new(
            field,
            "FORMAT",
            format!("{} cannot be used in a URL path", quoted_excerpt(value)),
        )]);
    }
    Ok(percent_encode_segment(value))
}

/// Percent-encodes every byte outside RFC 3986's unreserved set.
pub fn percent_encode_segment(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests;
