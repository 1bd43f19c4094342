//! The bindings in a real JS engine (`wasm-pack test --node`): conversions of
//! hostile JS values, the `ResellersError` class, and one client call through
//! the in-process sandbox's bound `fetch`.

use super::validate::validate_create_package;
use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn set(target: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(target, &JsValue::from_str(key), value);
}

#[wasm_bindgen_test]
fn a_cyclic_request_is_a_violation_not_a_trap() {
    let request = Object::new();
    set(&request, "self", &request);
    let answer = validate_create_package(request.into());
    assert_eq!(get(&answer, "valid"), JsValue::FALSE);
    let violations: js_sys::Array = get(&answer, "fieldViolations").unchecked_into();
    assert_eq!(
        get(&violations.get(0), "field"),
        JsValue::from_str("request")
    );
}

#[wasm_bindgen_test]
fn a_bigint_anywhere_is_a_violation_not_a_trap() {
    let request = Object::new();
    set(&request, "products", &js_sys::BigInt::from(7u32).into());
    let answer = validate_create_package(request.into());
    assert_eq!(get(&answer, "valid"), JsValue::FALSE);
}

#[wasm_bindgen_test]
fn undefined_is_reported_as_a_missing_body() {
    let answer = validate_create_package(JsValue::UNDEFINED);
    assert_eq!(get(&answer, "valid"), JsValue::FALSE);
}

#[cfg(feature = "sandbox")]
mod with_sandbox {
    use super::*;
    use crate::js::client::ResellersClient;
    use crate::js::error::resellers_error_class;
    use crate::js::sandbox::Sandbox;
    use crate::sandbox::seed;

    fn client(sandbox: &Sandbox) -> ResellersClient {
        let options = Object::new();
        set(
            &options,
            "apiKey",
            &JsValue::from_str(seed::RESELLER_API_KEY),
        );
        set(
            &options,
            "accountId",
            &JsValue::from_str(seed::RESELLER_ACCOUNT_ID),
        );
        set(&options, "fetch", &sandbox.fetch().into());
        match ResellersClient::new(options.into()) {
            Ok(client) => client,
            Err(_) => panic!("the seed's key and account make a valid client"),
        }
    }

    #[wasm_bindgen_test]
    async fn a_client_creates_and_reads_through_the_in_process_fetch() {
        let sandbox = Sandbox::new(None);
        let client = client(&sandbox);
        let request = js_sys::JSON::parse(&format!(
            r#"{{"externalId":"order-1","products":[{{"catalogProductId":"{}","countryCode":"BR"}}]}}"#,
            seed::BUSINESS_EMAIL_ID
        ))
        .unwrap_or(JsValue::NULL);
        let created = JsFuture::from(client.create_package_v2(request, JsValue::UNDEFINED)).await;
        let package = get(&created.unwrap_or(JsValue::NULL), "package");
        assert_eq!(get(&package, "externalId"), JsValue::from_str("order-1"));
        let fetched =
            JsFuture::from(client.get_package(get(&package, "id"), JsValue::UNDEFINED)).await;
        assert_eq!(
            get(&fetched.unwrap_or(JsValue::NULL), "id"),
            get(&package, "id")
        );
    }

    #[wasm_bindgen_test]
    async fn api_errors_are_resellers_errors_and_real_errors() {
        let sandbox = Sandbox::new(None);
        let client = client(&sandbox);
        let missing = JsValue::from_str("00000000-0000-4000-8000-000000000000");
        let error = JsFuture::from(client.get_package(missing, JsValue::UNDEFINED))
            .await
            .expect_err("an unknown package is rejected");
        assert!(error.is_instance_of::<js_sys::Error>());
        let class: js_sys::Function = resellers_error_class().unchecked_into();
        let prototype = js_sys::Reflect::get_prototype_of(&error).map(JsValue::from);
        assert_eq!(prototype.ok(), Some(get(&class, "prototype")));
        assert_eq!(get(&error, "code"), JsValue::from_str("PACKAGE_NOT_FOUND"));
        assert_eq!(get(&error, "status"), JsValue::from(404));
    }

    fn status_and_recovery(answer: &JsValue) -> (JsValue, Option<String>) {
        let headers: js_sys::Array = get(answer, "headers").unchecked_into();
        let flat: Vec<String> = headers.iter().filter_map(|h| h.as_string()).collect();
        let note = flat
            .chunks(2)
            .find(|pair| pair[0] == "x-sandbox-recovered")
            .map(|pair| pair[1].clone());
        (get(answer, "status"), note)
    }

    fn raw_get(sandbox: &Sandbox, path: &str) -> JsValue {
        sandbox.handle_raw(
            "GET".into(),
            format!("http://sandbox.test{path}"),
            vec![],
            vec![],
        )
    }

    const EXTRA_ACCOUNT: &str = "aaaaaaaa-0000-4000-8000-0000000000ee";

    fn has_extra_account(sandbox: &Sandbox) -> bool {
        let accounts = sandbox.accounts().unwrap_or(JsValue::NULL);
        let text = js_sys::JSON::stringify(&accounts).map(String::from);
        text.unwrap_or_default().contains(EXTRA_ACCOUNT)
    }

    fn add_extra_account(sandbox: &Sandbox) {
        let account = js_sys::JSON::parse(&format!(r#"{{"id":"{EXTRA_ACCOUNT}"}}"#));
        assert!(sandbox
            .add_account(account.unwrap_or(JsValue::NULL))
            .is_ok());
        assert!(has_extra_account(sandbox));
    }

    #[wasm_bindgen_test]
    async fn an_engine_left_borrowed_by_a_trap_is_replaced_and_the_next_request_answered() {
        let sandbox = Sandbox::new(None);
        add_extra_account(&sandbox);
        // What a trap inside `handle` leaves behind: a mutable borrow nobody releases.
        std::mem::forget(sandbox.engine_cell().expect("an engine").borrow_mut());
        let (status, note) = status_and_recovery(&raw_get(&sandbox, "/_sandbox/catalog"));
        assert_eq!(status, JsValue::from(200), "answered, not 503 busy");
        assert_eq!(note.as_deref(), Some("state-lost"));
        assert!(!has_extra_account(&sandbox), "a new seeded engine answers");
        let (status, note) = status_and_recovery(&raw_get(&sandbox, "/_sandbox/accounts"));
        assert_eq!((status, note), (JsValue::from(200), None), "recovered once");

        // The in-process fetch (a separate handle on the same slot) recovers too.
        std::mem::forget(sandbox.engine_cell().expect("an engine").borrow_mut());
        let fetch = sandbox.fetch();
        let url = JsValue::from_str("http://sandbox.test/_sandbox/catalog");
        let response = JsFuture::from(js_sys::Promise::from(
            fetch
                .call1(&JsValue::UNDEFINED, &url)
                .unwrap_or(JsValue::NULL),
        ))
        .await
        .expect("the fetch resolves");
        let response: web_sys::Response = response.unchecked_into();
        assert_eq!(response.status(), 200);
        let note = response.headers().get("x-sandbox-recovered").ok().flatten();
        assert_eq!(note.as_deref(), Some("state-lost"));
    }

    #[wasm_bindgen_test]
    fn an_engine_left_with_a_shared_borrow_is_copied_with_its_state() {
        let sandbox = Sandbox::new(None);
        add_extra_account(&sandbox);
        // Forged: no real call leaves a shared borrow (every engine call
        // borrows mutably), so a real trap is always `state-lost`; this only
        // keeps the defensive `state-kept` branch of `with_engine` correct.
        std::mem::forget(sandbox.engine_cell().expect("an engine").borrow());
        let (status, note) = status_and_recovery(&raw_get(&sandbox, "/_sandbox/catalog"));
        assert_eq!(status, JsValue::from(200));
        assert_eq!(note.as_deref(), Some("state-kept"));
        assert!(has_extra_account(&sandbox), "the state survived");
        let answer = sandbox.payload_too_large();
        assert_eq!(get(&answer, "status"), JsValue::from(413));
    }
}
