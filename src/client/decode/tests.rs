//! The shape walker against serde's typed decoding: both accept the same
//! answers, and the canonical text is what the typed value serialises to.

use super::shape::{Answer, Shape, Ty, PACKAGE, PROJECTED_QUERY_PACKAGES_RESPONSE};
use super::single_pass::canonical_text;
use super::walker;
use super::{canonical_package, decode_checked, decode_text, query_shape};
use crate::fuzz_text::{cases_or, date, guid, json_string_literal, near, text};
use crate::model::Package;
use crate::model::{
    GetPackageResponse, PackageResponse, QueryPackagesResponse, UpdatePackageExternalIdResponse,
};
use proptest::prelude::*;
use serde::Serialize;
use serde_json::json;
use serde_json::Value;

fn instance() -> Value {
    json!({
        "instanceId": "d3b88a39-f62e-4164-8b29-08369b9ea71c",
        "siteId": "918aa943-ab4f-40bc-88c3-8dfd02fae7cd",
        "catalogProductId": "00ba7923-2655-402a-852d-2b2100568bcf",
        "status": "FAILED",
        "failure": { "code": "DELIVERY_TIMEOUT", "message": "slow" },
        "billingInfo": { "type": "RECURRING", "cycleDuration": { "unit": "YEAR", "count": 2 } },
        "createdDate": "2021-12-02T15:45:30.941Z",
        "updatedDate": "2021-12-02T15:45:31.000Z",
        "countryCode": "BR",
        "expirationDate": "2022-12-02T15:45:30.941Z",
        "discountCode": "SALE",
        "referenceProductInstanceId": "e3b88a39-f62e-4164-8b29-08369b9ea71c"
    })
}

fn package() -> Value {
    json!({
        "id": "828b98fb-7114-4b3c-90fd-8d0db76aa72b",
        "accountId": "5E3BD3D5-7A1B-4C43-8E3B-2D51B0C5A7E1",
        "externalId": "order \"7\" \u{e9}\n",
        "productInstances": [instance(), { "instanceId": "i", "catalogProductId": "c",
            "status": "SOMETHING_NEW", "createdDate": "a", "updatedDate": "b",
            "billingInfo": { "type": "RECURRING", "cycleDuration": { "unit": "MONTH" } } }],
        "createdDate": "2021-12-02T15:45:30.941Z",
        "updatedDate": "2021-12-02T15:45:31.000Z",
        "parentAccountId": "5e3bd3d5-7a1b-4c43-8e3b-2d51b0c5a7e1",
        "someFutureField": { "x": [1, 2] }
    })
}

fn answers() -> Vec<Value> {
    vec![
        json!({ "package": package(), "idempotencyKey": "k" }),
        json!({ "package": package() }),
        json!({ "updatedPackage": package() }),
        json!({ "packages": [package(), package()], "metadata": { "count": 2, "offset": 0,
            "total": 9, "tooManyToCount": false, "hasNext": true,
            "cursors": { "next": "n", "prev": null } } }),
        json!({}),
    ]
}

/// The walker fills four always-sent lists and objects when an answer
/// leaves them out (`packages`, `metadata`, its `cursors`, `productInstances`), while the
/// model types require them (so the generated TypeScript does not mark them
/// optional): serde is given the same defaults before it decodes.
fn with_documented_defaults(value: &Value) -> Value {
    fn fill(value: &mut Value, key: &str, default: Value) {
        if let Value::Object(map) = value {
            map.entry(key.to_owned()).or_insert(default);
        }
    }
    fn fill_package(package: Option<&mut Value>) {
        if let Some(package) = package {
            fill(package, "productInstances", json!([]));
        }
    }
    let mut value = value.clone();
    fill_package(value.get_mut("package"));
    fill_package(value.get_mut("updatedPackage"));
    if let Some(Value::Array(packages)) = value.get_mut("packages") {
        packages
            .iter_mut()
            .for_each(|package| fill_package(Some(package)));
    }
    // Unknown members are ignored by the other answer types.
    fill(&mut value, "packages", json!([]));
    fill(&mut value, "metadata", json!({}));
    if let Some(metadata) = value.get_mut("metadata") {
        fill(metadata, "cursors", json!({}));
    }
    value
}

/// What serde says about `value` as `T`, and what the walker says.
fn both<T: Answer + Serialize>(value: &Value) -> (Result<String, String>, Result<String, String>) {
    let typed = serde_json::from_value::<T>(with_documented_defaults(value))
        .map(|typed| serde_json::to_string(&typed).unwrap_or_default())
        .map_err(|error| error.to_string());
    (typed, canonical(value, T::SHAPE))
}

fn assert_agree(value: &Value) {
    fn one<T: Answer + Serialize>(value: &Value) {
        match both::<T>(value) {
            (Ok(typed), Ok(text)) => assert_eq!(typed, text, "{value}"),
            (Err(_), Err(_)) => {}
            (typed, text) => panic!("disagree on {value}: serde {typed:?}, walker {text:?}"),
        }
    }
    one::<PackageResponse>(value);
    one::<GetPackageResponse>(value);
    one::<QueryPackagesResponse>(value);
    one::<UpdatePackageExternalIdResponse>(value);
    // The single pass over the compact and the pretty text of the same value
    // (keys sorted, so mostly out of the model's order): never a different
    // verdict or text. Over the walker's own text (the model's order, as
    // answers come) it must decide, with the same text.
    for shape in SHAPES {
        let walker = canonical(value, shape);
        for text in [
            serde_json::to_string(value).unwrap_or_default(),
            serde_json::to_string_pretty(value).unwrap_or_default(),
        ] {
            if let Some(fast) = canonical_text(text.as_bytes(), shape) {
                assert_eq!(walker.as_ref(), Ok(&fast), "{text}");
            }
        }
        if let Some(walker) = walker.as_ref().ok().filter(|text| !text.contains('\\')) {
            assert_eq!(
                canonical_text(walker.as_bytes(), shape).as_ref(),
                Some(walker)
            );
        }
    }
}

const SHAPES: [Shape; 5] = [
    PackageResponse::SHAPE,
    GetPackageResponse::SHAPE,
    QueryPackagesResponse::SHAPE,
    &PROJECTED_QUERY_PACKAGES_RESPONSE,
    UpdatePackageExternalIdResponse::SHAPE,
];

/// The walker's verdict on an answer of `shape`.
fn canonical(value: &Value, shape: Shape) -> Result<String, String> {
    walker::canonical(value, &Ty::Object(shape))
}

/// What serde_json and the walker make of `body`.
fn walker_on_bytes(body: &[u8], shape: Shape) -> Result<String, String> {
    serde_json::from_slice::<Value>(body)
        .map_err(|error| error.to_string())
        .and_then(|value| canonical(&value, shape))
}

/// The single pass never accepts what the walker refuses, and when it
/// accepts, its text is the walker's.
fn single_pass_agrees(body: &[u8]) {
    for shape in SHAPES {
        if let Some(fast) = canonical_text(body, shape) {
            assert_eq!(
                walker_on_bytes(body, shape),
                Ok(fast),
                "{}",
                String::from_utf8_lossy(body)
            );
        }
    }
}

/// Arbitrary JSON-ish text built from the answers' own names and awkward
/// tokens: duplicated and escaped keys, `null`s, escapes, surrogates, numbers
/// at the edges of `u32` and `f64`, stray commas, random whitespace.
fn json_ish() -> impl Strategy<Value = String> {
    const KEYS: &[&str] = &[
        "\"package\"",
        "\"packages\"",
        "\"metadata\"",
        "\"updatedPackage\"",
        "\"idempotencyKey\"",
        "\"id\"",
        "\"accountId\"",
        "\"externalId\"",
        "\"productInstances\"",
        "\"createdDate\"",
        "\"updatedDate\"",
        "\"instanceId\"",
        "\"catalogProductId\"",
        "\"status\"",
        "\"billingInfo\"",
        "\"type\"",
        "\"cycleDuration\"",
        "\"unit\"",
        "\"count\"",
        "\"cursors\"",
        "\"hasNext\"",
        "\"tooManyToCount\"",
        "\"i\\u0064\"",
        "\"x\"",
        "\"\"",
        "1",
    ];
    const LEAVES: &[&str] = &[
        "null",
        "true",
        "false",
        "nul",
        "0",
        "7",
        "-0",
        "-1",
        "1.5",
        "1e2",
        "01",
        "4294967295",
        "4294967296",
        "18446744073709551616",
        "1e400",
        "-1e-400",
        "\"\"",
        "\"x\"",
        "\"828b98fb-7114-4b3c-90fd-8d0db76aa72b\"",
        "\"828B98FB-7114-4B3C-90FD-8D0DB76AA72B\"",
        "\"828b98fb-7114-4b3c-90fd-8d0db76aa72\"",
        "\"a\\nb\"",
        "\"\\u0041\\/\"",
        "\"\\ud83d\\ude00\"",
        "\"\\ud83d\"",
        "\"\\ude00\"",
        "\"\\x\"",
        "\"é\"",
        "\"\u{1}\"",
        "\"\u{7f}\"",
        "[]",
        "{}",
        ",",
        "",
    ];
    let space = prop_oneof![Just(""), Just(""), Just(" "), Just("\n\t ")];
    // String literals with multibyte text and escapes (pairs and unpaired
    // surrogates), and IDs, dates and enums with a multibyte character put in.
    let quoted = |value: String| serde_json::to_string(&value).unwrap_or_default();
    let leaf = prop_oneof![
        6 => proptest::sample::select(LEAVES).prop_map(str::to_owned),
        2 => json_string_literal(),
        1 => prop_oneof![
            guid(),
            date(),
            near(&["ENABLED", "FAILED", "RECURRING", "MONTH", "BR"]),
            text(12),
        ]
        .prop_map(quoted),
    ];
    let key = prop_oneof![
        6 => proptest::sample::select(KEYS).prop_map(str::to_owned),
        1 => json_string_literal(),
        1 => near(&["package", "id", "status", "createdDate"]).prop_map(quoted),
    ];
    let leaf = (leaf, space.clone()).prop_map(|(leaf, space)| format!("{space}{leaf}"));
    leaf.prop_recursive(6, 96, 6, move |inner| {
        prop_oneof![
            proptest::collection::vec((key.clone(), inner.clone(), space.clone()), 0..6).prop_map(
                |members| {
                    let members: Vec<String> = members
                        .into_iter()
                        .map(|(key, value, space)| format!("{space}{key}{space}:{value}"))
                        .collect();
                    format!("{{{}}}", members.join(","))
                }
            ),
            proptest::collection::vec(inner, 0..4)
                .prop_map(|items| format!("[{}]", items.join(","))),
        ]
    })
}

#[test]
fn well_formed_answers_agree_with_serde_and_keep_the_model_order() {
    for answer in answers() {
        assert_agree(&answer);
    }
    let text = canonical(&json!({ "package": package() }), GetPackageResponse::SHAPE)
        .expect("well formed");
    assert!(
        text.starts_with(r#"{"package":{"id":"828b98fb-7114-4b3c-90fd-8d0db76aa72b","accountId""#)
    );
    assert!(!text.contains("someFutureField"), "{text}");
    assert!(
        text.contains(r#""cycleDuration":{"unit":"MONTH","count":1}"#),
        "{text}"
    );
    let decoded: GetPackageResponse = serde_json::from_str(&text).expect("decodes");
    assert_eq!(decoded.package.product_instances.len(), 2);
}

#[test]
fn wrong_shapes_say_where() {
    for (answer, shape, why) in [
        (
            json!({ "package": 5 }),
            GetPackageResponse::SHAPE,
            "package: expected an object, found a number",
        ),
        (
            json!([]),
            GetPackageResponse::SHAPE,
            "the answer: expected an object, found an array",
        ),
        (
            json!({}),
            PackageResponse::SHAPE,
            "the answer: the required field package is missing",
        ),
        (
            json!({ "package": { "id": "x" } }),
            GetPackageResponse::SHAPE,
            "package.id: \"x\" is not a GUID",
        ),
        (
            json!({ "packages": null }),
            QueryPackagesResponse::SHAPE,
            "packages: expected an array, found null",
        ),
        (
            json!({ "metadata": { "count": -1 } }),
            QueryPackagesResponse::SHAPE,
            "metadata.count: expected a whole number",
        ),
    ] {
        let reason = canonical(&answer, shape).expect_err("refused");
        assert!(reason.contains(why), "{reason}");
    }
    let mut bad = package();
    bad["productInstances"][1]["status"] = json!(7);
    let reason =
        canonical(&json!({ "package": bad }), GetPackageResponse::SHAPE).expect_err("refused");
    assert_eq!(
        reason,
        "package.productInstances[1].status: expected a string, found a number"
    );
}

/// Every path to a field in the sample answers.
fn paths(value: &Value, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                prefix.push(key.clone());
                out.push(prefix.clone());
                paths(item, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                prefix.push(index.to_string());
                out.push(prefix.clone());
                paths(item, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

fn replaced(value: &Value, path: &[String], with: Option<Value>) -> Value {
    let mut value = value.clone();
    let mut slot = &mut value;
    for (depth, step) in path.iter().enumerate() {
        let last = depth + 1 == path.len();
        match slot {
            Value::Object(map) if last => {
                match &with {
                    Some(with) => map.insert(step.clone(), with.clone()),
                    None => map.remove(step),
                };
                break;
            }
            Value::Array(items) if last => {
                let index: usize = step.parse().unwrap_or(0);
                match &with {
                    Some(with) => items[index] = with.clone(),
                    None => {
                        items.remove(index);
                    }
                }
                break;
            }
            Value::Object(map) => slot = map.get_mut(step).expect("path"),
            Value::Array(items) => slot = &mut items[step.parse::<usize>().unwrap_or(0)],
            _ => break,
        }
    }
    value
}

fn replacement() -> BoxedStrategy<Option<Value>> {
    // The same kind of value with a multibyte character put in (a GUID, a
    // date, an enum, free text), or any text.
    let string = prop_oneof![
        guid(),
        date(),
        near(&[
            "ENABLED",
            "FAILED",
            "SOMETHING_NEW",
            "RECURRING",
            "MONTH",
            "YEAR",
            "BR"
        ]),
        text(16),
    ]
    .prop_map(|text| Some(Value::String(text)));
    prop_oneof![
        4 => string,
        12 => prop_oneof![
        Just(None),
        Just(Some(Value::Null)),
        Just(Some(json!(true))),
        Just(Some(json!(0))),
        Just(Some(json!(7))),
        Just(Some(json!(-1))),
        Just(Some(json!(1.5))),
        Just(Some(json!(4_294_967_296u64))),
        Just(Some(json!(""))),
        Just(Some(json!("x"))),
        Just(Some(json!("828b98fb-7114-4b3c-90fd-8d0db76aa72b"))),
        Just(Some(json!({}))),
        ],
    ]
    .boxed()
}

proptest! {
    // 2000 cases, or more when `make fuzz` raises PROPTEST_CASES.
    #![proptest_config(ProptestConfig::with_cases(cases_or(2000)))]

    /// Removing or replacing any one field (or two) of a well-formed answer:
    /// the walker accepts exactly when serde does, with the same text.
    #[test]
    fn the_walker_agrees_with_serde_on_broken_answers(
        which in 0..answers().len(),
        picks in proptest::collection::vec((any::<prop::sample::Index>(), replacement()), 1..3),
    ) {
        let mut answer = answers()[which].clone();
        for (pick, with) in picks {
            let mut all = Vec::new();
            paths(&answer, &mut Vec::new(), &mut all);
            if all.is_empty() {
                answer = with.unwrap_or(Value::Null);
                break;
            }
            answer = replaced(&answer, &all[pick.index(all.len())], with);
        }
        assert_agree(&answer);
    }

    /// The single pass against serde_json and the walker on arbitrary text.
    #[test]
    fn the_single_pass_agrees_with_the_walker_on_arbitrary_text(text in json_ish()) {
        single_pass_agrees(text.as_bytes());
    }

    /// ... and on well-formed answers cut, or with one byte replaced.
    #[test]
    fn the_single_pass_agrees_with_the_walker_on_damaged_answers(
        which in 0..answers().len(),
        at in any::<prop::sample::Index>(),
        byte in any::<u8>(),
        cut in any::<bool>(),
    ) {
        let mut body = serde_json::to_vec(&answers()[which]).unwrap_or_default();
        let at = at.index(body.len().max(1)).min(body.len());
        if cut {
            body.truncate(at);
        } else if let Some(slot) = body.get_mut(at) {
            *slot = byte;
        }
        single_pass_agrees(&body);
    }
}

#[test]
fn the_single_pass_takes_the_walker_limits() {
    // serde_json refuses the 128th nested array; the walker never sees it.
    for depth in [126, 127, 128, 129] {
        let body = format!(
            r#"{{"packages":[],"x":{}{}}}"#,
            "[".repeat(depth),
            "]".repeat(depth)
        );
        let fast = canonical_text(body.as_bytes(), QueryPackagesResponse::SHAPE);
        let walker = walker_on_bytes(body.as_bytes(), QueryPackagesResponse::SHAPE);
        assert_eq!(fast.is_some(), walker.is_ok(), "depth {depth}: {walker:?}");
    }
    // Defaults are filled in, optional `null`s and unknown fields left out.
    let body = br#" {"x":[{"y":-1.5}],"metadata":{"count":2,"total":null,"hasNext":false}}"#;
    assert_eq!(
        canonical_text(body, QueryPackagesResponse::SHAPE).as_deref(),
        Some(r#"{"packages":[],"metadata":{"count":2,"cursors":{},"hasNext":false}}"#)
    );
    // A duplicated key is the walker's to decide (the last one wins there).
    let body = br#"{"metadata":{"count":1,"count":2}}"#;
    assert_eq!(canonical_text(body, QueryPackagesResponse::SHAPE), None);
    single_pass_agrees(body);
}

#[test]
fn package_alone_round_trips() {
    let text = canonical(&package(), &PACKAGE).expect("well formed");
    let typed: Package = serde_json::from_value(package()).expect("decodes");
    assert_eq!(text, serde_json::to_string(&typed).expect("encodes"));
}

#[test]
fn a_page_without_cursors_gets_empty_ones_from_both_readers() {
    // Offset paging answers have no `cursors`; the client's page always has
    // them, so `metadata.cursors.next` is read without a `?.`.
    for body in [
        br#"{"packages":[],"metadata":{"count":0,"offset":0}}"#.as_slice(),
        br#"{"packages":[]}"#.as_slice(),
    ] {
        let fast = canonical_text(body, QueryPackagesResponse::SHAPE).expect("decided");
        let walked = walker_on_bytes(body, QueryPackagesResponse::SHAPE).expect("well formed");
        for text in [fast, walked] {
            let page: Value = serde_json::from_str(&text).expect("JSON");
            assert_eq!(page["metadata"]["cursors"], serde_json::json!({}), "{text}");
            let typed: QueryPackagesResponse = serde_json::from_str(&text).expect("typed");
            assert_eq!(
                typed.metadata.cursors,
                Some(crate::model::Cursors::default())
            );
        }
    }
}

/// A page as a projected query (`fields: ["externalId",
/// "productInstances.status"]`) is answered: no `accountId`, dates or other
/// instance fields, and a package with nothing but its `id`.
const PROJECTED_PAGE: &str = r#"{"packages":[{"id":"828b98fb-7114-4b3c-90fd-8d0db76aa72b","externalId":"p-1","productInstances":[{"status":"PENDING"},{}]},{"id":"928b98fb-7114-4b3c-90fd-8d0db76aa72b"}],"metadata":{"count":2}}"#;

/// The same page with each package's fields in alphabetical order, as the
/// sandbox lists them: the single pass leaves it to the walker.
const PROJECTED_PAGE_SORTED: &str = r#"{"packages":[{"externalId":"p-1","id":"828b98fb-7114-4b3c-90fd-8d0db76aa72b","productInstances":[{"status":"PENDING"},{}]},{"id":"928b98fb-7114-4b3c-90fd-8d0db76aa72b"}],"metadata":{"count":2}}"#;

#[test]
fn a_projected_page_is_read_when_the_call_projects_and_refused_when_not() {
    for body in [PROJECTED_PAGE, PROJECTED_PAGE_SORTED] {
        // Nothing is filled in: no `productInstances: []` for the package
        // whose instances were not asked for.
        assert_eq!(
            decode_text(body.as_bytes(), query_shape(true)).as_deref(),
            Ok(PROJECTED_PAGE
                .replace(r#""count":2}"#, r#""count":2,"cursors":{}}"#)
                .as_str())
        );
        let whole = decode_text(body.as_bytes(), query_shape(false)).expect_err("refused");
        assert!(
            whole.contains("packages[0]: the required field accountId is missing"),
            "{whole}"
        );
        assert_eq!(canonical_text(body.as_bytes(), query_shape(false)), None);
        single_pass_agrees(body.as_bytes());
    }
    // In the model's order the single pass decides the projected page itself.
    assert_eq!(
        canonical_text(PROJECTED_PAGE.as_bytes(), query_shape(true)).as_deref(),
        Some(
            PROJECTED_PAGE
                .replace(r#""count":2}"#, r#""count":2,"cursors":{}}"#)
                .as_str()
        )
    );
    // One package of the page, as a walk yields it.
    let page: Value = serde_json::from_str(PROJECTED_PAGE).expect("JSON");
    let first = &page["packages"][0];
    assert_eq!(
        canonical_package(first, true).as_deref(),
        Ok(
            r#"{"id":"828b98fb-7114-4b3c-90fd-8d0db76aa72b","externalId":"p-1","productInstances":[{"status":"PENDING"},{}]}"#
        )
    );
    let whole = canonical_package(first, false).expect_err("refused");
    assert!(
        whole.contains("the required field accountId is missing"),
        "{whole}"
    );
    // A whole package is a projected one too: read alike, except that nothing
    // absent is filled in (the second instance's `cycleDuration.count`).
    let full = canonical_package(&package(), true).expect("whole package");
    assert!(
        full.contains(r#""cycleDuration":{"unit":"MONTH"}}"#),
        "{full}"
    );
    assert!(full.starts_with(r#"{"id":"828b98fb-7114-4b3c-90fd-8d0db76aa72b","accountId""#));
}

#[test]
fn a_projected_page_still_checks_every_field_it_has() {
    let projected = query_shape(true);
    for (body, why) in [
        (
            r#"{"packages":[{"id":"828b98fb-7114-4b3c-90fd-8d0db76aa72b","accountId":5}]}"#,
            "packages[0].accountId: expected a string, found a number",
        ),
        (
            r#"{"packages":[{"id":"x"}]}"#,
            "packages[0].id: \"x\" is not a GUID",
        ),
        (
            r#"{"packages":[{"productInstances":[{"status":7}]}]}"#,
            "packages[0].productInstances[0].status: expected a string, found a number",
        ),
        (
            r#"{"packages":[{"productInstances":[{"billingInfo":{"cycleDuration":{"count":-1}}}]}]}"#,
            "packages[0].productInstances[0].billingInfo.cycleDuration.count: expected a whole number",
        ),
        (
            r#"{"packages":[{"productInstances":{}}]}"#,
            "packages[0].productInstances: expected an array, found an object",
        ),
        (r#"{"packages":[7]}"#, "packages[0]: expected an object, found a number"),
        // The page itself is not projected: its own rules hold.
        (r#"{"packages":null}"#, "packages: expected an array, found null"),
        (
            r#"{"packages":[],"metadata":{"count":"2"}}"#,
            "metadata.count: expected a whole number",
        ),
    ] {
        assert_eq!(canonical_text(body.as_bytes(), projected), None, "{body}");
        let reason = decode_text(body.as_bytes(), projected).expect_err(body);
        assert!(reason.contains(why), "{body}: {reason}");
        assert_eq!(decode_checked(body.as_bytes(), projected).map(|(_, text)| text), Err(reason));
    }
    // `null` is "not there" for every field of a projected package, as for
    // an optional one: left out, by both readers.
    let body = r#"{"packages":[{"id":"828b98fb-7114-4b3c-90fd-8d0db76aa72b","accountId":null,"productInstances":null}],"metadata":{}}"#;
    let expected =
        r#"{"packages":[{"id":"828b98fb-7114-4b3c-90fd-8d0db76aa72b"}],"metadata":{"cursors":{}}}"#;
    assert_eq!(
        canonical_text(body.as_bytes(), projected).as_deref(),
        Some(expected)
    );
    assert_eq!(
        decode_text(body.as_bytes(), projected).as_deref(),
        Ok(expected)
    );
    single_pass_agrees(body.as_bytes());
}
