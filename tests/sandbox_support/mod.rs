//! Helpers shared by the sandbox integration tests: a tiny client that drives
//! `Sandbox::handle` with real JSON, and request builders for the seed.
#![allow(dead_code)]

use serde_json::{json, Value};
use wix_resellers::http::{HttpRequest, HttpResponse};
use wix_resellers::sandbox::seed::*;
use wix_resellers::sandbox::Sandbox;

#[path = "../error_codes/mod.rs"]
mod error_codes;
#[allow(unused_imports)] // not every test file lists the codes
pub use error_codes::{codes, status_of};

/// 2023-11-14T22:13:20.000Z.
pub const START_MS: i64 = 1_700_000_000_000;

/// An answer: status, parsed JSON body (Null when not JSON) and the raw response.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub json: Value,
    pub raw: HttpResponse,
}

impl Answer {
    /// `details.applicationError.code`.
    pub fn code(&self) -> &str {
        self.json["details"]["applicationError"]["code"]
            .as_str()
            .unwrap_or("")
    }
    /// `message`.
    pub fn message(&self) -> &str {
        self.json["message"].as_str().unwrap_or("")
    }
    /// The first field violation's field.
    pub fn violation_field(&self) -> &str {
        self.json["details"]["validationError"]["fieldViolations"][0]["field"]
            .as_str()
            .unwrap_or("")
    }
    /// `package` of the answer.
    pub fn package(&self) -> &Value {
        &self.json["package"]
    }
    /// The first instance of `package`.
    pub fn instance(&self) -> &Value {
        &self.json["package"]["productInstances"][0]
    }
    /// Asserts an application error: `code`, with its status from
    /// tests/fixtures/error-codes.json.
    pub fn assert_error(&self, code: &str) {
        assert_eq!(
            (self.status, self.code()),
            (status_of(code), code),
            "body: {}",
            self.json
        );
    }
}

/// Calls into one sandbox as a given reseller key and account.
pub struct Client {
    pub sandbox: Sandbox,
    pub now: i64,
    pub key: Option<String>,
    pub account: Option<String>,
}

impl Client {
    /// A seeded sandbox, acting as the main reseller on its own account.
    pub fn new() -> Client {
        Client {
            sandbox: Sandbox::new(true),
            now: START_MS,
            key: Some(RESELLER_API_KEY.into()),
            account: Some(RESELLER_ACCOUNT_ID.into()),
        }
    }

    /// The same sandbox as another account under the same key.
    pub fn acting_for(&mut self, account: &str) -> &mut Client {
        self.account = Some(account.into());
        self
    }

    /// Sends raw bytes.
    pub fn send_raw(
        &mut self,
        method: &str,
        path: &str,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    ) -> Answer {
        self.now += 1;
        let raw = self.sandbox.handle(
            &HttpRequest {
                method: method.into(),
                path: path.into(),
                headers,
                body,
            },
            self.now,
        );
        let json = serde_json::from_slice(&raw.body).unwrap_or(Value::Null);
        Answer {
            status: raw.status,
            json,
            raw,
        }
    }

    fn headers(&self) -> Vec<(String, String)> {
        let mut headers = vec![("content-type".to_string(), "application/json".to_string())];
        if let Some(key) = &self.key {
            headers.push(("Authorization".into(), key.clone()));
        }
        if let Some(account) = &self.account {
            headers.push(("wix-account-id".into(), account.clone()));
        }
        headers
    }

    /// Sends `body` (None = empty) with this client's headers.
    pub fn call(&mut self, method: &str, path: &str, body: Option<Value>) -> Answer {
        let bytes = body
            .map(|b| serde_json::to_vec(&b).unwrap())
            .unwrap_or_default();
        let headers = self.headers();
        self.send_raw(method, path, headers, bytes)
    }

    /// Create Package V2.
    pub fn create(&mut self, body: Value) -> Answer {
        self.call("POST", "/resellers/v2/packages", Some(body))
    }

    /// Creates one package with `products` and returns it (asserting 200).
    pub fn create_ok(&mut self, products: Value) -> Value {
        let answer = self.create(json!({ "products": products }));
        assert_eq!(answer.status, 200, "create failed: {}", answer.json);
        answer.json["package"].clone()
    }

    /// Get Package.
    pub fn get(&mut self, id: &str) -> Answer {
        self.call("GET", &format!("/resellers/v1/packages/{id}"), None)
    }

    /// Query Packages.
    pub fn query(&mut self, query: Value) -> Answer {
        self.call(
            "POST",
            "/resellers/v1/packages/query",
            Some(json!({ "query": query })),
        )
    }

    /// A control call.
    pub fn control(&mut self, method: &str, path: &str, body: Option<Value>) -> Answer {
        let bytes = body
            .map(|b| serde_json::to_vec(&b).unwrap())
            .unwrap_or_default();
        self.send_raw(method, path, vec![], bytes)
    }

    /// Moves the sandbox clock forward.
    pub fn advance(&mut self, ms: u64) {
        let answer = self.control("POST", "/_sandbox/clock", Some(json!({ "advanceMs": ms })));
        assert_eq!(answer.status, 200);
    }
}

/// True for an `x-wix-request-id` in Wix's form, `1734427301.191556792796277844`:
/// Unix seconds, a dot, 18 digits.
pub fn is_wix_request_id(id: &str) -> bool {
    id.split_once('.').is_some_and(|(seconds, digits)| {
        !seconds.is_empty()
            && digits.len() == 18
            && (seconds.bytes().chain(digits.bytes())).all(|b| b.is_ascii_digit())
    })
}

/// A monthly plan on `site` (None = floating).
pub fn plan(product: &str, site: Option<&str>) -> Value {
    let mut value = json!({
        "catalogProductId": product,
        "countryCode": "BR",
        "billingInfo": { "type": "RECURRING", "cycleDuration": { "unit": "MONTH", "count": 1 } },
    });
    if let Some(site) = site {
        value["siteId"] = json!(site);
    }
    value
}

/// A single-cycle product (no billingInfo needed) on `site`.
pub fn single(product: &str, site: Option<&str>) -> Value {
    let mut value = json!({ "catalogProductId": product, "countryCode": "US" });
    if let Some(site) = site {
        value["siteId"] = json!(site);
    }
    value
}

/// A catalog product of the control API: monthly, adjustable, with the
/// given IDs and types; `extra` adds or replaces fields.
pub fn product_json(id: &str, product_type: &str, service_type: &str, extra: Value) -> Value {
    let mut product = json!({
        "catalogProductId": id, "name": format!("Product {product_type}"),
        "productType": product_type, "serviceType": service_type,
        "cycles": [{ "type": "RECURRING", "cycleDuration": { "unit": "MONTH", "count": 1 } }],
    });
    if let (Some(product), Value::Object(extra)) = (product.as_object_mut(), extra) {
        product.extend(extra);
    }
    product
}

impl Client {
    /// Adds (or replaces) a catalog product, asserting 200.
    pub fn add_product(&mut self, product: Value) {
        let answer = self.control("POST", "/_sandbox/catalog", Some(product));
        assert_eq!(answer.status, 200, "{}", answer.json);
    }
}

/// The instance ID of the first instance of a package.
pub fn first_instance_id(package: &Value) -> String {
    package["productInstances"][0]["instanceId"]
        .as_str()
        .unwrap()
        .to_string()
}

/// A package's ID.
pub fn id_of(package: &Value) -> String {
    package["id"].as_str().unwrap().to_string()
}
