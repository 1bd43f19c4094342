//! The answer of a fault armed with a `code`: that documented error, with its
//! status and Wix body, built by the same constructors the endpoints use
//! (`errors.rs`) and its placeholders filled from the request it answers —
//! the path's IDs, the body's products, sites, cycle and reference, the
//! header's account, and what the sandbox knows of the instance named. A
//! value the request does not give is `unknown`.

use super::errors::{self, Code, MissingDetail};
use super::respond::ApiError;
use super::router::{self, ApiRoute, Route};
use super::state::State;
use crate::http::HttpRequest;
use crate::model::{Cycle, CycleDescriptorType, ProductInstance, Status};
use serde_json::Value;

/// Stands in for a placeholder the request does not fill.
const UNKNOWN: &str = "unknown";

/// What the request says, read without judging it (the request is not
/// processed: it may be incomplete or wrong).
struct Scene<'a> {
    state: &'a State,
    account: String,
    package_id: Option<String>,
    instance: Option<(String, Option<&'a ProductInstance>)>,
    path_site: Option<String>,
    body: Value,
}

/// The error a `code` fault answers `request` with; a body over
/// `max_body_bytes` is not read.
pub(crate) fn answer(
    code: Code,
    state: &State,
    request: &HttpRequest,
    method: &str,
    max_body_bytes: usize,
) -> ApiError {
    let scene = Scene::of(state, request, method, max_body_bytes);
    build(code, &scene)
}

impl<'a> Scene<'a> {
    fn of(
        state: &'a State,
        request: &HttpRequest,
        method: &str,
        max_body_bytes: usize,
    ) -> Scene<'a> {
        let mut scene = Scene {
            state,
            account: request
                .header("wix-account-id")
                .map(str::trim)
                .filter(|id| !id.is_empty())
                .unwrap_or(UNKNOWN)
                .to_owned(),
            package_id: None,
            instance: None,
            path_site: None,
            body: if request.body.len() <= max_body_bytes {
                serde_json::from_slice(&request.body).unwrap_or(Value::Null)
            } else {
                Value::Null
            },
        };
        let path = router::path_only(&request.path);
        let instance = |id: &str| {
            (
                id.to_owned(),
                state.instance_ref(id).and_then(|at| state.instance(at)),
            )
        };
        match router::route(method, path) {
            Ok(Route::Api(
                ApiRoute::GetPackage(id)
                | ApiRoute::CancelPackage(id)
                | ApiRoute::UpdateExternalId { package_id: id, .. },
            )) => scene.package_id = Some(id.value),
            Ok(Route::Api(
                ApiRoute::CancelInstance(id)
                | ApiRoute::AdjustInstance(id)
                | ApiRoute::UnassignInstance(id),
            )) => scene.instance = Some(instance(&id.value)),
            Ok(Route::Api(ApiRoute::AssignInstance {
                instance_id,
                site_id,
            })) => {
                scene.instance = Some(instance(&instance_id.value));
                scene.path_site = Some(site_id.value);
            }
            _ => {}
        }
        scene
    }

    /// The body's `products` (a create).
    fn products(&self) -> &[Value] {
        self.body
            .get("products")
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice)
    }

    /// The first value of `name` among the products that give it.
    fn product_text(&self, name: &str) -> Option<&str> {
        self.products()
            .iter()
            .find_map(|product| product.get(name).and_then(Value::as_str))
    }

    fn body_text(&self, name: &str) -> Option<&str> {
        self.body.get(name).and_then(Value::as_str)
    }

    fn instance_id(&self) -> &str {
        self.instance.as_ref().map_or(UNKNOWN, |(id, _)| id)
    }

    fn stored_instance(&self) -> Option<&'a ProductInstance> {
        self.instance.as_ref().and_then(|(_, found)| *found)
    }

    /// The product the request is about: the create's first, Adjust's
    /// target, or the named instance's.
    fn product_id(&self) -> &str {
        self.product_text("catalogProductId")
            .or_else(|| self.body_text("catalogProductId"))
            .or_else(|| {
                self.stored_instance()
                    .map(|i| i.catalog_product_id.as_str())
            })
            .unwrap_or(UNKNOWN)
    }

    /// Every product the request names (a create's), or the one it is about.
    fn product_ids(&self) -> Vec<String> {
        let listed: Vec<String> = self
            .products()
            .iter()
            .filter_map(|product| product.get("catalogProductId").and_then(Value::as_str))
            .map(str::to_owned)
            .collect();
        if listed.is_empty() {
            vec![self.product_id().to_owned()]
        } else {
            listed
        }
    }

    /// The site the request is about: Assign's, the create's first, or the
    /// named instance's.
    fn site_id(&self) -> &str {
        self.path_site
            .as_deref()
            .or_else(|| self.product_text("siteId"))
            .or_else(|| self.stored_instance().and_then(|i| i.site_id.as_deref()))
            .unwrap_or(UNKNOWN)
    }

    /// The cycle the request asks for, or `UNKNOWN` when it gives none.
    fn cycle(&self) -> Cycle {
        self.products()
            .iter()
            .find_map(|product| product.get("billingInfo"))
            .or_else(|| self.body.get("billingInfo"))
            .and_then(|value| serde_json::from_value(value.clone()).ok())
            .unwrap_or(Cycle {
                cycle_type: CycleDescriptorType::Unknown,
                cycle_duration: None,
            })
    }

    fn product_cycles(&self) -> Vec<Cycle> {
        self.state
            .catalog
            .get(self.product_id())
            .map(|product| product.cycles.clone())
            .unwrap_or_default()
    }
}

fn build(code: Code, scene: &Scene<'_>) -> ApiError {
    let product = scene.product_id();
    let site = scene.site_id();
    let instance = scene.instance_id();
    let catalog = &scene.state.catalog;
    match code {
        Code::ProductNotFound => errors::product_not_found(product),
        Code::AccountNotFound => errors::account_not_found(&scene.account),
        Code::ProductLimitExceeded => errors::product_limit_exceeded(
            product,
            scene.state.live_count(&scene.account, product, None),
        ),
        Code::ProductSettingsNotFound => errors::product_settings_not_found(product),
        Code::MissingBillingCycle => {
            errors::missing_billing_cycle(product, &scene.product_cycles())
        }
        Code::IncompatibleBillingCycle => {
            errors::incompatible_billing_cycle(product, &scene.product_cycles(), &scene.cycle())
        }
        Code::InvalidBillingCycle => {
            errors::invalid_billing_cycle(product, &scene.product_cycles(), &scene.cycle())
        }
        Code::InvalidProducts => errors::invalid_products(&scene.product_ids()),
        Code::MultipleProductAssignments => {
            errors::multiple_product_assignments(&scene.product_ids(), site)
        }
        Code::ProductTypeAlreadyAssigned => errors::product_type_already_assigned(
            catalog
                .get(product)
                .map_or(UNKNOWN, |p| p.product_type.as_str()),
            site,
        ),
        Code::ProductNotSupportedOnSite => errors::product_not_supported_on_site(site, product),
        Code::SiteNotFound => errors::site_not_found(
            site,
            &scene.account,
            scene.state.site(site).map(|s| s.account_id.as_str()),
        ),
        Code::InvalidReferenceProductInstanceId => errors::invalid_reference(
            scene
                .product_text("referenceProductInstanceId")
                .unwrap_or(UNKNOWN),
        ),
        Code::ProductInstanceNotFound => errors::instance_not_found(instance),
        Code::IncompatibleProductInstanceStatus => {
            match scene.stored_instance().map(|i| &i.status) {
                Some(status @ Status::AwaitingAction) => {
                    errors::status_not_modifiable(instance, status.as_str())
                }
                status => {
                    errors::incompatible_status(instance, status.map_or(UNKNOWN, Status::as_str))
                }
            }
        }
        Code::IncompatibleProduct => {
            let existing = scene
                .stored_instance()
                .map(|i| i.catalog_product_id.as_str());
            errors::incompatible_product(
                existing
                    .and_then(|id| catalog.get(id))
                    .map_or(UNKNOWN, |p| p.service_type.as_str()),
                existing.unwrap_or(UNKNOWN),
                scene.body_text("catalogProductId").unwrap_or(UNKNOWN),
            )
        }
        Code::MissingProductDetails => {
            let billing = scene.body.get("billingInfo").filter(|b| !b.is_null());
            let detail = if scene.body_text("catalogProductId").is_none() && billing.is_none() {
                MissingDetail::CatalogProductId
            } else if billing.is_some_and(|b| {
                b.get("type").and_then(Value::as_str) == Some("RECURRING")
                    && b.get("cycleDuration").is_none_or(Value::is_null)
            }) {
                MissingDetail::CycleDuration
            } else {
                MissingDetail::BillingInfo
            };
            errors::missing_product_details(instance, detail)
        }
        Code::OperationNotSupportedForProduct => errors::operation_not_supported(
            scene
                .stored_instance()
                .map_or(product, |i| i.catalog_product_id.as_str()),
        ),
        Code::MissingSiteId => errors::missing_site_id(instance),
        Code::PackageNotFound => {
            errors::package_not_found(scene.package_id.as_deref().unwrap_or(UNKNOWN))
        }
        Code::InvalidCursor => errors::invalid_cursor("not a cursor this API issued"),
        Code::Unauthenticated => errors::unauthenticated(),
        Code::PermissionDenied => errors::permission_denied(&scene.account),
    }
}
