//! Field projection of Query Packages (`fields`, `fieldsets`), as Wix's
//! "About Field Projection" describes its legacy form: `fields` lists the
//! fields to return, `fieldsets` names sets of them, both together return
//! the union, and neither returns the default set (here the whole package).
//!
//! The sandbox's readings, where Wix is silent for packages (no fieldset is
//! documented for them): a field is a dotted path of the Package object
//! (`externalId`, `productInstances.status`, `productInstances.billingInfo.type`;
//! a path inside `productInstances` applies to every instance); an unknown
//! path selects nothing, as Wix Data ignores invalid fields; `id` is always
//! returned; the one fieldset is `FULL` (the whole package), any other name
//! adds nothing.

use crate::model::Package;
use serde_json::{Map, Value};

/// Every path of a Package that `fields` may name.
const PATHS: &[&str] = &[
    "id",
    "accountId",
    "externalId",
    "productInstances",
    "productInstances.instanceId",
    "productInstances.siteId",
    "productInstances.catalogProductId",
    "productInstances.status",
    "productInstances.failure",
    "productInstances.failure.code",
    "productInstances.failure.message",
    "productInstances.billingInfo",
    "productInstances.billingInfo.type",
    "productInstances.billingInfo.cycleDuration",
    "productInstances.billingInfo.cycleDuration.unit",
    "productInstances.billingInfo.cycleDuration.count",
    "productInstances.createdDate",
    "productInstances.updatedDate",
    "productInstances.countryCode",
    "productInstances.expirationDate",
    "productInstances.discountCode",
    "productInstances.referenceProductInstanceId",
    "createdDate",
    "updatedDate",
    "parentAccountId",
];

/// The fieldset that is the whole package.
const FULL: &str = "FULL";

/// The fields a query returns: `None` for whole packages, else the known
/// paths asked for (always with `id`), in the order of [`PATHS`].
pub(crate) fn compile(fields: &[String], fieldsets: &[String]) -> Option<Vec<String>> {
    if (fields.is_empty() && fieldsets.is_empty()) || fieldsets.iter().any(|set| set == FULL) {
        return None;
    }
    Some(
        PATHS
            .iter()
            .filter(|path| **path == "id" || fields.iter().any(|field| field == *path))
            .map(|path| (*path).to_owned())
            .collect(),
    )
}

/// True when `paths` (from a cursor, so untrusted) are all known.
pub(crate) fn known(paths: &[String]) -> bool {
    paths.iter().all(|path| PATHS.contains(&path.as_str()))
}

/// `package` with only `paths` (from [`compile`]).
pub(crate) fn project(package: &Package, paths: &[String]) -> Value {
    let whole = serde_json::to_value(package).unwrap_or(Value::Null);
    select(&whole, "", paths)
}

fn select(value: &Value, prefix: &str, paths: &[String]) -> Value {
    match value {
        Value::Object(map) => {
            let mut kept = Map::new();
            for (name, member) in map {
                let path = if prefix.is_empty() {
                    name.clone()
                } else {
                    format!("{prefix}.{name}")
                };
                if paths.contains(&path) {
                    kept.insert(name.clone(), member.clone());
                } else if paths.iter().any(|asked| {
                    asked
                        .strip_prefix(path.as_str())
                        .is_some_and(|rest| rest.starts_with('.'))
                }) {
                    kept.insert(name.clone(), select(member, &path, paths));
                }
            }
            Value::Object(kept)
        }
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|item| select(item, prefix, paths))
                .collect(),
        ),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|name| (*name).to_owned()).collect()
    }

    #[test]
    fn neither_or_full_is_the_whole_package() {
        assert_eq!(compile(&[], &[]), None);
        assert_eq!(compile(&names(&["id"]), &names(&["FULL"])), None);
    }

    #[test]
    fn fields_are_known_paths_with_id_in_the_objects_order() {
        assert_eq!(
            compile(
                &names(&["updatedDate", "nope", "productInstances.status"]),
                &[]
            ),
            Some(names(&["id", "productInstances.status", "updatedDate"]))
        );
        assert_eq!(compile(&[], &names(&["id"])), Some(names(&["id"])));
    }

    #[test]
    fn every_path_is_one_the_package_object_has() {
        assert!(known(&names(PATHS)));
        assert!(!known(&names(&["productInstances.nope"])));
    }
}
