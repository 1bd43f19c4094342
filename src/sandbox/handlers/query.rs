//! Query Packages (`POST /resellers/v1/packages/query`): the caller's root
//! account's packages (a sub-account sees its parent's, as documented),
//! filtered, sorted and paged by the query engine, projected when the query
//! asks for `fields` or `fieldsets`.

use super::{decode, reject, Ctx};
use crate::model::{Package, PagingMetadataV2, QueryPackagesRequest};
use crate::rules;
use crate::sandbox::query::{self, projection};
use crate::sandbox::respond::{to_json, Reply};
use crate::sandbox::state::{key, State};
use serde::Serialize;
use serde_json::Value;

#[derive(Serialize)]
struct QueryEnvelope<P: Serialize> {
    packages: Vec<P>,
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
        .filter_map(|&seq| state.packages.get(seq).map(|p| &p.package));
    let metadata = page.metadata;
    let body = match &page.fields {
        None => to_json(&QueryEnvelope {
            packages: packages.collect::<Vec<&Package>>(),
            metadata,
        }),
        Some(fields) => to_json(&QueryEnvelope {
            packages: packages
                .map(|package| projection::project(package, fields))
                .collect(),
            metadata,
        }),
    };
    Ok((200, body))
}
