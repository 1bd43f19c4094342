//! Create Package V2 (`POST /resellers/v2/packages`) and the deprecated v1
//! (`POST /resellers/v1/packages`, the same minus the `countryCode`
//! requirement). All-or-nothing: every product is checked before anything is
//! stored, and the first broken rule answers.

use super::{decode, package_body, reject, Ctx};
use crate::model::{
    CreatePackageRequest, Cycle, FieldViolation, Guid, Package, ProductInstance, Status,
};
use crate::rules::{self, CreateVersion};
use crate::sandbox::catalog::CycleFit;
use crate::sandbox::respond::{ApiError, Reply};
use crate::sandbox::state::{key, State, StoredPackage};
use crate::sandbox::{dates, delivery, errors, ids::IdGen};
use crate::time::format_iso;
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// One product of the request, resolved against the catalog.
struct Planned {
    product_id: String,
    product_type: String,
    requires_product_type: Option<String>,
    limit: Option<u32>,
    delivery_ms: u64,
    auto_renews: bool,
    site_id: Option<String>,
    cycle: Cycle,
    reference: Option<String>,
}

/// Rules the validators leave to the server's business errors.
fn is_business_rule(violation: &FieldViolation) -> bool {
    matches!(
        violation.rule_name.as_deref(),
        Some("MULTIPLE_PRODUCT_ASSIGNMENTS" | "CATALOG_PRODUCT_ID")
    )
}

/// A product without `catalogProductId` is an unknown product (404), not a
/// malformed body, so give it an empty ID before typed decoding.
fn fill_missing_product_ids(mut body: Value) -> Value {
    if let Some(Value::Array(products)) = body.get_mut("products") {
        for product in products.iter_mut() {
            if let Value::Object(map) = product {
                if map.get("catalogProductId").is_none_or(Value::is_null) {
                    map.insert("catalogProductId".into(), Value::String(String::new()));
                }
            }
        }
    }
    body
}

/// Handles both create endpoints.
pub(crate) fn create(
    state: &mut State,
    ids: &mut IdGen,
    ctx: &Ctx,
    body: Value,
    version: CreateVersion,
) -> Reply {
    let found: Vec<FieldViolation> = rules::validate_create_package(&body, version)
        .into_iter()
        .filter(|v| !is_business_rule(v))
        .collect();
    reject(found)?;
    let request: CreatePackageRequest = decode(fill_missing_product_ids(body))?;
    let planned = plan(state, ctx, &request)?;
    check_sites_and_limits(state, ctx, &planned)?;

    let now = ctx.now;
    let stamp = format_iso(now);
    let package_id = ids.guid();
    let account_id = Guid::parse(&ctx.caller.account_id)
        .ok_or_else(|| errors::account_not_found(&ctx.caller.account_id))?;
    let mut instances = Vec::with_capacity(planned.len());
    for (item, input) in planned.iter().zip(&request.products) {
        instances.push(ProductInstance {
            instance_id: ids.guid().to_string(),
            site_id: item.site_id.clone(),
            catalog_product_id: item.product_id.clone(),
            status: Status::Pending,
            failure: None,
            billing_info: Some(item.cycle.clone()),
            created_date: stamp.clone(),
            updated_date: stamp.clone(),
            country_code: input.country_code.clone(),
            expiration_date: (!item.auto_renews)
                .then(|| format_iso(dates::add_cycle(now, &item.cycle))),
            discount_code: input.discount_code.clone(),
            reference_product_instance_id: item.reference.clone(),
        });
    }
    let seq = state.insert_package(StoredPackage {
        package: Package {
            id: package_id,
            account_id,
            external_id: request.external_id.clone(),
            product_instances: instances,
            created_date: stamp.clone(),
            updated_date: stamp,
            parent_account_id: Some(ctx.caller.root_id.clone()),
        },
        account_key: ctx.caller.account_key.clone(),
        root_key: key(&ctx.caller.root_id),
        created_ms: now,
        updated_ms: now,
    });
    for (index, item) in planned.iter().enumerate() {
        delivery::schedule(
            state,
            now.saturating_add(item.delivery_ms as i64),
            seq,
            index,
        );
        if let Some(reference) = &item.reference {
            state.used_references.insert(key(reference));
        }
    }
    let body = state
        .packages
        .get(seq)
        .map(|stored| package_body(ctx, &stored.package))
        .unwrap_or_default();
    Ok((200, body))
}

/// Resolves every product (catalog, site, cycle, reference), in order, after
/// refusing at once every product not enabled for reselling.
fn plan(
    state: &State,
    ctx: &Ctx,
    request: &CreatePackageRequest,
) -> Result<Vec<Planned>, ApiError> {
    let mut not_resellable: Vec<String> = Vec::new();
    for product in request
        .products
        .iter()
        .filter_map(|input| state.catalog.get(&input.catalog_product_id))
        .filter(|product| !product.resellable)
    {
        if !not_resellable.contains(&product.catalog_product_id) {
            not_resellable.push(product.catalog_product_id.clone());
        }
    }
    if !not_resellable.is_empty() {
        return Err(errors::invalid_products(&not_resellable));
    }
    let mut planned = Vec::with_capacity(request.products.len());
    let mut references_in_request = HashSet::new();
    for input in &request.products {
        let product = state
            .catalog
            .get(&input.catalog_product_id)
            .ok_or_else(|| errors::product_not_found(&input.catalog_product_id))?;
        if !product.has_settings {
            return Err(errors::product_settings_not_found(
                &product.catalog_product_id,
            ));
        }
        let site_id = match &input.site_id {
            None => None,
            Some(requested) => match state.site(requested) {
                Some(site) if key(&site.account_id) == ctx.caller.account_key => {
                    Some(site.id.clone())
                }
                Some(site) => {
                    return Err(errors::site_not_found(
                        requested,
                        &ctx.caller.account_id,
                        Some(&site.account_id),
                    ))
                }
                None => {
                    return Err(errors::site_not_found(
                        requested,
                        &ctx.caller.account_id,
                        None,
                    ))
                }
            },
        };
        let id = &product.catalog_product_id;
        let cycle = match (
            product.fit_cycle(input.billing_info.as_ref()),
            &input.billing_info,
        ) {
            (CycleFit::Accepted(cycle), _) => cycle,
            (CycleFit::InvalidType, Some(requested)) => {
                return Err(errors::invalid_billing_cycle(
                    id,
                    &product.cycles,
                    requested,
                ))
            }
            (CycleFit::IncompatibleDuration, Some(requested)) => {
                return Err(errors::incompatible_billing_cycle(
                    id,
                    &product.cycles,
                    requested,
                ))
            }
            _ => return Err(errors::missing_billing_cycle(id, &product.cycles)),
        };
        let reference = match &input.reference_product_instance_id {
            None => None,
            Some(reference) => {
                let usable = usable_reference(state, ctx, reference)
                    && references_in_request.insert(key(reference));
                if !usable {
                    return Err(errors::invalid_reference(reference));
                }
                state
                    .instance_ref(reference)
                    .and_then(|at| state.instance(at))
                    .map(|i| i.instance_id.clone())
            }
        };
        planned.push(Planned {
            product_id: product.catalog_product_id.clone(),
            product_type: product.product_type.clone(),
            requires_product_type: product.requires_product_type.clone(),
            limit: product.limit,
            delivery_ms: product.delivery_ms,
            auto_renews: product.auto_renews,
            site_id,
            cycle,
            reference,
        });
    }
    Ok(planned)
}

/// A reference must exist in the caller's account family, be `PENDING` or
/// `ENABLED`, be of a reference-eligible product, and not be used yet.
fn usable_reference(state: &State, ctx: &Ctx, reference: &str) -> bool {
    let Some(at) = state.instance_ref(reference) else {
        return false;
    };
    let same_family = state
        .packages
        .get(at.0)
        .is_some_and(|p| p.root_key == key(&ctx.caller.root_id));
    let status_ok = state
        .instance(at)
        .is_some_and(|i| matches!(i.status, Status::Pending | Status::Enabled));
    let eligible = state.product_of(at).is_some_and(|p| p.reference_eligible);
    same_family && status_ok && eligible && !state.used_references.contains(&key(reference))
}

/// The rules that look at the request as a whole and at what the sites and
/// the account already hold.
fn check_sites_and_limits(state: &State, ctx: &Ctx, planned: &[Planned]) -> Result<(), ApiError> {
    let mut by_site: HashMap<String, Vec<&Planned>> = HashMap::new();
    let mut site_order = Vec::new();
    for item in planned {
        if let Some(site) = &item.site_id {
            let entry = by_site.entry(key(site)).or_default();
            if entry.is_empty() {
                site_order.push(site.clone());
            }
            entry.push(item);
        }
    }
    for site in &site_order {
        let items = by_site.get(&key(site)).map(Vec::as_slice).unwrap_or(&[]);
        let clashing: Vec<String> = items
            .iter()
            .filter(|item| {
                items
                    .iter()
                    .filter(|other| other.product_type == item.product_type)
                    .count()
                    > 1
            })
            .map(|item| item.product_id.clone())
            .collect();
        if !clashing.is_empty() {
            return Err(errors::multiple_product_assignments(&clashing, site));
        }
    }
    for item in planned {
        let Some(site) = &item.site_id else { continue };
        if state
            .live_of_type_on_site(site, &item.product_type, None)
            .is_some()
        {
            return Err(errors::product_type_already_assigned(
                &item.product_type,
                site,
            ));
        }
        if let Some(required) = &item.requires_product_type {
            if state.live_of_type_on_site(site, required, None).is_none() {
                return Err(errors::product_not_supported_on_site(
                    site,
                    &item.product_id,
                ));
            }
        }
    }
    let mut requested: Vec<(&str, u32, usize)> = Vec::new();
    for item in planned {
        let Some(limit) = item.limit else { continue };
        match requested
            .iter_mut()
            .find(|(id, _, _)| *id == item.product_id)
        {
            Some(entry) => entry.2 += 1,
            None => requested.push((&item.product_id, limit, 1)),
        }
    }
    for (product_id, limit, count) in requested {
        let current = state.live_count(&ctx.caller.account_id, product_id, None);
        if current + count > limit as usize {
            return Err(errors::product_limit_exceeded(product_id, current));
        }
    }
    Ok(())
}
