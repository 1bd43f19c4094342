//! `validateCreatePackage` and its adjust counterpart: offline, no network.

use super::convert::{over_long_create, parse_js, to_json, to_json_text};
use crate::api::read_json;
use crate::client::validation_result_json_text;
use crate::model::FieldViolation;
use crate::rules::{self, Body, CreateVersion, UnknownFields};
use wasm_bindgen::prelude::*;

fn unconvertible(reason: String) -> Vec<FieldViolation> {
    vec![FieldViolation::new(
        "request",
        "TYPE",
        format!("must be a plain JSON object: {reason}"),
    )]
}

/// Checks a Create Package V2 request against every rule that needs no
/// server, and the client's own: no field this package does not know
/// (`siteID` is refused, "did you mean `siteId`?"). `{ valid,
/// fieldViolations }`. Sends nothing.
#[wasm_bindgen(js_name = validateCreatePackage, unchecked_return_type = "ValidationResult")]
pub fn validate_create_package(
    #[wasm_bindgen(unchecked_param_type = "CreatePackageRequest")] request: JsValue,
) -> JsValue {
    // A body the one-pass check passes is valid without ever becoming a
    // `Value`; the rules over a tree find and word everything else.
    let violations = match over_long_create(&request) {
        Some(checked) => checked.unwrap_or_else(unconvertible),
        None => match to_json_text(&request) {
            Ok(Some(text)) if rules::valid_create_text(&text, CreateVersion::V2).is_some() => {
                Vec::new()
            }
            Ok(text) => match read_json(text.as_deref()) {
                Ok(body) => rules::with_unknown_fields(
                    rules::validate_create_package(&body, CreateVersion::V2),
                    &body,
                    Body::Create,
                    UnknownFields::Refuse,
                ),
                Err(reason) => unconvertible(reason),
            },
            Err(reason) => unconvertible(reason),
        },
    };
    parse_js(&validation_result_json_text(&violations))
}

/// Checks an Adjust Product Instance Specifications request (`{ catalogProductId?,
/// billingInfo?, discountCode?, idempotencyKey? }`) offline, unknown fields
/// included, as the client does before sending. Sends nothing.
#[wasm_bindgen(js_name = validateAdjustProductInstance, unchecked_return_type = "ValidationResult")]
pub fn validate_adjust_product_instance(
    #[wasm_bindgen(unchecked_param_type = "AdjustProductInstanceRequest")] request: JsValue,
) -> JsValue {
    let violations = match to_json(&request) {
        Ok(body) => rules::with_unknown_fields(
            rules::validate_adjust(&body),
            &body,
            Body::Adjust,
            UnknownFields::Refuse,
        ),
        Err(reason) => unconvertible(reason),
    };
    parse_js(&validation_result_json_text(&violations))
}
