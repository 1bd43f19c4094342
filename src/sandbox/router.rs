//! Method + path -> route. The path is split on raw `/` before any
//! percent-decoding, literal segments (`query`, `update`,
//! `product-instances`, `unassign`) are matched raw and before parameters,
//! and `.`/`..`/empty/control-character segments end in 404, so an encoded
//! `/`, `..`, NUL or any control character stays inside one parameter and can
//! never reach another route. Parameters are decoded here and checked for
//! shape (GUID, external ID) after authentication.

use super::errors;
use super::respond::ApiError;
use crate::model::{is_guid, FieldViolation};
use crate::rules;

/// The longest path the sandbox routes; longer ones are 404.
const MAX_PATH: usize = 2048;

/// A decoded path parameter; `ok` is false when its percent-encoding was broken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Param {
    pub value: String,
    pub ok: bool,
}

/// One of the ten API endpoints.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ApiRoute {
    CreateV2,
    CreateV1,
    Query,
    GetPackage(Param),
    CancelPackage(Param),
    UpdateExternalId {
        package_id: Param,
        external_id: Param,
    },
    AssignInstance {
        instance_id: Param,
        site_id: Param,
    },
    UnassignInstance(Param),
    CancelInstance(Param),
    AdjustInstance(Param),
}

/// One of the `/_sandbox/` control calls.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ControlRoute {
    Reset,
    GetCatalog,
    PutProduct,
    GetAccounts,
    PutAccount,
    PutSite,
    SetInstanceStatus(Param),
    AddFault,
    GetFaults,
    ClearFaults,
    GetClock,
    AdvanceClock,
    GetState,
    PutState,
}

/// Where a request goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Route {
    Api(ApiRoute),
    Control(ControlRoute),
}

/// The path of a request target: drops `scheme://host`, the query string and
/// the fragment.
pub(crate) fn path_only(target: &str) -> &str {
    let mut rest = target;
    for scheme in ["http://", "https://"] {
        if rest
            .get(..scheme.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(scheme))
        {
            let after = rest.get(scheme.len()..).unwrap_or("");
            rest = after
                .find('/')
                .and_then(|at| after.get(at..))
                .unwrap_or("/");
            break;
        }
    }
    let end = rest.find(['?', '#']).unwrap_or(rest.len());
    rest.get(..end).unwrap_or(rest)
}

/// True for `/_sandbox` paths (never faulted, never authenticated).
pub(crate) fn is_control(path: &str) -> bool {
    path == "/_sandbox" || path.starts_with("/_sandbox/")
}

fn percent_decode(raw: &str) -> Param {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    let hex = |b: u8| char::from(b).to_digit(16);
    while let Some(&byte) = bytes.get(index) {
        if byte == b'%' {
            let pair = (
                bytes.get(index + 1).and_then(|b| hex(*b)),
                bytes.get(index + 2).and_then(|b| hex(*b)),
            );
            match pair {
                (Some(high), Some(low)) => {
                    out.push(((high << 4) | low) as u8);
                    index += 3;
                    continue;
                }
                _ => {
                    return Param {
                        value: raw.to_owned(),
                        ok: false,
                    }
                }
            }
        }
        out.push(byte);
        index += 1;
    }
    match String::from_utf8(out) {
        Ok(value) => Param { value, ok: true },
        Err(_) => Param {
            value: raw.to_owned(),
            ok: false,
        },
    }
}

fn only(method: &str, allowed: &'static str, route: Route) -> Result<Route, ApiError> {
    if method == allowed {
        Ok(route)
    } else {
        Err(errors::method_not_allowed(method, &[allowed]))
    }
}

fn either(method: &str, choices: [(&'static str, Route); 2]) -> Result<Route, ApiError> {
    let [(first, first_route), (second, second_route)] = choices;
    if method == first {
        Ok(first_route)
    } else if method == second {
        Ok(second_route)
    } else {
        Err(errors::method_not_allowed(method, &[first, second]))
    }
}

/// Finds the route of `method` (uppercase) on `path` (from [`path_only`]).
pub(crate) fn route(method: &str, path: &str) -> Result<Route, ApiError> {
    let not_found = || errors::route_not_found(path);
    let Some(tail) = path.strip_prefix('/').filter(|_| path.len() <= MAX_PATH) else {
        return Err(not_found());
    };
    let segments: Vec<&str> = tail.split('/').collect();
    if segments.iter().any(|s| {
        s.is_empty() || *s == "." || *s == ".." || s.bytes().any(|b| b <= b' ' || b == 0x7f)
    }) {
        return Err(not_found());
    }
    use ApiRoute as A;
    use ControlRoute as C;
    let api = |r: ApiRoute| Route::Api(r);
    let ctl = |r: ControlRoute| Route::Control(r);
    let d = |raw: &str| percent_decode(raw);
    match segments.as_slice() {
        ["resellers", "v2", "packages"] => only(method, "POST", api(A::CreateV2)),
        ["resellers", "v1", "packages"] => only(method, "POST", api(A::CreateV1)),
        ["resellers", "v1", "packages", "query"] => only(method, "POST", api(A::Query)),
        ["resellers", "v1", "packages", "product-instances"]
        | ["resellers", "v1", "packages", "update"]
        | ["resellers", "v1", "packages", "update", _] => Err(not_found()),
        ["resellers", "v1", "packages", "product-instances", id] => either(
            method,
            [
                ("DELETE", api(A::CancelInstance(d(id)))),
                ("PATCH", api(A::AdjustInstance(d(id)))),
            ],
        ),
        ["resellers", "v1", "packages", "product-instances", id, "unassign"] => {
            only(method, "PATCH", api(A::UnassignInstance(d(id))))
        }
        ["resellers", "v1", "packages", "product-instances", id, site] => only(
            method,
            "PATCH",
            api(A::AssignInstance {
                instance_id: d(id),
                site_id: d(site),
            }),
        ),
        ["resellers", "v1", "packages", "update", package, external] => only(
            method,
            "PATCH",
            api(A::UpdateExternalId {
                package_id: d(package),
                external_id: d(external),
            }),
        ),
        ["resellers", "v1", "packages", id] => either(
            method,
            [
                ("GET", api(A::GetPackage(d(id)))),
                ("DELETE", api(A::CancelPackage(d(id)))),
            ],
        ),
        ["_sandbox", "reset"] => only(method, "POST", ctl(C::Reset)),
        ["_sandbox", "catalog"] => either(
            method,
            [("GET", ctl(C::GetCatalog)), ("POST", ctl(C::PutProduct))],
        ),
        ["_sandbox", "accounts"] => either(
            method,
            [("GET", ctl(C::GetAccounts)), ("POST", ctl(C::PutAccount))],
        ),
        ["_sandbox", "sites"] => only(method, "POST", ctl(C::PutSite)),
        ["_sandbox", "instances", id, "status"] => {
            only(method, "POST", ctl(C::SetInstanceStatus(d(id))))
        }
        ["_sandbox", "faults"] => match method {
            "POST" => Ok(ctl(C::AddFault)),
            "GET" => Ok(ctl(C::GetFaults)),
            "DELETE" => Ok(ctl(C::ClearFaults)),
            _ => Err(errors::method_not_allowed(
                method,
                &["POST", "GET", "DELETE"],
            )),
        },
        ["_sandbox", "clock"] => either(
            method,
            [("GET", ctl(C::GetClock)), ("POST", ctl(C::AdvanceClock))],
        ),
        ["_sandbox", "state"] => either(
            method,
            [("GET", ctl(C::GetState)), ("PUT", ctl(C::PutState))],
        ),
        _ => Err(not_found()),
    }
}

/// A violation when `param` is not a GUID.
pub(crate) fn guid_violation(field: &str, param: &Param) -> Option<FieldViolation> {
    if let Some(violation) = rules::check_guid(field, &param.value) {
        return Some(violation);
    }
    (!param.ok || !is_guid(&param.value)).then(|| {
        FieldViolation::new(field, "FORMAT", format!("`{field}` must be a GUID")).named("GUID")
    })
}

/// A violation when `param` is not a usable external ID (1 to 100
/// characters, no control characters).
pub(crate) fn external_id_violation(field: &str, param: &Param) -> Option<FieldViolation> {
    if let Some(violation) = rules::check_external_id(field, &param.value) {
        return Some(violation);
    }
    if !param.ok {
        return Some(FieldViolation::new(
            field,
            "FORMAT",
            "broken percent-encoding",
        ));
    }
    let length = param.value.chars().count();
    if length == 0 || length > 100 {
        return Some(FieldViolation::new(
            field,
            "MAX_LENGTH",
            "`externalId` must be 1 to 100 characters",
        ));
    }
    param.value.chars().any(char::is_control).then(|| {
        FieldViolation::new(
            field,
            "FORMAT",
            "`externalId` must not contain control characters",
        )
    })
}

impl ApiRoute {
    /// Shape violations of the path parameters.
    pub(crate) fn param_violations(&self) -> Vec<FieldViolation> {
        let found = match self {
            ApiRoute::CreateV2 | ApiRoute::CreateV1 | ApiRoute::Query => vec![],
            ApiRoute::GetPackage(id) | ApiRoute::CancelPackage(id) => {
                vec![guid_violation("id", id)]
            }
            ApiRoute::UpdateExternalId {
                package_id,
                external_id,
            } => vec![
                guid_violation("packageId", package_id),
                external_id_violation("externalId", external_id),
            ],
            ApiRoute::AssignInstance {
                instance_id,
                site_id,
            } => vec![
                guid_violation("instanceId", instance_id),
                guid_violation("siteId", site_id),
            ],
            ApiRoute::UnassignInstance(id)
            | ApiRoute::CancelInstance(id)
            | ApiRoute::AdjustInstance(id) => {
                vec![guid_violation("instanceId", id)]
            }
        };
        found.into_iter().flatten().collect()
    }

    /// True where an unknown (well-formed) account is `ACCOUNT_NOT_FOUND`
    /// rather than `PERMISSION_DENIED`.
    pub(crate) fn reports_unknown_account(&self) -> bool {
        matches!(
            self,
            ApiRoute::CreateV2
                | ApiRoute::CreateV1
                | ApiRoute::AdjustInstance(_)
                | ApiRoute::UnassignInstance(_)
        )
    }

    /// True for the calls that take `{ idempotencyKey }` bodies and replay.
    pub(crate) fn is_idempotent(&self) -> bool {
        !matches!(
            self,
            ApiRoute::Query | ApiRoute::GetPackage(_) | ApiRoute::UpdateExternalId { .. }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_host_and_query() {
        assert_eq!(
            path_only("https://www.wixapis.com/resellers/v1/packages/x?y=1"),
            "/resellers/v1/packages/x"
        );
        assert_eq!(path_only("http://localhost:8787"), "/");
        assert_eq!(path_only("/a#b"), "/a");
    }

    #[test]
    fn encoded_slash_stays_in_its_segment() {
        let route = route("GET", "/resellers/v1/packages/..%2Fquery").expect("routes");
        assert!(matches!(route, Route::Api(ApiRoute::GetPackage(p)) if p.value == "../query"));
    }
}
