//! Get Package, Cancel Package and Update Package External Id. The package
//! must belong to the header account exactly; otherwise `PACKAGE_NOT_FOUND`
//! (existence is not leaked).

use super::{package_body, Ctx};
use crate::model::Package;
use crate::sandbox::errors;
use crate::sandbox::respond::{to_json, Reply};
use crate::sandbox::state::State;
use serde::Serialize;

#[derive(Serialize)]
struct GetEnvelope<'a> {
    package: &'a Package,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct UpdatedEnvelope<'a> {
    updated_package: &'a Package,
}

fn package(state: &State, seq: usize) -> Option<&Package> {
    state.packages.get(seq).map(|stored| &stored.package)
}

/// `GET /resellers/v1/packages/{id}` -> `{ package }`.
pub(crate) fn get(state: &State, ctx: &Ctx, id: &str) -> Reply {
    let seq = state
        .owned_package(id, &ctx.caller.account_key)
        .ok_or_else(|| errors::package_not_found(id))?;
    let package = package(state, seq).ok_or_else(|| errors::package_not_found(id))?;
    Ok((200, to_json(&GetEnvelope { package })))
}

/// `DELETE /resellers/v1/packages/{id}`: every instance becomes `CANCELED`
/// at once, `FAILED` ones included (the reference: all of them), and the
/// services that depended on them elsewhere are disconnected; cancelling
/// again succeeds and changes nothing.
pub(crate) fn cancel(state: &mut State, ctx: &Ctx, id: &str) -> Reply {
    let seq = state
        .owned_package(id, &ctx.caller.account_key)
        .ok_or_else(|| errors::package_not_found(id))?;
    let sites: Vec<String> = package(state, seq)
        .map(|p| {
            p.product_instances
                .iter()
                .filter_map(|i| i.site_id.clone())
                .collect()
        })
        .unwrap_or_default();
    let count = package(state, seq).map_or(0, |p| p.product_instances.len());
    for index in 0..count {
        state.cancel((seq, index), ctx.now);
    }
    // Only once all of the package is cancelled: a dependent in the same
    // package is cancelled, not disconnected.
    for site in sites {
        state.disconnect_dependents(&site, ctx.now);
    }
    let package = package(state, seq).ok_or_else(|| errors::package_not_found(id))?;
    Ok((200, package_body(ctx, package)))
}

/// `PATCH /resellers/v1/packages/update/{packageId}/{externalId}` -> `{ updatedPackage }`.
pub(crate) fn update_external_id(
    state: &mut State,
    ctx: &Ctx,
    id: &str,
    external_id: &str,
) -> Reply {
    let seq = state
        .owned_package(id, &ctx.caller.account_key)
        .ok_or_else(|| errors::package_not_found(id))?;
    if let Some(stored) = state.packages.get_mut(seq) {
        stored.package.external_id = Some(external_id.to_owned());
    }
    state.touch_package(seq, ctx.now);
    let updated_package = package(state, seq).ok_or_else(|| errors::package_not_found(id))?;
    Ok((200, to_json(&UpdatedEnvelope { updated_package })))
}
