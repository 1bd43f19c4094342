//! The cursor pager: follows `metadata.cursors.next` with only the cursor on
//! later requests, stops at the end or at `maxItems`, never repeats or skips.
#![cfg(not(target_arch = "wasm32"))] // native only (make wasm-test builds every test target for wasm32)

mod client_support;

use client_support::*;
use serde_json::{json, Value};
use wix_resellers::client::{Client, ErrorKind, IterateOptions, Pager};
use wix_resellers::model::Package;
use wix_resellers::transport::TransportError;

fn page(ids: std::ops::Range<u32>, next: Option<&str>) -> Step {
    let packages: Vec<Value> = ids.map(|n| package(&id(n), None)).collect();
    let mut metadata = json!({ "count": packages.len() });
    if let Some(next) = next {
        metadata["cursors"] = json!({ "next": next });
    }
    respond(200, json!({ "packages": packages, "metadata": metadata }))
}

fn drain(pager: &mut Pager<Mock>) -> (Vec<String>, Option<wix_resellers::client::ResellersError>) {
    let mut ids = Vec::new();
    loop {
        match block_on(pager.next()) {
            Ok(Some(Package { id, .. })) => ids.push(id.to_string()),
            Ok(None) => return (ids, None),
            Err(error) => return (ids, Some(error)),
        }
    }
}

fn ids(range: std::ops::Range<u32>) -> Vec<String> {
    range.map(id).collect()
}

#[test]
fn follows_cursors_with_only_the_cursor_on_later_pages() {
    let client: Client<Mock> = client(vec![
        page(0..2, Some("c1")),
        page(2..4, Some("c2")),
        page(4..5, None),
    ]);
    let query = json!({ "filter": { "accountId": { "$eq": ACCOUNT } }, "sort": [{ "fieldName": "createdDate" }] });
    let mut pager = client.iterate_packages(&query, IterateOptions::default());
    let (got, error) = drain(&mut pager);
    assert!(error.is_none());
    assert_eq!(got, ids(0..5));
    let mock = client.transport();
    assert_eq!(mock.sends(), 3);
    assert_eq!(mock.body(0), json!({ "query": query }));
    assert_eq!(
        mock.body(1),
        json!({ "query": { "cursorPaging": { "cursor": "c1" } } })
    );
    assert_eq!(
        mock.body(2),
        json!({ "query": { "cursorPaging": { "cursor": "c2" } } })
    );
    assert_eq!(block_on(pager.next()).expect("still done"), None);
    assert_eq!(mock.sends(), 3);
}

#[test]
fn the_callers_page_limit_is_kept_on_later_pages() {
    let client = client(vec![page(0..2, Some("c1")), page(2..3, None)]);
    let mut pager = client.iterate_packages(
        &json!({ "cursorPaging": { "limit": 2 } }),
        IterateOptions::default(),
    );
    assert_eq!(drain(&mut pager).0, ids(0..3));
    assert_eq!(
        client.transport().body(1),
        json!({ "query": { "cursorPaging": { "cursor": "c1", "limit": 2 } } })
    );
}

#[test]
fn stops_at_max_items_and_asks_for_no_more_than_needed() {
    let client = client(vec![
        page(0..2, Some("c1")),
        page(2..4, Some("c2")),
        page(4..6, None),
    ]);
    let mut pager = client.iterate_packages(
        &json!({ "cursorPaging": { "limit": 2 } }),
        IterateOptions {
            max_items: Some(3),
            ..IterateOptions::default()
        },
    );
    assert_eq!(drain(&mut pager).0, ids(0..3));
    let mock = client.transport();
    assert_eq!(mock.sends(), 2);
    assert_eq!(
        mock.body(0),
        json!({ "query": { "cursorPaging": { "limit": 2 } } })
    );
    assert_eq!(
        mock.body(1),
        json!({ "query": { "cursorPaging": { "cursor": "c1", "limit": 1 } } })
    );
}

#[test]
fn max_items_lowers_the_default_page_size() {
    let client = client(vec![page(0..5, Some("c1"))]);
    let mut pager = client.iterate_packages(
        &Value::Null,
        IterateOptions {
            max_items: Some(5),
            ..IterateOptions::default()
        },
    );
    assert_eq!(drain(&mut pager).0, ids(0..5));
    assert_eq!(
        client.transport().body(0),
        json!({ "query": { "cursorPaging": { "limit": 5 } } })
    );
    assert_eq!(client.transport().sends(), 1);
    let mut none = client.iterate_packages(
        &Value::Null,
        IterateOptions {
            max_items: Some(0),
            ..IterateOptions::default()
        },
    );
    assert_eq!(drain(&mut none).0, Vec::<String>::new());
    assert_eq!(client.transport().sends(), 1);
}

#[test]
fn an_empty_page_ends_the_iteration() {
    let client = client(vec![page(0..0, Some("c1"))]);
    let mut pager = client.iterate_packages(&Value::Null, IterateOptions::default());
    assert_eq!(drain(&mut pager), (vec![], None));
    assert_eq!(client.transport().sends(), 1);
}

#[test]
fn a_failed_page_is_retried_by_the_next_call_without_skipping() {
    let client = client_with(
        vec![
            page(0..2, Some("c1")),
            Err(TransportError::network("down")),
            page(2..3, None),
        ],
        json!({ "maxRetries": 0 }),
    );
    let mut pager = client.iterate_packages(&Value::Null, IterateOptions::default());
    let (first, error) = drain(&mut pager);
    assert_eq!(first, ids(0..2));
    let error = error.expect("the failure");
    assert_eq!(error.kind, ErrorKind::Network);
    // The cursor to resume from, for a caller that gives up on this walk.
    assert_eq!(
        error
            .details
            .as_ref()
            .and_then(|d| d["resumeCursor"].as_str()),
        Some("c1")
    );
    let (rest, error) = drain(&mut pager);
    assert!(error.is_none());
    assert_eq!(rest, ids(2..3));
    assert_eq!(
        client.transport().body(2),
        json!({ "query": { "cursorPaging": { "cursor": "c1" } } })
    );
}

#[test]
fn a_repeated_cursor_stops_after_the_buffered_packages() {
    let client = client(vec![
        page(0..2, Some("c1")),
        page(2..4, Some("c1")),
        page(9..10, None),
    ]);
    let mut pager = client.iterate_packages(&Value::Null, IterateOptions::default());
    let (got, error) = drain(&mut pager);
    assert_eq!(got, ids(0..4));
    assert_eq!(error.expect("loop detected").code, "MALFORMED_RESPONSE");
    assert_eq!(client.transport().sends(), 2);
}

#[test]
fn queries_that_cannot_be_paged_are_refused_without_sending() {
    let client = client(vec![page(0..1, None)]);
    for query in [
        json!({ "paging": { "limit": 5 } }),
        json!(7),
        json!("x"),
        json!({ "cursorPaging": { "limit": 0 } }),
    ] {
        let mut pager = client.iterate_packages(&query, IterateOptions::default());
        let error = block_on(pager.next()).expect_err("refused");
        assert_eq!(
            (error.kind, error.code.as_str()),
            (ErrorKind::Validation, "INVALID_REQUEST"),
            "{query}"
        );
    }
    assert_eq!(client.transport().sends(), 0);
}

#[test]
fn iterate_options_from_js_are_checked() {
    assert_eq!(
        IterateOptions::from_json(&json!({ "maxItems": 3 })),
        Ok(IterateOptions {
            max_items: Some(3),
            ..IterateOptions::default()
        })
    );
    assert_eq!(
        IterateOptions::from_json(&Value::Null),
        Ok(IterateOptions::default())
    );
    for bad in [
        json!({ "maxItems": -1 }),
        json!({ "maxItems": "3" }),
        json!({ "max": 3 }),
        json!([]),
    ] {
        assert!(IterateOptions::from_json(&bad).is_err(), "{bad}");
    }
}

#[test]
fn an_unknown_query_member_is_refused_unless_the_options_allow_it() {
    // The query's own members are the query rules' (which the API applies
    // too); a misspelt member of a nested object is the unknown-field rule's.
    let query = json!({ "filter": { "accountId": { "$eq": ACCOUNT } }, "cursorPaging": { "limit": 5, "cursr": "x" } });
    let refusing = client(vec![page(0..1, None)]);
    let mut pager = refusing.iterate_packages(&query, IterateOptions::default());
    let (got, error) = drain(&mut pager);
    let error = error.expect("refused offline");
    assert!(got.is_empty());
    assert_eq!(error.kind, ErrorKind::Validation);
    assert!(
        error.message.contains("query.cursorPaging.cursr"),
        "{}",
        error.message
    );
    assert_eq!(refusing.transport().sends(), 0, "nothing sent");

    let options = IterateOptions::from_json(&json!({ "allowUnknownFields": true })).expect("valid");
    let allowing = client(vec![page(0..1, None)]);
    let mut pager = allowing.iterate_packages(&query, options);
    let (got, error) = drain(&mut pager);
    assert!(error.is_none(), "{error:?}");
    assert_eq!(got, ids(0..1));
    assert_eq!(allowing.transport().body(0), json!({ "query": query }));

    let wrong = IterateOptions::from_json(&json!({ "allowUnknownFields": "yes" }));
    assert!(wrong.is_err_and(|error| error.message.contains("allowUnknownFields")));
}
