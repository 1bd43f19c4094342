//! Who is calling: the raw API key in `Authorization` names a reseller, and
//! `wix-account-id` names the account acted for, which the reseller must own
//! (itself or one of its sub-accounts).

use super::errors;
use super::respond::ApiError;
use super::state::{key, State};
use crate::http::HttpRequest;
use crate::model::{is_guid, FieldViolation};

/// The authenticated account a request acts for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Caller {
    /// The account ID as the sandbox stores it.
    pub account_id: String,
    /// Its lowercase index key.
    pub account_key: String,
    /// The root reseller account (`parentAccountId` of new packages).
    pub root_id: String,
}

const ACCOUNT_HEADER: &str = "wix-account-id";

/// Authenticates `request`. `reports_unknown_account` selects 404
/// `ACCOUNT_NOT_FOUND` over 403 for a well-formed unknown account.
pub(crate) fn authenticate(
    state: &State,
    request: &HttpRequest,
    reports_unknown_account: bool,
) -> Result<Caller, ApiError> {
    let api_key = request.header("authorization").map(str::trim).unwrap_or("");
    let reseller = match state.reseller_for_key(api_key) {
        Some(reseller) if !api_key.is_empty() => reseller,
        _ => return Err(errors::unauthenticated()),
    };
    let account_id = match request.header(ACCOUNT_HEADER).map(str::trim) {
        None | Some("") => {
            return Err(ApiError::validation(vec![FieldViolation::new(
                ACCOUNT_HEADER,
                "REQUIRED_FIELD",
                "the `wix-account-id` header is required",
            )]))
        }
        Some(id) if !is_guid(id) => {
            return Err(ApiError::validation(vec![FieldViolation::new(
                ACCOUNT_HEADER,
                "FORMAT",
                "the `wix-account-id` header must be a GUID",
            )
            .named("GUID")]))
        }
        Some(id) => id,
    };
    match state.account(account_id) {
        Some(account) if state.owns(&reseller.id, &account.id) => Ok(Caller {
            account_id: account.id.clone(),
            account_key: key(&account.id),
            root_id: state.root_of(&account.id),
        }),
        Some(_) => Err(errors::permission_denied(account_id)),
        None if reports_unknown_account => Err(errors::account_not_found(account_id)),
        None => Err(errors::permission_denied(account_id)),
    }
}
