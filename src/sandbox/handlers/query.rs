//! Query Packages (`POST /resellers/v1/packages/query`): the caller's root
//! account's packages (a sub-account sees its parent's, as documented),
//! filtered, sorted and paged by the query engine.

use super::{decode, reject, Ctx};
use crate::model::{Package, PagingMetadataV2, QueryPackagesRequest};
use crate::rules;
use crate::sandbox::query;
use crate::sandbox::respond::{to_json, Reply};
use crate::sandbox::state::{key, State};
use serde::Serialize;
use serde_json::Value;

#[derive(Serialize)]
struct QueryEnvelope<'a> {
    packages: Vec<&'a Package>,
    metadata: PagingMetadataV2,
}

/// Handles Query Packages.
pub(crate) fn query(state: &State, secret: u64, ctx: &Ctx, body: Value) -> Reply {
    reject(rules::validate_query(&body))?;
    let request: QueryPackagesRequest = decode(body)?;
    let page = query::run(state, secret, &key(&ctx.caller.root_id), request.query)?;
    let packages = page
        .seqs
        .iter()
        .filter_map(|&seq| state.packages.get(seq).map(|p| &p.package))
        .collect();
    Ok((
        200,
        to_json(&QueryEnvelope {
            packages,
            metadata: page.metadata,
        }),
    ))
}
