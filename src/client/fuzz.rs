//! Hostile answers: arbitrary bytes, and well-formed answers cut, flipped or
//! spliced, thrown at the answer decoder and the error-body decoder. Each
//! must end in a value or a typed error, never a panic. 256 cases by default;
//! `make fuzz` raises PROPTEST_CASES for the long run.

use super::decode::Answer;
use super::decode::{decode_checked, decode_text, query_shape};
use super::error::{ErrorKind, ResellersError};
use super::limits::MAX_RESPONSE_BYTES;
use crate::fuzz_text::{awkward, count_strings, edit, edit_string, json_string_literal};
use crate::model::{
    GetPackageResponse, PackageResponse, QueryPackagesResponse, UpdatePackageExternalIdResponse,
};
use proptest::prelude::*;
use serde_json::Value;

const PACKAGE: &str = r#"{"id":"828b98fb-7114-4b3c-90fd-8d0db76aa72b","accountId":"5e3bd3d5-7a1b-4c43-8e3b-2d51b0c5a7e1","externalId":"order-1","productInstances":[{"instanceId":"d3b88a39-f62e-4164-8b29-08369b9ea71c","siteId":"918aa943-ab4f-40bc-88c3-8dfd02fae7cd","catalogProductId":"00ba7923-2655-402a-852d-2b2100568bcf","status":"FAILED","failure":{"code":"DELIVERY_TIMEOUT","message":"late"},"billingInfo":{"type":"RECURRING","cycleDuration":{"unit":"YEAR","count":1}},"createdDate":"2021-12-02T15:45:30.941Z","updatedDate":"2021-12-02T15:45:30.941Z","countryCode":"BR"}],"createdDate":"2021-12-02T15:45:31.815Z","updatedDate":"2021-12-02T15:45:31.815Z"}"#;

fn answers() -> Vec<String> {
    vec![
        format!(r#"{{"idempotencyKey":"k","package":{PACKAGE}}}"#),
        format!(r#"{{"package":{PACKAGE}}}"#),
        format!(r#"{{"packages":[{PACKAGE},{PACKAGE}],"metadata":{{"count":2,"cursors":{{"next":"abc"}},"hasNext":true}}}}"#),
        format!(r#"{{"updatedPackage":{PACKAGE}}}"#),
        r#"{"message":"Product id not found in catalog.","details":{"applicationError":{"code":"PRODUCT_NOT_FOUND","description":"d","data":{}}}}"#.to_owned(),
        r#"{"message":"bad","details":{"validationError":{"fieldViolations":[{"field":"products[0].countryCode","description":"x","violatedRule":"FORMAT"}]}}}"#.to_owned(),
        "<html><body>502 Bad Gateway</body></html>".to_owned(),
        // Multibyte text where the API puts free text, and escapes.
        format!(r#"{{"package":{}}}"#, PACKAGE.replace("order-1", r"заказ-€-😀-e\u0301").replace("late", r"\uD83D\uDE00 \u00e9 中")),
        r#"{"message":"Ünknown prødüct \u202E 😀","details":{"applicationError":{"code":"PRODUCT_NOT_FOUND","description":"𝄞\ud83d\ude00","data":{"id":"€"}}}}"#.to_owned(),
        r#"{"message":"日本語のメッセージ","details":{"validationError":{"fieldViolations":[{"field":"externalId","description":"ä\u0000\uD800x","violatedRule":"MAX_LENGTH"}]}}}"#.to_owned(),
    ]
}

/// Valid answers, then cut, a byte replaced, or a piece of another spliced in.
fn hostile_body() -> impl Strategy<Value = Vec<u8>> {
    let mutated = (
        0..answers().len(),
        0..answers().len(),
        any::<prop::sample::Index>(),
        any::<prop::sample::Index>(),
        any::<u8>(),
        0u8..8,
        (edit(), awkward(), json_string_literal()),
    )
        .prop_map(
            |(which, other, at, to, byte, how, (edit, awkward, literal))| {
                let all = answers();
                let mut body = all[which].clone().into_bytes();
                let pick = at;
                let at = at.index(body.len().max(1)).min(body.len());
                match how {
                    0 => body,
                    1 => {
                        body.truncate(at);
                        body
                    }
                    2 => {
                        if let Some(slot) = body.get_mut(at) {
                            *slot = byte;
                        }
                        body
                    }
                    // One string of the answer (an ID, a date, an enum, a
                    // message) with a multibyte character put in.
                    4 | 5 => match serde_json::from_slice::<Value>(&body) {
                        Ok(mut value) => {
                            let count = count_strings(&value);
                            if count > 0 {
                                let mut left = pick.index(count);
                                edit_string(&mut value, &mut left, &edit);
                            }
                            serde_json::to_vec(&value).unwrap_or(body)
                        }
                        Err(_) => body,
                    },
                    // A multibyte character's bytes at any byte, inside another
                    // character's included.
                    6 => {
                        body.splice(at..at, awkward.into_bytes());
                        body
                    }
                    // A raw JSON string literal (surrogate pair escapes, unpaired
                    // `\uD800`, multibyte) in place of the string at or after `at`.
                    7 => {
                        let open = body
                            .iter()
                            .skip(at)
                            .position(|&b| b == b'"')
                            .map(|i| at + i);
                        match open {
                            Some(open) => {
                                let close = body
                                    .iter()
                                    .skip(open + 1)
                                    .position(|&b| b == b'"')
                                    .map_or(body.len(), |i| open + 1 + i + 1);
                                body.splice(open..close, literal.into_bytes());
                                body
                            }
                            None => {
                                body.extend(literal.into_bytes());
                                body
                            }
                        }
                    }
                    _ => {
                        let donor = all[other].as_bytes();
                        let cut = to.index(donor.len().max(1)).min(donor.len());
                        body.truncate(at);
                        body.extend_from_slice(&donor[cut..]);
                        body
                    }
                }
            },
        );
    prop_oneof![mutated, proptest::collection::vec(any::<u8>(), 0..256)]
}

fn decode_all(body: &[u8]) {
    for shape in [
        PackageResponse::SHAPE,
        GetPackageResponse::SHAPE,
        QueryPackagesResponse::SHAPE,
        query_shape(true),
        UpdatePackageExternalIdResponse::SHAPE,
    ] {
        // The single pass never changes a verdict or a reason.
        let checked = decode_checked(body, shape).map(|(_, text)| text);
        assert_eq!(decode_text(body, shape), checked);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::default())]

    #[test]
    fn answers_decode_or_fail_with_a_reason(body in hostile_body()) {
        decode_all(&body);
    }

    #[test]
    fn error_bodies_always_give_a_typed_api_error(status in 400u16..600, body in hostile_body()) {
        let error = ResellersError::from_status(status, &body, MAX_RESPONSE_BYTES);
        prop_assert_eq!(error.kind, ErrorKind::Api);
        prop_assert_eq!(error.status, Some(status));
        prop_assert!(!error.code.is_empty());
        prop_assert!(!error.message.is_empty());
    }
}
