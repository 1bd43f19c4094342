//! Building answers: the JSON response with its `x-wix-request-id`, and the
//! error type every handler returns, carrying a Wix-shaped error body.

use crate::http::HttpResponse;
use crate::model::{FieldViolation, WixErrorBody};
use serde::Serialize;
use serde_json::{Map, Value};

/// A failed request: the HTTP status and the Wix error body.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ApiError {
    /// HTTP status.
    pub status: u16,
    /// `{message, details}` (boxed: errors travel in `Result`s everywhere).
    pub body: Box<WixErrorBody>,
}

/// What a handler produces: a status and a serialised JSON body.
pub(crate) type Reply = Result<(u16, Vec<u8>), ApiError>;

impl ApiError {
    /// An application error such as `PRODUCT_NOT_FOUND` (`errors.rs` builds
    /// every one, with its status from the code table).
    pub(crate) fn app(status: u16, code: &str, message: impl Into<String>, data: Value) -> Self {
        let data = match data {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        ApiError {
            status,
            body: Box::new(WixErrorBody::application(code, message, data)),
        }
    }

    /// A 400 validation error listing `violations`.
    pub(crate) fn validation(violations: Vec<FieldViolation>) -> Self {
        ApiError {
            status: 400,
            body: Box::new(WixErrorBody::validation(violations)),
        }
    }

    /// A 400 validation error with one violation.
    pub(crate) fn invalid(field: &str, rule: &str, description: impl Into<String>) -> Self {
        Self::validation(vec![FieldViolation::new(field, rule, description)])
    }

    /// The serialised error body. A validation error's violations each get
    /// the `data` member Wix's error format gives every field violation
    /// (Errors; API §7), here and not in the model's `FieldViolation`, which
    /// the lean client compiles too (its offline violations have no server
    /// data, and the member would grow its `.wasm`).
    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        match &self.body.details.validation_error {
            Some(validation) => to_json(&ValidationBody {
                message: &self.body.message,
                details: ValidationDetails {
                    validation_error: Violations {
                        field_violations: validation
                            .field_violations
                            .iter()
                            .map(|violation| WithData {
                                violation,
                                data: EMPTY_DATA,
                            })
                            .collect(),
                    },
                },
            }),
            None => to_json(&self.body),
        }
    }
}

/// What a field violation's `data` holds. Wix documents the member
/// ("additional contextual information") but, for this API, nothing in it,
/// so the sandbox sends an empty object: code reading `data.x` finds an
/// object, as it would in production, and nothing the sandbox made up.
#[derive(Clone, Copy, Serialize)]
struct Empty {}

const EMPTY_DATA: Empty = Empty {};

/// A validation error body as the sandbox sends it.
#[derive(Serialize)]
struct ValidationBody<'a> {
    message: &'a str,
    details: ValidationDetails<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ValidationDetails<'a> {
    validation_error: Violations<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Violations<'a> {
    field_violations: Vec<WithData<'a>>,
}

/// A field violation with its `data` (after the model's members).
#[derive(Serialize)]
struct WithData<'a> {
    #[serde(flatten)]
    violation: &'a FieldViolation,
    data: Empty,
}

/// Serialises `value`; our types always serialise, but never panic if not.
pub(crate) fn to_json<T: Serialize>(value: &T) -> Vec<u8> {
    serde_json::to_vec(value).unwrap_or_else(|_| b"{\"message\":\"\",\"details\":{}}".to_vec())
}

/// A 200 reply with `value` as JSON.
pub(crate) fn ok<T: Serialize>(value: &T) -> Reply {
    Ok((200, to_json(value)))
}

/// Turns a reply into the HTTP response a front sends.
pub(crate) fn finish(reply: Reply, request_id: &str) -> HttpResponse {
    let (status, body) = match reply {
        Ok(pair) => pair,
        Err(error) => (error.status, error.to_bytes()),
    };
    response(status, body, "application/json", request_id)
}

/// A response with the two headers every answer carries.
pub(crate) fn response(
    status: u16,
    body: Vec<u8>,
    content_type: &str,
    request_id: &str,
) -> HttpResponse {
    HttpResponse {
        status,
        headers: vec![
            ("content-type".to_owned(), content_type.to_owned()),
            ("x-wix-request-id".to_owned(), request_id.to_owned()),
        ],
        body,
        delay_ms: 0,
        reset: false,
    }
}

/// Builds the validation error for a body that is valid JSON but does not fit
/// the typed request (wrong type, missing field). serde names the field in
/// backticks for a missing one; other errors point at the body as a whole.
pub(crate) fn from_serde_error(error: &serde_json::Error) -> ApiError {
    let text = error.to_string();
    if let Some(rest) = text.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or("body");
        return ApiError::invalid(field, "REQUIRED_FIELD", format!("`{field}` is required"));
    }
    let rule = if error.is_syntax() || error.is_eof() {
        "FORMAT"
    } else {
        "TYPE"
    };
    ApiError::invalid(
        "body",
        rule,
        format!("the request body does not fit the schema: {text}"),
    )
}
