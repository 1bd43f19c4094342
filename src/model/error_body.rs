//! The Wix error body: `{ message, details: { applicationError | validationError } }`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use tsify::Tsify;

/// A Wix error response body.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct WixErrorBody {
    /// Short text; empty for system (5xx) errors.
    #[serde(default)]
    pub message: String,
    /// The structured part.
    #[serde(default)]
    pub details: ErrorDetails,
}

/// `details` of an error body: one of the two kinds, or nothing.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ErrorDetails {
    /// A business-rule error with a code such as `PRODUCT_NOT_FOUND`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub application_error: Option<ApplicationError>,
    /// A request that broke field rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub validation_error: Option<ValidationError>,
}

/// A business-rule error.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ApplicationError {
    /// The error code, such as `PRODUCT_LIMIT_EXCEEDED`.
    #[serde(default)]
    pub code: String,
    /// What went wrong, for a person.
    #[serde(default)]
    pub description: String,
    /// Values the message refers to.
    #[serde(default)]
    #[tsify(type = "Record<string, unknown>")]
    pub data: Map<String, Value>,
}

/// Field violations of a rejected request.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ValidationError {
    /// Every broken rule.
    #[serde(default)]
    pub field_violations: Vec<FieldViolation>,
}

/// `FieldViolation.violatedRule`: the kinds of rule this package writes
/// (offline validation and the sandbox). Wix may send others, so the
/// TypeScript field is `ViolatedRule | (string & {})`; `tests/declared_lists.rs`
/// fails on a rule the source writes that is missing here. Declarations and
/// tests only: the list is not compiled into the `.wasm`.
macro_rules! violated_rules {
    ($($(#[$meta:meta])* $rule:literal,)+) => {
        /// Every rule kind of [`FieldViolation::violated_rule`] this package writes.
        #[cfg(not(target_arch = "wasm32"))]
        pub const VIOLATED_RULES: &[&str] = &[$($rule),+];

        const _: () = {
            #[wasm_bindgen::prelude::wasm_bindgen(typescript_custom_section)]
            const TS_TYPE: &'static str = concat!(
                "/** The kinds of rule a field violation of this package names (Wix may send others). */\n",
                "export type ViolatedRule =", $(" | \"", $rule, "\"",)+ ";"
            );
        };
    };
}

violated_rules! {
    /// A required field is missing.
    "REQUIRED_FIELD",
    /// A text is too long.
    "MAX_LENGTH",
    /// A text is too short.
    "MIN_LENGTH",
    /// A text does not have the expected form (GUID, country code, JSON).
    "FORMAT",
    /// A list has too few items.
    "MIN_SIZE",
    /// A list has too many items.
    "MAX_SIZE",
    /// A number is too small.
    "MIN",
    /// A number is too large.
    "MAX",
    /// A value is not one of the enum's.
    "INVALID_ENUM_VALUE",
    /// A value has the wrong JSON type.
    "TYPE",
    /// Any other rule; `ruleName` says which.
    "OTHER",
}

/// One broken field rule, with a path such as `products[3].countryCode`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct FieldViolation {
    /// Path of the field in the request.
    pub field: String,
    /// What is wrong and what is expected.
    pub description: String,
    /// The rule kind: `REQUIRED_FIELD`, `MAX_LENGTH`, `FORMAT`, `TYPE`,
    /// `OTHER`, ... (`ViolatedRule`; Wix may send others).
    #[tsify(type = "ViolatedRule | (string & {})")]
    pub violated_rule: String,
    /// A finer rule name, such as `COUNTRY_CODE` or `GUID`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub rule_name: Option<String>,
}

impl FieldViolation {
    /// A violation of `rule` at `field`.
    pub fn new(field: impl Into<String>, rule: &str, description: impl Into<String>) -> Self {
        FieldViolation {
            field: field.into(),
            description: description.into(),
            violated_rule: rule.to_owned(),
            rule_name: None,
        }
    }

    /// The same violation with a finer rule name.
    pub fn named(mut self, rule_name: &str) -> Self {
        self.rule_name = Some(rule_name.to_owned());
        self
    }
}

impl WixErrorBody {
    /// An application error body.
    pub fn application(code: &str, message: impl Into<String>, data: Map<String, Value>) -> Self {
        // The .d.ts lists every code (`ResellersErrorCode`, src/model/error_codes.rs).
        #[cfg(not(target_arch = "wasm32"))]
        debug_assert!(
            super::error_codes::is_declared_error_code(code),
            "error code {code:?} is not declared in src/model/error_codes.rs"
        );
        let message = message.into();
        WixErrorBody {
            message: message.clone(),
            details: ErrorDetails {
                application_error: Some(ApplicationError {
                    code: code.to_owned(),
                    description: message,
                    data,
                }),
                validation_error: None,
            },
        }
    }

    /// A validation error body listing `violations`.
    pub fn validation(violations: Vec<FieldViolation>) -> Self {
        let message = match violations.first() {
            Some(first) if violations.len() == 1 => {
                format!("{}: {}", first.field, first.description)
            }
            Some(first) => format!(
                "{}: {} (and {} more field violations)",
                first.field,
                first.description,
                violations.len() - 1
            ),
            None => "invalid request".to_owned(),
        };
        WixErrorBody {
            message,
            details: ErrorDetails {
                application_error: None,
                validation_error: Some(ValidationError {
                    field_violations: violations,
                }),
            },
        }
    }

    /// The application error code, if this is an application error.
    pub fn code(&self) -> Option<&str> {
        self.details
            .application_error
            .as_ref()
            .map(|error| error.code.as_str())
    }
}

/// The answer of the offline validators (`validateCreatePackage`, ...).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct ValidationResult {
    /// True when no rule is broken.
    pub valid: bool,
    /// Every broken rule, in the order of the request's fields.
    pub field_violations: Vec<FieldViolation>,
}

impl From<Vec<FieldViolation>> for ValidationResult {
    fn from(field_violations: Vec<FieldViolation>) -> Self {
        ValidationResult {
            valid: field_violations.is_empty(),
            field_violations,
        }
    }
}
