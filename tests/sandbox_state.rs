//! State snapshots (`GET`/`PUT /_sandbox/state`): the whole world as one
//! versioned JSON document; a restored sandbox answers as the saved one
//! would have; a refused snapshot changes nothing; hostile snapshots never
//! break the engine.
#![cfg(not(target_arch = "wasm32"))] // native only (make wasm-test builds every test target for wasm32)

mod sandbox_support;

use proptest::prelude::*;
use sandbox_support::*;
use serde_json::{json, Value};
use wix_resellers::http::HttpRequest;
use wix_resellers::sandbox::seed::*;
use wix_resellers::sandbox::{Sandbox, MAX_STATE_BYTES};

fn state_bytes(client: &mut Client) -> Vec<u8> {
    let answer = client.control("GET", "/_sandbox/state", None);
    assert_eq!(answer.status, 200);
    assert_eq!(answer.raw.header("content-type"), Some("application/json"));
    answer.raw.body
}

fn state(client: &mut Client) -> Value {
    serde_json::from_slice(&state_bytes(client)).unwrap()
}

/// The world without what every request moves: the clock's floor and the
/// ID generator (each answer's request ID is drawn from it).
fn world_of(client: &mut Client) -> Value {
    let mut snapshot = state(client);
    without_clock_and_ids(&mut snapshot);
    snapshot
}

fn without_clock_and_ids(snapshot: &mut Value) {
    let object = snapshot.as_object_mut().unwrap();
    object.remove("ids");
    object.remove("clock");
}

fn put_state(client: &mut Client, bytes: Vec<u8>) -> Answer {
    client.send_raw("PUT", "/_sandbox/state", vec![], bytes)
}

fn instance_path(instance: &str) -> String {
    format!("/resellers/v1/packages/product-instances/{instance}")
}

/// A world with something of everything: accounts and a site added, a
/// product added, packages (a sub-account's too), a used reference, a
/// delivery still pending, idempotency records, an armed fault, the clock
/// moved. Returns a cursor of a query page.
fn rich_world(client: &mut Client) -> String {
    let reseller = "0bbbbbbb-0000-4000-8000-000000000001";
    let site = "517e0000-0000-4000-8000-0000000000f1";
    assert_eq!(
        client
            .control(
                "POST",
                "/_sandbox/accounts",
                Some(json!({ "id": reseller, "apiKey": "a-third-reseller-key" }))
            )
            .status,
        200
    );
    assert_eq!(
        client
            .control(
                "POST",
                "/_sandbox/sites",
                Some(json!({ "id": site, "accountId": reseller }))
            )
            .status,
        200
    );
    client.add_product(product_json(
        "ca7a1090-0000-4000-8000-000000000999",
        "EXTRA",
        "Extras",
        json!({ "limit": 3, "deliveryMs": 5000, "autoRenews": false, "resellable": true }),
    ));
    let plan_package = client.create_ok(json!([plan(LIGHT_PLAN_ID, Some(RESELLER_SITE_ID))]));
    let keyed = client.create(json!({
        "idempotencyKey": "order-1", "externalId": "order-1",
        "products": [{ "catalogProductId": DOMAIN_ID, "countryCode": "US",
                       "referenceProductInstanceId": first_instance_id(&plan_package) }],
    }));
    assert_eq!(keyed.status, 200, "{}", keyed.json);
    client.create_ok(json!([single(SITE_BOOSTER_ID, None)]));
    client.acting_for(SUB_ACCOUNT_ID);
    client.create_ok(json!([plan(CORE_PLAN_ID, Some(SUB_ACCOUNT_SITE_ID))]));
    client.acting_for(RESELLER_ACCOUNT_ID);
    client.create(json!({ "idempotencyKey": "bad-1", "products": [single(DOMAIN_ID, Some(RESELLER_SECOND_SITE_ID))] }));
    client.call(
        "DELETE",
        &instance_path(&first_instance_id(&plan_package)),
        Some(json!({ "idempotencyKey": "cancel-1" })),
    );
    client.advance(1_000);
    let page = client.query(json!({ "cursorPaging": { "limit": 2 } }));
    let cursor = page.json["metadata"]["cursors"]["next"]
        .as_str()
        .unwrap()
        .to_owned();
    client.control(
        "POST",
        "/_sandbox/faults",
        Some(json!({ "pathPrefix": "/resellers/v2/packages", "times": 2, "code": "PRODUCT_SETTINGS_NOT_FOUND", "retryAfter": 1 })),
    );
    client.control(
        "POST",
        "/_sandbox/faults",
        Some(json!({ "method": "GET", "status": 503, "delayMs": 10 })),
    );
    cursor
}

#[test]
fn a_snapshot_is_one_versioned_document_of_the_whole_world() {
    let mut client = Client::new();
    rich_world(&mut client);
    let snapshot = state(&mut client);
    assert_eq!(snapshot["format"], "wix-resellers-sandbox-state");
    assert_eq!(snapshot["version"], 1);
    let keys: Vec<&String> = snapshot.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "accounts",
            "catalog",
            "clock",
            "deliveries",
            "faults",
            "format",
            "idempotency",
            "ids",
            "packages",
            "sites",
            "usedReferences",
            "version"
        ]
    );
    assert_eq!(snapshot["accounts"].as_array().unwrap().len(), 4);
    assert_eq!(snapshot["sites"].as_array().unwrap().len(), 6);
    assert_eq!(snapshot["catalog"].as_array().unwrap().len(), 10);
    assert_eq!(snapshot["packages"].as_array().unwrap().len(), 4);
    assert_eq!(snapshot["usedReferences"].as_array().unwrap().len(), 1);
    assert_eq!(
        snapshot["deliveries"].as_array().unwrap().len(),
        1,
        "the booster's"
    );
    assert_eq!(snapshot["idempotency"].as_array().unwrap().len(), 3);
    assert_eq!(
        snapshot["idempotency"][1]["status"], 428,
        "errors are replayed too"
    );
    assert_eq!(snapshot["faults"].as_array().unwrap().len(), 2);
    assert_eq!(snapshot["clock"]["offsetMs"], 1_000);
    assert!(snapshot["ids"]["next"]
        .as_str()
        .is_some_and(|hex| hex.len() == 16));
}

#[test]
fn restoring_a_snapshot_gives_back_the_same_world() {
    let mut original = Client::new();
    rich_world(&mut original);
    let bytes = state_bytes(&mut original);
    let mut copy = Client::new();
    copy.sandbox = Sandbox::new(false);
    copy.now = original.now;
    let answer = put_state(&mut copy, bytes.clone());
    assert_eq!(answer.status, 200, "{}", answer.json);
    assert_eq!(
        answer.json,
        json!({ "version": 1, "bytes": bytes.len(), "accounts": 4, "sites": 6, "products": 10, "packages": 4, "instances": 4 })
    );
    // The next snapshot of each, their clocks alike, is the same byte for
    // byte, the ID generator and the clock included.
    original.now = copy.now;
    assert!(
        state_bytes(&mut copy) == state_bytes(&mut original),
        "the restored world snapshots as the original"
    );
}

/// The same requests at the same times, to the saved sandbox and to one
/// restored from its snapshot, get the same answers: next IDs, cursors,
/// deliveries, idempotent replays, faults, the clock.
#[test]
fn a_restored_sandbox_answers_as_the_saved_one_would_have() {
    let mut original = Client::new();
    let cursor = rich_world(&mut original);
    let mut copy = Client::new();
    copy.sandbox = Sandbox::new(false);
    copy.now = original.now;
    assert_eq!(put_state(&mut copy, state_bytes(&mut original)).status, 200);
    original.now = copy.now;
    let script: Vec<(&str, String, Option<Value>)> = vec![
        (
            "POST",
            "/resellers/v2/packages".into(),
            Some(json!({ "products": [plan(LIGHT_PLAN_ID, None)] })),
        ),
        (
            "GET",
            "/resellers/v1/packages/00000000-0000-4000-8000-000000000000".into(),
            None,
        ),
        (
            "POST",
            "/resellers/v1/packages/query".into(),
            Some(json!({ "query": { "cursorPaging": { "cursor": cursor } } })),
        ),
        (
            "POST",
            "/resellers/v2/packages".into(),
            Some(json!({ "idempotencyKey": "order-1", "products": [plan(LIGHT_PLAN_ID, None)] })),
        ),
        (
            "POST",
            "/resellers/v2/packages".into(),
            Some(json!({ "products": [plan(BUSINESS_PLAN_ID, Some(RESELLER_SECOND_SITE_ID))] })),
        ),
        (
            "POST",
            "/resellers/v2/packages".into(),
            Some(json!({ "products": [single(BUSINESS_EMAIL_ID, None)], "externalId": "x" })),
        ),
        (
            "POST",
            "/_sandbox/clock".into(),
            Some(json!({ "advanceMs": 60_000 })),
        ),
        (
            "POST",
            "/resellers/v1/packages/query".into(),
            Some(json!({ "query": { "paging": { "limit": 50 } } })),
        ),
        (
            "POST",
            "/resellers/v2/packages".into(),
            Some(json!({ "products": [single("ca7a1090-0000-4000-8000-000000000999", None)] })),
        ),
        ("GET", "/_sandbox/state".into(), None),
    ];
    for (method, path, body) in script {
        let headers = |client: &Client| {
            let mut headers = vec![
                ("Authorization".to_owned(), RESELLER_API_KEY.to_owned()),
                ("wix-account-id".to_owned(), RESELLER_ACCOUNT_ID.to_owned()),
            ];
            headers.truncate(if client.key.is_some() { 2 } else { 0 });
            headers
        };
        let bytes = body.map(|b| b.to_string().into_bytes()).unwrap_or_default();
        let one = original.send_raw(method, &path, headers(&original), bytes.clone());
        let two = copy.send_raw(method, &path, headers(&copy), bytes);
        assert_eq!(one.raw, two.raw, "{method} {path}");
    }
}

#[test]
fn a_restored_world_has_every_index_rebuilt() {
    let mut original = Client::new();
    rich_world(&mut original);
    let mut copy = Client::new();
    copy.sandbox = Sandbox::new(false);
    assert_eq!(put_state(&mut copy, state_bytes(&mut original)).status, 200);
    copy.control("DELETE", "/_sandbox/faults", None);
    // The root's packages, its sub-account's too; by account; by ID.
    let all = copy.query(json!({}));
    assert_eq!(all.json["packages"].as_array().unwrap().len(), 4);
    let mine = copy.query(json!({ "filter": { "accountId": { "$eq": RESELLER_ACCOUNT_ID } } }));
    let mine = mine.json["packages"].as_array().unwrap().clone();
    assert_eq!(mine.len(), 3);
    for package in &mine {
        assert_eq!(copy.get(&id_of(package)).json["package"], *package);
    }
    // Instances by ID, and sites by what they hold.
    let plan_package = mine.last().unwrap();
    let plan_instance = first_instance_id(plan_package);
    assert_eq!(
        copy.call("DELETE", &instance_path(&plan_instance), None)
            .status,
        200
    );
    let domain_package = &mine[1];
    assert_eq!(
        domain_package["productInstances"][0]["catalogProductId"],
        DOMAIN_ID
    );
    // Used references stay used.
    copy.create(
        json!({ "products": [{ "catalogProductId": DOMAIN_ID, "countryCode": "US",
            "referenceProductInstanceId": plan_instance }] }),
    )
    .assert_error("INVALID_REFERENCE_PRODUCT_INSTANCE_ID");
    // API keys of added resellers, and the sub-account's sites.
    copy.key = Some("a-third-reseller-key".into());
    copy.account = Some("0bbbbbbb-0000-4000-8000-000000000001".into());
    assert_eq!(copy.query(json!({})).status, 200);
    copy.key = Some(RESELLER_API_KEY.into());
    copy.account = Some(SUB_ACCOUNT_ID.into());
    copy.create(json!({ "products": [plan(LIGHT_PLAN_ID, Some(SUB_ACCOUNT_SITE_ID))] }))
        .assert_error("PRODUCT_TYPE_ALREADY_ASSIGNED");
    // New IDs never repeat old ones.
    let fresh = copy.create_ok(json!([plan(BUSINESS_ELITE_PLAN_ID, None)]));
    assert!(all.json["packages"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["id"] != fresh["id"]));
}

#[test]
fn a_refused_snapshot_changes_nothing() {
    let mut client = Client::new();
    rich_world(&mut client);
    let good = state(&mut client);
    let before = world_of(&mut client);
    let edit = |change: &dyn Fn(&mut Value)| {
        let mut copy = good.clone();
        change(&mut copy);
        copy.to_string().into_bytes()
    };
    let cases: Vec<(Vec<u8>, &str, &str)> = vec![
        (b"{not json".to_vec(), "body", "FORMAT"),
        (b"[]".to_vec(), "body", "FORMAT"),
        (Vec::new(), "body", "FORMAT"),
        (edit(&|s| s["version"] = json!(2)), "version", "OTHER"),
        (
            edit(&|s| {
                s["version"] = json!(2);
                s["packages"] = json!("a newer shape");
            }),
            "version",
            "OTHER",
        ),
        (
            edit(&|s| s["format"] = json!("something else")),
            "format",
            "OTHER",
        ),
        (
            edit(&|s| {
                s.as_object_mut().unwrap().remove("packages");
            }),
            "body",
            "FORMAT",
        ),
        (edit(&|s| s["extra"] = json!(1)), "body", "FORMAT"),
        (
            edit(&|s| s["packages"][1]["id"] = s["packages"][0]["id"].clone()),
            "packages[1].id",
            "OTHER",
        ),
        (
            edit(&|s| {
                s["packages"][0]["productInstances"][0]["siteId"] =
                    json!("517e0000-0000-4000-8000-00000000dead")
            }),
            "packages[0].productInstances[0].siteId",
            "OTHER",
        ),
        (
            edit(&|s| {
                s["packages"][0]["productInstances"][0]["catalogProductId"] =
                    json!("ca7a1090-0000-4000-8000-00000000dead")
            }),
            "packages[0].productInstances[0].catalogProductId",
            "OTHER",
        ),
        (
            edit(&|s| s["packages"][0]["productInstances"][0]["status"] = json!("ACTIVE")),
            "packages[0].productInstances[0].status",
            "INVALID_ENUM_VALUE",
        ),
        (
            edit(&|s| s["packages"][0]["createdDate"] = json!("2999-01-01T00:00:00.000Z")),
            "packages[1].createdDate",
            "OTHER",
        ),
        (
            edit(&|s| s["packages"][0]["productInstances"] = json!([])),
            "packages[0].productInstances",
            "MAX_SIZE",
        ),
        (
            edit(&|s| {
                s["packages"][2]["productInstances"][0]["instanceId"] =
                    s["packages"][0]["productInstances"][0]["instanceId"].clone()
            }),
            "packages[2].productInstances[0].instanceId",
            "OTHER",
        ),
        (
            edit(&|s| s["accounts"][0]["parentAccountId"] = json!(SUB_ACCOUNT_ID)),
            "accounts[0].parentAccountId",
            "OTHER",
        ),
        (
            edit(&|s| s["accounts"][2]["apiKey"] = json!(RESELLER_API_KEY)),
            "accounts[2].apiKey",
            "OTHER",
        ),
        (
            edit(&|s| s["sites"][0]["accountId"] = json!("0ccccccc-0000-4000-8000-000000000001")),
            "sites[0].accountId",
            "OTHER",
        ),
        (
            edit(&|s| s["catalog"][0]["cycles"] = json!([])),
            "catalog[0].cycles",
            "REQUIRED_FIELD",
        ),
        (
            edit(&|s| s["faults"][0]["status"] = json!(100)),
            "faults[0].status",
            "MIN",
        ),
        (
            edit(&|s| {
                s["deliveries"][0]["instanceId"] = json!("0dddddd0-0000-4000-8000-000000000001")
            }),
            "deliveries[0].instanceId",
            "OTHER",
        ),
        (
            edit(&|s| s["ids"]["next"] = json!("not hex")),
            "ids.next",
            "FORMAT",
        ),
        (
            edit(&|s| s["clock"]["nowMs"] = json!(-1)),
            "clock.nowMs",
            "OTHER",
        ),
        (
            edit(&|s| s["idempotency"][0]["status"] = json!(503)),
            "idempotency[0].status",
            "OTHER",
        ),
        (
            edit(&|s| s["idempotency"][1] = s["idempotency"][0].clone()),
            "idempotency[1]",
            "OTHER",
        ),
    ];
    for (bytes, field, rule) in cases {
        let text = String::from_utf8_lossy(&bytes)
            .chars()
            .take(80)
            .collect::<String>();
        let answer = put_state(&mut client, bytes);
        assert_eq!(answer.status, 400, "{text}: {}", answer.json);
        let violations = answer.json["details"]["validationError"]["fieldViolations"]
            .as_array()
            .unwrap();
        assert!(
            violations
                .iter()
                .any(|v| v["field"] == field && v["violatedRule"] == rule),
            "{text}: expected {field} {rule}, got {violations:?}"
        );
        assert!(
            world_of(&mut client) == before,
            "{text}: the world is as it was"
        );
    }
}

#[test]
fn snapshots_cannot_make_the_engine_allocate_without_bound() {
    let mut client = Client::new();
    let before = world_of(&mut client);
    // Over the size cap: refused from its length.
    let huge = vec![b' '; MAX_STATE_BYTES + 1];
    let answer = put_state(&mut client, huge);
    assert_eq!(answer.status, 400);
    assert_eq!(answer.violation_field(), "body");
    assert_eq!(
        answer.json["details"]["validationError"]["fieldViolations"][0]["violatedRule"],
        "MAX_SIZE"
    );
    // A catalog of two-byte values, each a `Value` in memory: a budget.
    let mut snapshot = state(&mut client);
    snapshot["catalog"] = json!([]);
    let text = snapshot.to_string().replace(
        "\"catalog\":[]",
        &format!("\"catalog\":[{}0]", "0,".repeat(1_000_000)),
    );
    let answer = put_state(&mut client, text.into_bytes());
    assert_eq!(answer.status, 400);
    assert!(
        answer.message().contains("more than 1000000 values"),
        "{}",
        answer.message()
    );
    assert!(world_of(&mut client) == before);
}

#[test]
fn the_version_refusal_says_which_version_is_read() {
    let mut client = Client::new();
    let mut snapshot = state(&mut client);
    snapshot["version"] = json!(7);
    let answer = put_state(&mut client, snapshot.to_string().into_bytes());
    assert_eq!(
        answer.json["details"]["validationError"]["fieldViolations"][0]["description"],
        "this sandbox restores snapshots of version 1, not 7"
    );
}

#[test]
fn state_takes_get_and_put_only() {
    let mut client = Client::new();
    client
        .control("POST", "/_sandbox/state", Some(json!({})))
        .assert_error("METHOD_NOT_ALLOWED");
}

/// Hostile leaves for a snapshot.
fn hostile() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        Just(json!(-1)),
        Just(json!(0)),
        Just(json!(u64::MAX)),
        Just(json!(i64::MIN)),
        Just(json!(1e300)),
        Just(json!("")),
        Just(json!("x")),
        Just(json!("ca7a1090-0000-4000-8000-000000000101")),
        Just(json!("5e11e500-0000-4000-8000-000000000001")),
        Just(json!("2024-02-30T25:61:61.000Z")),
        Just(json!("9999-12-31T23:59:59.999Z")),
        Just(json!("FAILED")),
        Just(json!([])),
        Just(json!({})),
        Just(json!([{}])),
        "\\PC{0,12}".prop_map(Value::String),
    ]
}

/// Every path to a value in `value`.
fn paths(value: &Value, at: Vec<String>, out: &mut Vec<Vec<String>>) {
    out.push(at.clone());
    match value {
        Value::Object(map) => {
            for (name, member) in map {
                let mut next = at.clone();
                next.push(name.clone());
                paths(member, next, out);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                let mut next = at.clone();
                next.push(index.to_string());
                paths(item, next, out);
            }
        }
        _ => {}
    }
}

fn at_path<'a>(value: &'a mut Value, path: &[String]) -> &'a mut Value {
    path.iter().fold(value, |node, step| match node {
        Value::Array(items) => &mut items[step.parse::<usize>().unwrap()],
        other => &mut other[step.as_str()],
    })
}

fn world_snapshot() -> Value {
    let mut client = Client::new();
    rich_world(&mut client);
    state(&mut client)
}

proptest! {
    #![proptest_config(ProptestConfig::default())]

    /// Any snapshot with a few values replaced is restored or refused with a
    /// 400, never more; the engine keeps answering; and what it accepted
    /// snapshots to itself again.
    #[test]
    fn a_hostile_snapshot_is_restored_or_refused_never_more(
        picks in prop::collection::vec((any::<prop::sample::Index>(), hostile()), 1..4),
    ) {
        let mut snapshot = world_snapshot();
        for (pick, replacement) in picks {
            let mut all = Vec::new();
            paths(&snapshot, Vec::new(), &mut all);
            let path = pick.get(&all).clone();
            *at_path(&mut snapshot, &path) = replacement;
        }
        let mut client = Client::new();
        let before = world_of(&mut client);
        let answer = put_state(&mut client, snapshot.to_string().into_bytes());
        prop_assert!(answer.status == 200 || answer.status == 400, "{}", answer.json);
        if answer.status == 400 {
            prop_assert!(world_of(&mut client) == before, "a refused snapshot changed the world");
        }
        client.control("DELETE", "/_sandbox/faults", None);
        for request in [
            HttpRequest { method: "POST".into(), path: "/resellers/v1/packages/query".into(),
                headers: vec![("Authorization".into(), RESELLER_API_KEY.into()), ("wix-account-id".into(), RESELLER_ACCOUNT_ID.into())],
                body: br#"{"query":{"sort":[{"fieldName":"updatedDate"}],"filter":{"productInstances.createdDate":{"$hasSome":["2023-11-14T22:13:20.001Z"]}}}}"#.to_vec() },
            HttpRequest { method: "POST".into(), path: "/resellers/v2/packages".into(),
                headers: vec![("Authorization".into(), RESELLER_API_KEY.into()), ("wix-account-id".into(), RESELLER_ACCOUNT_ID.into())],
                body: json!({ "products": [plan(LIGHT_PLAN_ID, Some(RESELLER_SECOND_SITE_ID))] }).to_string().into_bytes() },
        ] {
            client.now += 100_000;
            let response = client.sandbox.handle(&request, client.now);
            prop_assert!((200..=599).contains(&response.status));
            prop_assert!(serde_json::from_slice::<Value>(&response.body).is_ok());
        }
        let again = state_bytes(&mut client);
        let mut other = Client::new();
        prop_assert_eq!(put_state(&mut other, again.clone()).status, 200);
        let mut expected: Value = serde_json::from_slice(&again).unwrap();
        without_clock_and_ids(&mut expected);
        prop_assert!(world_of(&mut other) == expected, "what was accepted snapshots to itself");
    }
}

/// The revision a persisting front (`--state`) writes on: it moves on every
/// request that can change the world, and on nothing else, so the world is
/// the same at any two requests between which it stood still.
#[test]
fn the_revision_moves_exactly_when_the_world_may_have_changed() {
    let mut client = Client::new();
    let mut last = client.sandbox.revision();
    let mut expect = |client: &mut Client, moved: bool, what: &str| {
        let now = client.sandbox.revision();
        assert_eq!(now != last, moved, "{what}: revision {last} -> {now}");
        last = now;
    };
    // The seed's products deliver at the next request (deliveryMs 0).
    let package = client.create_ok(json!([plan(LIGHT_PLAN_ID, Some(RESELLER_SITE_ID))]));
    expect(&mut client, true, "create");
    let id = id_of(&package);
    client.get(&id);
    expect(&mut client, true, "the get at which the delivery came due");
    let before = client.sandbox.snapshot_bytes();
    client.get(&id);
    client.query(json!({}));
    client.control("GET", "/_sandbox/accounts", None);
    client.control("GET", "/_sandbox/state", None);
    expect(&mut client, false, "reads and queries");
    assert_eq!(
        strip(&before),
        strip(&client.sandbox.snapshot_bytes()),
        "the reads left the world as it was"
    );
    // A keyed create that fails is stored for replay: it counts.
    let refused = client.create(json!({ "idempotencyKey": "k", "products": [single(DOMAIN_ID, Some(RESELLER_SECOND_SITE_ID))] }));
    assert!((400..500).contains(&refused.status), "{}", refused.json);
    expect(&mut client, true, "a keyed create answering 4xx");
    client.control(
        "POST",
        "/_sandbox/faults",
        Some(json!({ "method": "GET", "status": 503 })),
    );
    expect(&mut client, true, "arming a fault");
    assert_eq!(client.get(&id).status, 503);
    expect(&mut client, true, "a get that used the fault up");
    client.control("POST", "/_sandbox/reset", None);
    expect(&mut client, true, "reset");
    let state = state_bytes(&mut client);
    assert_eq!(put_state(&mut client, state).status, 200);
    expect(&mut client, true, "PUT /_sandbox/state");
    // Taking the bytes is no request: nothing moves, not even the IDs.
    let first = client.sandbox.snapshot_bytes();
    assert_eq!(first, client.sandbox.snapshot_bytes());
    expect(&mut client, false, "snapshot_bytes");
}

/// A snapshot without what every request moves (request IDs, clock floor).
fn strip(bytes: &[u8]) -> Value {
    let mut value: Value = serde_json::from_slice(bytes).unwrap();
    without_clock_and_ids(&mut value);
    value
}
