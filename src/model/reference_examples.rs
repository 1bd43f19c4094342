//! Serde round trips of the reference's own JSON examples.

use super::*;
use serde_json::{json, Value};

fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(example: Value) -> T {
    let decoded: T =
        serde_json::from_value(example.clone()).expect("the reference example decodes");
    let encoded = serde_json::to_value(&decoded).expect("encodes");
    assert_eq!(encoded, example, "re-encoding changes the example");
    decoded
}

#[test]
fn create_package_v2_request_example() {
    let request: CreatePackageRequest = round_trip(json!({
      "products": [{
          "catalogProductId": "00ba7923-2655-402a-852d-2b2100568bcf",
          "siteId": "918aa943-ab4f-40bc-88c3-8dfd02fae7cd",
          "billingInfo": { "type": "RECURRING", "cycleDuration": { "unit": "YEAR", "count": 1 } },
          "countryCode": "BR"
      }],
      "externalId": "some-external-id"
    }));
    assert_eq!(
        request.products[0]
            .billing_info
            .as_ref()
            .map(Cycle::describe)
            .as_deref(),
        Some("RECURRING/YEAR/1")
    );
}

#[test]
fn create_package_v2_response_example() {
    let response: PackageResponse = round_trip(json!({ "package": {
        "id": "828b98fb-7114-4b3c-90fd-8d0db76aa72b",
        "accountId": "4b3c9b1e-7114-4b3c-90fd-8d0db76aa72b",
        "externalId": "some-external-id",
        "productInstances": [ {
            "instanceId": "d3b88a39-f62e-4164-8b29-08369b9ea71c",
            "siteId": "918aa943-ab4f-40bc-88c3-8dfd02fae7cd",
            "catalogProductId": "00ba7923-2655-402a-852d-2b2100568bcf",
            "status": "PENDING",
            "billingInfo": { "type": "RECURRING", "cycleDuration": { "unit": "YEAR", "count": 1 } },
            "countryCode": "BR",
            "createdDate": "2021-12-02T15:45:30.941Z",
            "updatedDate": "2021-12-02T15:45:30.941Z" } ],
        "createdDate": "2021-12-02T15:45:31.815Z",
        "updatedDate": "2021-12-02T15:45:31.815Z" } }));
    assert_eq!(
        response.package.product_instances[0].status,
        Status::Pending
    );
}

#[test]
fn get_package_example_with_a_failed_floating_instance() {
    let response: GetPackageResponse = round_trip(json!({ "package": {
        "id": "828b98fb-7114-4b3c-90fd-8d0db76aa72b",
        "accountId": "4b3c9b1e-7114-4b3c-90fd-8d0db76aa72b",
        "productInstances": [
          { "instanceId": "d3b88a39-f62e-4164-8b29-08369b9ea71c", "siteId": "918aa943-ab4f-40bc-88c3-8dfd02fae7cd",
            "catalogProductId": "00ba7923-2655-402a-852d-2b2100568bcf", "status": "ENABLED",
            "createdDate": "2021-12-02T15:45:30.941Z", "updatedDate": "2021-12-02T15:45:30.941Z" },
          { "instanceId": "a3b88a39-f62e-4164-8b29-08369b9ea71c", "siteId": "918aa943-ab4f-40bc-88c3-8dfd02fae7cd",
            "catalogProductId": "10ba7923-2655-402a-852d-2b2100568bcf", "status": "CANCELED",
            "createdDate": "2021-12-02T15:45:30.941Z", "updatedDate": "2021-12-02T15:45:30.941Z" },
          { "instanceId": "b3b88a39-f62e-4164-8b29-08369b9ea71c",
            "catalogProductId": "20ba7923-2655-402a-852d-2b2100568bcf", "status": "FAILED",
            "failure": { "code": "DELIVERY_TIMEOUT", "message": "delivery of product has reached it's deadline" },
            "billingInfo": { "type": "RECURRING", "cycleDuration": { "unit": "MONTH", "count": 1 } },
            "createdDate": "2021-12-02T15:45:30.941Z", "updatedDate": "2021-12-02T15:45:30.941Z" }
        ],
        "createdDate": "2021-12-02T15:45:31.815Z",
        "updatedDate": "2021-12-02T15:45:31.815Z" } }));
    let failed = &response.package.product_instances[2];
    assert_eq!(
        failed.failure.as_ref().map(|f| &f.code),
        Some(&FailureCode::DeliveryTimeout)
    );
    assert!(failed.site_id.is_none());
}

#[test]
fn query_request_example() {
    let request: QueryPackagesRequest = round_trip(json!({ "query": {
        "filter": { "productInstances.status": { "$hasAll": ["Enabled"] } },
        "fields": ["id"],
        "fieldsets": ["id"] } }));
    assert!(request.query.filter.is_some());
}

#[test]
fn query_response_example_metadata() {
    let response: QueryPackagesResponse =
        round_trip(json!({ "packages": [], "metadata": { "count": 1, "cursors": {} } }));
    assert_eq!(response.metadata.count, Some(1));
}

#[test]
fn assign_response_example_with_parent_account_id() {
    let response: PackageResponse = round_trip(json!({ "package": {
        "id": "828b98fb-7114-4b3c-90fd-8d0db76aa72b",
        "accountId": "4b3c9b1e-7114-4b3c-90fd-8d0db76aa72b",
        "productInstances": [ {
            "instanceId": "d3b88a39-f62e-4164-8b29-08369b9ea71c",
            "siteId": "2e6c9b1e-7114-4b3c-90fd-8d0db76aa72b",
            "catalogProductId": "00ba7923-2655-402a-852d-2b2100568bcf",
            "status": "PENDING",
            "countryCode": "IN",
            "createdDate": "2021-12-02T15:45:30.941Z",
            "updatedDate": "2021-12-02T15:45:30.941Z" } ],
        "createdDate": "2021-12-02T15:45:31.815Z",
        "updatedDate": "2021-12-02T15:45:31.815Z",
        "parentAccountId": "4b3c9b1e-7114-4b3c-90fd-8d0db76aa72b" } }));
    assert!(response.package.parent_account_id.is_some());
}

#[test]
fn update_external_id_response_uses_updated_package() {
    let response: UpdatePackageExternalIdResponse = round_trip(json!({ "updatedPackage": {
        "id": "828b98fb-7114-4b3c-90fd-8d0db76aa72b",
        "accountId": "4b3c9b1e-7114-4b3c-90fd-8d0db76aa72b",
        "externalId": "new-id",
        "productInstances": [],
        "createdDate": "2021-12-02T15:45:31.815Z",
        "updatedDate": "2021-12-02T15:45:31.815Z" } }));
    assert_eq!(
        response.updated_package.external_id.as_deref(),
        Some("new-id")
    );
}

#[test]
fn adjust_request_example() {
    let request: AdjustProductInstanceRequest =
        round_trip(json!({ "catalogProductId": "2c6db353-458a-41dd-b4f5-cb8a05be6bff" }));
    assert!(request.billing_info.is_none());
}

#[test]
fn application_error_body() {
    let body: WixErrorBody = round_trip(json!({
        "message": "Product id not found in catalog.",
        "details": { "applicationError": { "code": "PRODUCT_NOT_FOUND", "description": "Product id not found in catalog.", "data": {} } }
    }));
    assert_eq!(body.code(), Some("PRODUCT_NOT_FOUND"));
}

#[test]
fn validation_error_body() {
    let body: WixErrorBody = round_trip(json!({
        "message": "products[0].countryCode: is required",
        "details": { "validationError": { "fieldViolations": [
            { "field": "products[0].countryCode", "description": "is required", "violatedRule": "REQUIRED_FIELD" } ] } }
    }));
    assert_eq!(
        body.details
            .validation_error
            .map(|v| v.field_violations.len()),
        Some(1)
    );
}

#[test]
fn system_error_body_is_empty() {
    let body: WixErrorBody = round_trip(json!({ "message": "", "details": {} }));
    assert_eq!(body.code(), None);
}
