//! Sandbox benchmark (native figures, printed, nothing asserted): get-package
//! calls per second through `Sandbox::handle`, and the latency of one query
//! page (default order, and filtered) over 10,000 and 100,000 stored packages
//! in one account.
//!
//! Run with `cargo bench --features sandbox --bench sandbox`.

use serde_json::{json, Value};
use std::time::Instant;
use wix_resellers::http::HttpRequest;
use wix_resellers::sandbox::seed::*;
use wix_resellers::sandbox::Sandbox;

const START_MS: i64 = 1_700_000_000_000;

fn request(method: &str, path: &str, account: &str, body: &Value) -> HttpRequest {
    HttpRequest {
        method: method.into(),
        path: path.into(),
        headers: vec![
            ("Authorization".into(), RESELLER_API_KEY.into()),
            ("wix-account-id".into(), account.into()),
        ],
        body: if body.is_null() {
            Vec::new()
        } else {
            serde_json::to_vec(body).unwrap_or_default()
        },
    }
}

/// Fills a sandbox with `count` one-instance packages; every tenth belongs to
/// the sub-account and every fiftieth is canceled. Returns the package IDs.
fn fill(sandbox: &mut Sandbox, count: usize, now: &mut i64) -> Vec<String> {
    let mut ids = Vec::with_capacity(count);
    for n in 0..count {
        let account = if n % 10 == 0 {
            SUB_ACCOUNT_ID
        } else {
            RESELLER_ACCOUNT_ID
        };
        let body = json!({
            "products": [{
                "catalogProductId": LIGHT_PLAN_ID, "countryCode": "BR",
                "billingInfo": { "type": "RECURRING", "cycleDuration": { "unit": "MONTH", "count": 1 } }
            }],
            "externalId": format!("order-{n}"),
        });
        *now += 1;
        let response = sandbox.handle(
            &request("POST", "/resellers/v2/packages", account, &body),
            *now,
        );
        let parsed: Value = serde_json::from_slice(&response.body).unwrap_or(Value::Null);
        let id = parsed["package"]["id"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        if n % 50 == 1 {
            *now += 1;
            sandbox.handle(
                &request(
                    "DELETE",
                    &format!("/resellers/v1/packages/{id}"),
                    account,
                    &Value::Null,
                ),
                *now,
            );
        }
        if account == RESELLER_ACCOUNT_ID {
            ids.push(id);
        }
    }
    ids
}

/// Mean latency in milliseconds of `runs` calls of `body` to Query Packages.
fn query_ms(sandbox: &mut Sandbox, now: &mut i64, body: &Value, runs: u32) -> (f64, usize) {
    let req = request(
        "POST",
        "/resellers/v1/packages/query",
        RESELLER_ACCOUNT_ID,
        body,
    );
    let mut returned = 0;
    let started = Instant::now();
    for _ in 0..runs {
        *now += 1;
        let response = sandbox.handle(&req, *now);
        returned = serde_json::from_slice::<Value>(&response.body)
            .ok()
            .and_then(|v| v["packages"].as_array().map(Vec::len))
            .unwrap_or(0);
    }
    (
        started.elapsed().as_secs_f64() * 1000.0 / f64::from(runs),
        returned,
    )
}

fn main() {
    for size in [10_000usize, 100_000] {
        let mut sandbox = Sandbox::new(true);
        let mut now = START_MS;
        let started = Instant::now();
        let ids = fill(&mut sandbox, size, &mut now);
        println!(
            "\n== {size} packages (filled in {:.2} s through handle) ==",
            started.elapsed().as_secs_f64()
        );

        let calls = 50_000usize;
        let started = Instant::now();
        for n in 0..calls {
            now += 1;
            let id = &ids[(n * 7919) % ids.len()];
            let response = sandbox.handle(
                &request(
                    "GET",
                    &format!("/resellers/v1/packages/{id}"),
                    RESELLER_ACCOUNT_ID,
                    &Value::Null,
                ),
                now,
            );
            assert_eq!(response.status, 200);
        }
        println!(
            "get-package: {:.0} calls/s",
            calls as f64 / started.elapsed().as_secs_f64()
        );

        let cases = [
            (
                "default page (limit 100, createdDate DESC)",
                json!({ "query": {} }),
            ),
            (
                "filtered page: productInstances.status $hasSome [CANCELED] (2%)",
                json!({ "query": { "filter": { "productInstances.status": { "$hasSome": ["CANCELED"] } } } }),
            ),
            (
                "filtered page: accountId $eq sub-account (10%)",
                json!({ "query": { "filter": { "accountId": { "$eq": SUB_ACCOUNT_ID } } } }),
            ),
            (
                "sorted page: updatedDate DESC",
                json!({ "query": { "sort": [{ "fieldName": "updatedDate", "order": "DESC" }] } }),
            ),
            (
                "offset page with total (full count)",
                json!({ "query": { "paging": { "limit": 100, "offset": 500 } } }),
            ),
        ];
        for (name, body) in cases {
            let (ms, returned) = query_ms(&mut sandbox, &mut now, &body, 20);
            println!("query {name}: {ms:.3} ms/page ({returned} packages)");
        }
    }
}
