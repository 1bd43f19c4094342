//! The client: `Client<T: Transport>`, an immutable handle whose async
//! methods are the Resellers API. Every method is a description from
//! [`crate::api`] run through the one pipeline (a call machine): validate,
//! build, send, retry, decode. Inputs are untrusted JSON values (they come from JS); a
//! wrong shape is a `validation` error and nothing is sent.
//!
//! ```no_run
//! # async fn demo<T: wix_resellers::transport::Transport>(transport: T) -> Result<(), wix_resellers::client::ResellersError> {
//! use wix_resellers::client::{CallOptions, Client, ClientConfig};
//! let config = ClientConfig::new("IST.eyJ-your-account-level-key", "5e3bd3d5-7a1b-4c43-8e3b-2d51b0c5a7e1")?;
//! let client = Client::new(config, transport);
//! let package = client.get_package("828b98fb-7114-4b3c-90fd-8d0db76aa72b").await?;
//! client.cancel_package(package.id.as_str(), &CallOptions::default()).await?;
//! # Ok(()) }
//! ```

// `ResellersError` carries everything a handler needs (~170 bytes); it only
// travels on the failure path, so it is returned unboxed for plain field access.
#![allow(clippy::result_large_err)]

// The walk of one call: `options` and `limits` read, the request built
// (`request`), the `machine` deciding each step (`retry`, `error`,
// `redact`), the answer decoded (`decode`); `driver` runs it natively,
// src/js/driver.rs in JS. (rustfmt keeps the list below alphabetical.)
mod config;
pub(crate) mod decode;
mod driver;
mod error;
mod limits;
pub(crate) mod machine;
mod options;
pub(crate) mod paginate;
mod redact;
pub(crate) mod request;
pub mod retry;
mod seen;

/// The response header carrying Wix's request id.
pub use crate::http::REQUEST_ID_HEADER;
pub use config::{
    ApiKey, BaseUrl, ClientConfig, DEFAULT_BASE_URL, DEFAULT_DEADLINE_MS, DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT_MS, USER_AGENT,
};
pub use decode::{decode_body, Answer};
pub use driver::Pager;
pub use error::{status_code_name, validation_result_json_text, ErrorKind, ResellersError};
pub use limits::{
    MAX_IDEMPOTENCY_KEY_CHARS, MAX_RESPONSE_BYTES, MAX_RETRIES_LIMIT, MAX_TIMEOUT_MS,
    MAX_TO_ARRAY_ITEMS,
};
pub use options::CallOptions;
pub use paginate::{to_array_limit, IterateOptions, DEFAULT_PAGE_LIMIT};
pub use redact::MIN_API_KEY_CHARS;

use crate::api::{self, Built};
use crate::model::{
    Package, PackageResponse, QueryPackagesResponse, UpdatePackageExternalIdResponse,
};
use crate::rules::UnknownFields;
use crate::transport::Transport;
use serde_json::Value;
use std::rc::Rc;

/// A Resellers API client for one account over one transport. Immutable:
/// [`Client::with_account`] makes a new client sharing the transport.
pub struct Client<T: Transport> {
    config: Rc<ClientConfig>,
    transport: Rc<T>,
}

impl<T: Transport> Clone for Client<T> {
    fn clone(&self) -> Self {
        Client {
            config: Rc::clone(&self.config),
            transport: Rc::clone(&self.transport),
        }
    }
}

impl<T: Transport> Client<T> {
    /// A client with `config` sending through `transport`.
    pub fn new(config: ClientConfig, transport: T) -> Self {
        Client {
            config: Rc::new(config),
            transport: Rc::new(transport),
        }
    }

    /// The settings (the key prints as `[redacted]`).
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// The transport.
    pub fn transport(&self) -> &T {
        &self.transport
    }

    /// The same settings and transport for another account (a DIY sub-account).
    pub fn with_account(&self, account_id: &str) -> Result<Client<T>, ResellersError> {
        Ok(Client {
            config: Rc::new(self.config.with_account(account_id)?),
            transport: Rc::clone(&self.transport),
        })
    }

    /// Runs one call of this client through the native driver.
    async fn run<R: Answer>(
        &self,
        operation: &'static str,
        built: Built<R>,
        options: &CallOptions,
    ) -> Result<R, ResellersError> {
        driver::execute(&self.config, &*self.transport, operation, built, options).await
    }

    /// Create Package V2: `{ products, externalId?, idempotencyKey? }` ->
    /// `{ package, idempotencyKey? }`. With an `externalId`, an unknown
    /// outcome is reconciled by querying for it before any retry.
    pub async fn create_package_v2(
        &self,
        request: &Value,
        options: &CallOptions,
    ) -> Result<PackageResponse, ResellersError> {
        self.run(
            "createPackageV2",
            api::create_package_v2(request, options.unknown_fields),
            options,
        )
        .await
    }

    /// The deprecated v1 create (no `countryCode` requirement).
    pub async fn create_package(
        &self,
        request: &Value,
        options: &CallOptions,
    ) -> Result<PackageResponse, ResellersError> {
        self.run(
            "createPackage",
            api::create_package(request, options.unknown_fields),
            options,
        )
        .await
    }

    /// Get Package, unwrapped to the package (like Wix's SDK).
    pub async fn get_package(&self, id: &str) -> Result<Package, ResellersError> {
        let answer = self
            .run("getPackage", api::get_package(id), &CallOptions::default())
            .await?;
        Ok(answer.package)
    }

    /// Query Packages: `query` is the `QueryV2` object itself (`null` for
    /// everything); the client sends `{ query }`. The answer is typed, so
    /// its packages must be whole: for a projected query (`fields`,
    /// `fieldsets`) use [`Client::iterate_packages`] and [`Pager::next_json`],
    /// which read packages with only the fields asked for.
    pub async fn query_packages(
        &self,
        query: &Value,
    ) -> Result<QueryPackagesResponse, ResellersError> {
        self.run(
            "queryPackages",
            api::query_packages(query, UnknownFields::Refuse),
            &CallOptions::default(),
        )
        .await
    }

    /// Every package matching `query`, page by page (see [`Pager`]).
    pub fn iterate_packages(&self, query: &Value, options: IterateOptions) -> Pager<T> {
        Pager::new(
            Rc::clone(&self.config),
            Rc::clone(&self.transport),
            query,
            options,
        )
    }

    /// Cancel Package: cancels every instance in it.
    pub async fn cancel_package(
        &self,
        id: &str,
        options: &CallOptions,
    ) -> Result<PackageResponse, ResellersError> {
        self.run("cancelPackage", api::cancel_package(id), options)
            .await
    }

    /// Cancel Product Instance.
    pub async fn cancel_product_instance(
        &self,
        instance_id: &str,
        options: &CallOptions,
    ) -> Result<PackageResponse, ResellersError> {
        let built = api::cancel_product_instance(instance_id);
        self.run("cancelProductInstance", built, options).await
    }

    /// Adjust Product Instance Specifications with `{ catalogProductId?,
    /// billingInfo?, discountCode?, idempotencyKey? }`.
    pub async fn adjust_product_instance_specifications(
        &self,
        instance_id: &str,
        options: &Value,
    ) -> Result<PackageResponse, ResellersError> {
        let built = api::adjust_product_instance_specifications(
            instance_id,
            options,
            UnknownFields::Refuse,
        );
        self.run(
            "adjustProductInstanceSpecifications",
            built,
            &CallOptions::default(),
        )
        .await
    }

    /// Assign Product Instance To Site with `{ instanceId, siteId }`
    /// (also reassigns an instance that is on another site).
    pub async fn assign_product_instance_to_site(
        &self,
        identifiers: &Value,
        options: &CallOptions,
    ) -> Result<PackageResponse, ResellersError> {
        let built = api::assign_product_instance_to_site(identifiers, options.unknown_fields);
        self.run("assignProductInstanceToSite", built, options)
            .await
    }

    /// Unassign Product Instance From Site: the instance becomes floating.
    pub async fn unassign_product_instance_from_site(
        &self,
        instance_id: &str,
        options: &CallOptions,
    ) -> Result<PackageResponse, ResellersError> {
        let built = api::unassign_product_instance_from_site(instance_id);
        self.run("unassignProductInstanceFromSite", built, options)
            .await
    }

    /// Update Package External Id with `{ packageId, externalId }`.
    pub async fn update_package_external_id(
        &self,
        identifiers: &Value,
    ) -> Result<UpdatePackageExternalIdResponse, ResellersError> {
        let built = api::update_package_external_id(identifiers, UnknownFields::Refuse);
        self.run("updatePackageExternalId", built, &CallOptions::default())
            .await
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod fuzz;
#[cfg(test)]
mod tests;
