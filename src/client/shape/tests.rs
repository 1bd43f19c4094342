//! The shape walker against serde's typed decoding: both accept the same
//! answers, and the canonical text is what the typed value serialises to.

use super::*;
use crate::model::Package;
use proptest::prelude::*;
use serde::Serialize;
use serde_json::json;

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

/// The walker fills three always-sent lists and objects when an answer
/// leaves them out (`packages`, `metadata`, `productInstances`), while the
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

fn replacement() -> impl Strategy<Value = Option<Value>> {
    prop_oneof![
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
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

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
}

#[test]
fn package_alone_round_trips() {
    let text = canonical(&package(), &PACKAGE).expect("well formed");
    let typed: Package = serde_json::from_value(package()).expect("decodes");
    assert_eq!(text, serde_json::to_string(&typed).expect("encodes"));
}
