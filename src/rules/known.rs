//! The fields each request body and each nested object the client sends
//! may hold, and the client's rule that no other member is sent: a typo
//! such as `siteID` would be ignored by Wix (its server drops unknown
//! fields), and the paid product would end up floating.
//!
//! This is a client rule only. The sandbox emulates the server, which
//! accepts unknown fields, so it never runs it; the client runs it unless a
//! call's options say `allowUnknownFields: true` (a field Wix added that
//! this package does not know yet). The one-pass reader of a create
//! (`create/text.rs`) knows only these fields too, and is "not sure" of any
//! other member, so a body with one is always read here.

use super::fields::preview;
use super::json_path::Path;
use super::report::Report;
use serde_json::Value;

/// The rule name of a member no model type has.
pub(super) const UNKNOWN_FIELD: &str = "UNKNOWN_FIELD";

/// Whether a call may send members this package does not know.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum UnknownFields {
    /// Refused offline, with the nearest known name (the default).
    #[default]
    Refuse,
    /// Sent as given (the call options' `allowUnknownFields: true`).
    Allow,
}

impl From<bool> for UnknownFields {
    /// The `allowUnknownFields` option's value.
    fn from(allow: bool) -> Self {
        if allow {
            UnknownFields::Allow
        } else {
            UnknownFields::Refuse
        }
    }
}

/// The request bodies (and argument objects) the client checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Body {
    /// Create Package (V1 and V2).
    Create,
    /// Adjust Product Instance Specifications.
    Adjust,
    /// Query Packages (`{ query }`).
    Query,
    /// `{ instanceId, siteId }` of Assign Product Instance To Site.
    AssignIdentifiers,
    /// `{ packageId, externalId }` of Update Package External Id.
    UpdateIdentifiers,
}

/// What a known member holds.
#[derive(Clone, Copy)]
enum Holds {
    /// A value whose members, if any, are not checked here (a string, a
    /// number, the free-form `filter`).
    Value,
    /// An object of this shape.
    Object(&'static Shape),
    /// A list of objects of this shape.
    List(&'static Shape),
}

/// An object's known members.
struct Shape {
    /// How a description names the object ("a product").
    what: &'static str,
    members: &'static [(&'static str, Holds)],
}

const DURATION: Shape = Shape {
    what: "billingInfo.cycleDuration",
    members: &[("unit", Holds::Value), ("count", Holds::Value)],
};

const CYCLE: Shape = Shape {
    what: "billingInfo",
    members: &[
        ("type", Holds::Value),
        ("cycleDuration", Holds::Object(&DURATION)),
    ],
};

const PRODUCT: Shape = Shape {
    what: "a product",
    members: &[
        ("catalogProductId", Holds::Value),
        ("countryCode", Holds::Value),
        ("siteId", Holds::Value),
        ("billingInfo", Holds::Object(&CYCLE)),
        ("discountCode", Holds::Value),
        ("referenceProductInstanceId", Holds::Value),
    ],
};

const CREATE: Shape = Shape {
    what: "the request",
    members: &[
        ("idempotencyKey", Holds::Value),
        ("externalId", Holds::Value),
        ("products", Holds::List(&PRODUCT)),
    ],
};

const ADJUST: Shape = Shape {
    what: "the request",
    members: &[
        ("idempotencyKey", Holds::Value),
        ("catalogProductId", Holds::Value),
        ("billingInfo", Holds::Object(&CYCLE)),
        ("discountCode", Holds::Value),
    ],
};

const SORTING: Shape = Shape {
    what: "a sort item",
    members: &[("fieldName", Holds::Value), ("order", Holds::Value)],
};

const PAGING: Shape = Shape {
    what: "paging",
    members: &[("limit", Holds::Value), ("offset", Holds::Value)],
};

const CURSOR_PAGING: Shape = Shape {
    what: "cursorPaging",
    members: &[("limit", Holds::Value), ("cursor", Holds::Value)],
};

const QUERY: Shape = Shape {
    what: "a query",
    members: &[
        // Its field names and operators are the query rules' business.
        ("filter", Holds::Value),
        ("sort", Holds::List(&SORTING)),
        ("fields", Holds::Value),
        ("fieldsets", Holds::Value),
        ("paging", Holds::Object(&PAGING)),
        ("cursorPaging", Holds::Object(&CURSOR_PAGING)),
    ],
};

const QUERY_BODY: Shape = Shape {
    what: "the request",
    members: &[("query", Holds::Object(&QUERY))],
};

const ASSIGN: Shape = Shape {
    what: "the identifiers",
    members: &[("instanceId", Holds::Value), ("siteId", Holds::Value)],
};

const UPDATE: Shape = Shape {
    what: "the identifiers",
    members: &[("packageId", Holds::Value), ("externalId", Holds::Value)],
};

impl Body {
    fn shape(self) -> &'static Shape {
        match self {
            Body::Create => &CREATE,
            Body::Adjust => &ADJUST,
            Body::Query => &QUERY_BODY,
            Body::AssignIdentifiers => &ASSIGN,
            Body::UpdateIdentifiers => &UPDATE,
        }
    }
}

/// Flags every member of `body` (and of the objects it holds) that its
/// shape does not know. Values of another JSON type are left to the
/// body's own rules.
pub(super) fn check_known(report: &mut Report, body: &Value, kind: Body) {
    walk(report, &Path::Root, body, kind.shape());
}

fn walk(report: &mut Report, path: &Path<'_>, value: &Value, shape: &Shape) {
    let Value::Object(object) = value else {
        return;
    };
    for (key, value) in object {
        if report.is_full() {
            return;
        }
        let here = path.key(key);
        match shape.members.iter().find(|(name, _)| name == key) {
            Some((_, Holds::Value)) => {}
            Some((_, Holds::Object(inner))) => walk(report, &here, value, inner),
            Some((_, Holds::List(inner))) => {
                for (index, item) in value.as_array().into_iter().flatten().enumerate() {
                    walk(report, &here.index(index), item, inner);
                }
            }
            None => report.flag(&here, "OTHER", Some(UNKNOWN_FIELD), || {
                unknown_words(key, shape)
            }),
        }
    }
}

#[inline(never)]
fn unknown_words(key: &str, shape: &Shape) -> String {
    let mut words = format!("{} is not a field of {}", preview(key), shape.what);
    if let Some(name) = nearest(key, shape) {
        words.push_str("; did you mean `");
        words.push_str(name);
        words.push_str("`?");
    }
    words.push_str(" (to send it anyway, pass allowUnknownFields: true in the call options)");
    words
}

/// The longest key read for a suggestion: a longer one is no typo of a
/// known name (the longest has 26 letters).
const MAX_TYPO: usize = 40;

/// The known name `key` most likely misspells: the same but for letter
/// case, `_` or `-`, else at most two letters apart ([`edits`]). No
/// allocation: both are folded into arrays on the stack.
fn nearest(key: &str, shape: &Shape) -> Option<&'static str> {
    let mut key_bytes = [0u8; MAX_TYPO];
    let key = fold(key, &mut key_bytes)?;
    let mut best: Option<(usize, &'static str)> = None;
    for (name, _) in shape.members {
        let mut name_bytes = [0u8; MAX_TYPO];
        let Some(folded) = fold(name, &mut name_bytes) else {
            continue;
        };
        let distance = edits(key, folded);
        if distance <= 2 && best.is_none_or(|(closest, _)| distance < closest) {
            best = Some((distance, name));
        }
    }
    best.map(|(_, name)| name)
}

/// `text` lowercased, without `_` and `-` (`billing_info` is
/// `billinginfo`), written into `out`; `None` when it does not fit.
fn fold<'o>(text: &str, out: &'o mut [u8; MAX_TYPO]) -> Option<&'o [u8]> {
    let mut length = 0;
    let mut slots = out.iter_mut();
    for byte in text.bytes().filter(|byte| !matches!(byte, b'_' | b'-')) {
        *slots.next()? = byte.to_ascii_lowercase();
        length += 1;
    }
    out.get(..length)
}

/// How far apart two byte strings are, as the bytes left over by their
/// common start and end: 1 for a letter missing, added or changed, 2 for
/// two letters swapped. (An upper bound of the edit distance, and far less
/// code than computing it.)
fn edits(a: &[u8], b: &[u8]) -> usize {
    let start = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let shorter = a.len().min(b.len());
    let end = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(shorter - start)
        .take_while(|(x, y)| x == y)
        .count();
    a.len().max(b.len()) - start - end
}

#[cfg(test)]
mod tests {
    use super::super::unknown_fields;
    use super::*;
    use serde_json::json;

    fn found(body: Value, kind: Body) -> Vec<(String, String)> {
        unknown_fields(&body, kind)
            .into_iter()
            .map(|v| {
                assert_eq!(v.violated_rule, "OTHER");
                assert_eq!(v.rule_name.as_deref(), Some(UNKNOWN_FIELD));
                (v.field, v.description)
            })
            .collect()
    }

    fn suggests(body: Value, kind: Body, field: &str, name: &str) {
        let found = found(body, kind);
        assert_eq!(found.len(), 1, "{found:?}");
        let (path, description) = &found[0];
        assert_eq!(path, field);
        assert!(
            description.contains(&format!("did you mean `{name}`?")),
            "{description}"
        );
    }

    #[test]
    fn a_product_site_id_in_the_wrong_case_is_refused_with_the_right_name() {
        suggests(
            json!({ "products": [{ "catalogProductId": "x", "siteID": "y" }] }),
            Body::Create,
            "products[0].siteID",
            "siteId",
        );
    }

    #[test]
    fn a_misspelt_external_id_is_refused() {
        suggests(
            json!({ "externalID": "order-1", "products": [] }),
            Body::Create,
            "externalID",
            "externalId",
        );
    }

    #[test]
    fn a_snake_case_billing_info_is_refused() {
        suggests(
            json!({ "products": [{}, { "billing_info": {} }] }),
            Body::Create,
            "products[1].billing_info",
            "billingInfo",
        );
    }

    #[test]
    fn nested_cycle_members_are_checked() {
        suggests(
            json!({ "products": [{ "billingInfo": { "type": "RECURRING",
                "cycleDuration": { "unit": "MONTH", "cont": 1 } } }] }),
            Body::Create,
            "products[0].billingInfo.cycleDuration.cont",
            "count",
        );
        suggests(
            json!({ "billingInfo": { "typ": "ONE_TIME" } }),
            Body::Adjust,
            "billingInfo.typ",
            "type",
        );
    }

    #[test]
    fn query_paging_and_sort_items_are_checked_but_not_the_filter() {
        suggests(
            json!({ "query": { "filter": { "anything": 1 }, "paging": { "limt": 5 } } }),
            Body::Query,
            "query.paging.limt",
            "limit",
        );
        suggests(
            json!({ "query": { "sort": [{ "fieldName": "x", "ordr": "ASC" }] } }),
            Body::Query,
            "query.sort[0].ordr",
            "order",
        );
    }

    #[test]
    fn a_misspelt_query_member_is_refused_by_the_client_not_by_the_query_rules() {
        // `filters` would be ignored by Wix and match every package.
        let body = json!({ "query": { "filters": { "id": { "$eq": "x" } } } });
        suggests(body.clone(), Body::Query, "query.filters", "filter");
        assert!(super::super::validate_query(&body).is_empty());
    }

    /// The member names serde's derive gives a model struct: its
    /// `Deserialize` hands them to `deserialize_struct`, which this
    /// deserializer catches and answers with an error.
    fn serde_names<T: serde::de::DeserializeOwned>() -> Vec<&'static str> {
        use serde::de::{Deserializer, Visitor};
        #[derive(Debug)]
        struct Caught(Vec<&'static str>);
        impl std::fmt::Display for Caught {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{:?}", self.0)
            }
        }
        impl std::error::Error for Caught {}
        impl serde::de::Error for Caught {
            fn custom<M: std::fmt::Display>(_: M) -> Self {
                Caught(Vec::new())
            }
        }
        struct Catch;
        impl<'de> Deserializer<'de> for Catch {
            type Error = Caught;
            fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Caught> {
                Err(Caught(Vec::new()))
            }
            fn deserialize_struct<V: Visitor<'de>>(
                self,
                _: &'static str,
                fields: &'static [&'static str],
                _: V,
            ) -> Result<V::Value, Caught> {
                Err(Caught(fields.to_vec()))
            }
            serde::forward_to_deserialize_any! {
                bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
                bytes byte_buf option unit unit_struct newtype_struct seq tuple
                tuple_struct map enum identifier ignored_any
            }
        }
        match T::deserialize(Catch) {
            Err(Caught(names)) => names,
            Ok(_) => Vec::new(),
        }
    }

    #[test]
    fn every_shape_knows_exactly_the_members_of_its_model_struct() {
        use crate::model::{
            AdjustProductInstanceRequest, CreatePackageRequest, CursorPaging, Cycle, Interval,
            Paging, ProductInstanceInput, QueryPackagesRequest, QueryV2, Sorting,
        };
        let pairs: [(&Shape, Vec<&str>); 10] = [
            (&CREATE, serde_names::<CreatePackageRequest>()),
            (&PRODUCT, serde_names::<ProductInstanceInput>()),
            (&CYCLE, serde_names::<Cycle>()),
            (&DURATION, serde_names::<Interval>()),
            (&ADJUST, serde_names::<AdjustProductInstanceRequest>()),
            (&QUERY_BODY, serde_names::<QueryPackagesRequest>()),
            (&QUERY, serde_names::<QueryV2>()),
            (&SORTING, serde_names::<Sorting>()),
            (&PAGING, serde_names::<Paging>()),
            (&CURSOR_PAGING, serde_names::<CursorPaging>()),
        ];
        for (shape, model) in pairs {
            let mut known: Vec<&str> = shape.members.iter().map(|(name, _)| *name).collect();
            let mut model = model;
            assert!(!model.is_empty(), "{}: no names caught", shape.what);
            known.sort_unstable();
            model.sort_unstable();
            assert_eq!(known, model, "{} and its model struct", shape.what);
        }
    }

    #[test]
    fn identifiers_are_checked() {
        suggests(
            json!({ "instanceId": "x", "siteID": "y" }),
            Body::AssignIdentifiers,
            "siteID",
            "siteId",
        );
        suggests(
            json!({ "packageID": "x", "externalId": "y" }),
            Body::UpdateIdentifiers,
            "packageID",
            "packageId",
        );
    }

    #[test]
    fn a_name_far_from_any_suggests_none() {
        let found = found(json!({ "colour": "red" }), Body::Adjust);
        assert_eq!(found.len(), 1);
        assert!(!found[0].1.contains("did you mean"), "{}", found[0].1);
    }

    #[test]
    fn known_bodies_and_values_of_other_types_pass() {
        assert!(found(
            json!({ "idempotencyKey": "k", "externalId": "e", "products": [{
                "catalogProductId": "c", "countryCode": "US", "siteId": null,
                "discountCode": "d", "referenceProductInstanceId": "r",
                "billingInfo": { "type": "RECURRING",
                    "cycleDuration": { "unit": "MONTH", "count": 1 } } }] }),
            Body::Create
        )
        .is_empty());
        assert!(found(json!({ "products": "none" }), Body::Create).is_empty());
        assert!(found(json!([1, 2]), Body::Query).is_empty());
    }

    #[test]
    fn a_huge_key_is_not_echoed_whole() {
        let key = "x".repeat(100_000);
        let found = found(json!({ key: 1 }), Body::Adjust);
        assert!(found[0].0.len() < 100 && found[0].1.len() < 600);
    }

    #[test]
    fn edit_distance() {
        assert_eq!(edits(b"siteid", b"siteid"), 0);
        assert_eq!(edits(b"cuont", b"count"), 2);
        assert_eq!(edits(b"cont", b"count"), 1);
        assert_eq!(edits(b"ofset", b"offset"), 1);
        assert_eq!(edits(b"ordr", b"order"), 1);
        assert_eq!(edits(b"", b"abc"), 3);
        assert_eq!(edits(b"aaa", b"aa"), 1);
    }
}
