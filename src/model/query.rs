//! Query Packages: the `QueryV2` body and the paging metadata of the answer.

use super::enums::SortOrder;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use tsify::Tsify;

/// A Wix API Query Language query.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct QueryV2 {
    /// Filter such as `{ "accountId": { "$eq": "..." } }`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "Record<string, unknown>")]
    pub filter: Option<Map<String, Value>>,
    /// Sort order; the server's default is `createdDate` descending.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub sort: Option<Vec<Sorting>>,
    /// Field projection.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub fields: Option<Vec<String>>,
    /// Named projections.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub fieldsets: Option<Vec<String>>,
    /// Offset paging (gives `total`); exclusive with `cursorPaging`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub paging: Option<Paging>,
    /// Cursor paging (the default, limit 100 at most).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub cursor_paging: Option<CursorPaging>,
}

/// One sort key.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Sorting {
    /// The field, such as `createdDate`.
    pub field_name: String,
    /// Ascending when omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub order: Option<SortOrder>,
}

/// Offset paging.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Paging {
    /// Items to return.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub limit: Option<u32>,
    /// Items to skip in the current order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub offset: Option<u32>,
}

/// Cursor paging.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct CursorPaging {
    /// Items to return, at most 100.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub limit: Option<u32>,
    /// `cursors.next` or `cursors.prev` of the previous page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub cursor: Option<String>,
}

/// `metadata` of a query answer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct PagingMetadataV2 {
    /// Items in this page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub count: Option<u32>,
    /// The requested offset (offset paging).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub offset: Option<u32>,
    /// All matches (offset paging only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub total: Option<u32>,
    /// Set when the server could not count the matches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub too_many_to_count: Option<bool>,
    /// Cursors to the neighbouring pages (cursor paging).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub cursors: Option<Cursors>,
    /// Whether another page follows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub has_next: Option<bool>,
}

/// Cursors of a page.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct Cursors {
    /// The next page, absent on the last one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub next: Option<String>,
    /// The previous page, absent on the first one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub prev: Option<String>,
}
