//! Query Packages: the `QueryV2` body and the paging metadata of the answer.

use super::enums::SortOrder;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use tsify::Tsify;

/// A Wix API Query Language query.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Tsify)]
#[serde(rename_all = "camelCase")]
pub struct QueryV2 {
    /// Filter such as `{ "accountId": { "$eq": "..." } }`: the fields and
    /// operators of [`FILTER_FIELDS`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "PackageFilter")]
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
    /// Cursors to the neighbouring pages. Wix sends them with cursor
    /// paging (the default); the client gives `{}` when an answer has none
    /// (offset paging), so in the client's answers it is always there and
    /// `metadata.cursors.next` needs no `?.`. (Written out only when set;
    /// not through `Option::is_none`, which tsify would read as "optional".)
    #[serde(
        skip_serializing_if = "super::unset",
        deserialize_with = "super::present"
    )]
    #[tsify(type = "Cursors")]
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

/// What an operator of the Wix API Query Language takes as its operand.
// The tables of `filter_language!` are the rules' (src/rules/query.rs), the
// TypeScript's and the tests' one source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilterOperand {
    /// One plain value (string, number, boolean, null) or a `{ "$date": "..." }` date.
    Value,
    /// A list of values.
    List,
    /// `true` or `false`.
    Flag,
    /// A string.
    Text,
}

/// The TypeScript of an operand kind (`FilterValue` is in src/js/types.d.ts).
// Used only in the TypeScript section, which wasm-bindgen emits on wasm32 only.
#[cfg_attr(not(target_arch = "wasm32"), allow(unused_macros))]
macro_rules! operand_ts {
    (Value) => {
        "FilterValue"
    };
    (List) => {
        "FilterValue[]"
    };
    (Flag) => {
        "boolean"
    };
    (Text) => {
        "string"
    };
}

/// Declares the query language's operators, the operator sets, the
/// filterable fields, and the TypeScript `PackageFilter` made of them.
macro_rules! filter_language {
    (
        operators { $($op:literal => $operand:ident,)+ }
        sets { $($(#[$set_meta:meta])* $set:ident = [$($set_op:literal),+ $(,)?];)+ }
        fields { $($field:literal => $field_set:ident,)+ }
    ) => {
        /// Every field operator of the Wix API Query Language, with its
        /// operand: more than Query Packages supports ([`FILTER_FIELDS`] says
        /// which each field takes); the rest are named in refusals.
        pub const FILTER_OPERATORS: &[(&str, FilterOperand)] = &[$(($op, FilterOperand::$operand)),+];

        $($(#[$set_meta])* pub const $set: &[&str] = &[$($set_op),+];)+

        /// The reference's "Supported Filters" table (docs/resellers-api.md
        /// section 6.4): each field Query Packages filters on, and its operators.
        pub const FILTER_FIELDS: &[(&str, &[&str])] = &[$(($field, $field_set)),+];

        const _: () = {
            #[wasm_bindgen::prelude::wasm_bindgen(typescript_custom_section)]
            const TS_FILTER: &'static str = concat!(
                "/** The operand each operator of the Wix API Query Language takes. */\n",
                "export interface FilterOperands {\n",
                $("    \"", $op, "\": ", operand_ts!($operand), ";\n",)+
                "}\n\n",
                $(
                    "export type ", filter_set_ts!($set), " =", $(" | \"", $set_op, "\"",)+ ";\n\n",
                )+
                "/**\n",
                " * A Query Packages filter: the fields the reference lists, each with the\n",
                " * operators it supports (a bare value means `$eq`), combined with `$and`,\n",
                " * `$or` and `$not`. Any other field or operator is refused offline.\n",
                " */\n",
                "export interface PackageFilter {\n",
                $("    \"", $field, "\"?: ", filter_condition_ts!($field_set), ";\n",)+
                "    $and?: PackageFilter[];\n",
                "    $or?: PackageFilter[];\n",
                "    $not?: PackageFilter;\n",
                "}"
            );
        };
    };
}

/// The TypeScript name of an operator set.
#[cfg_attr(not(target_arch = "wasm32"), allow(unused_macros))]
macro_rules! filter_set_ts {
    (TEXT_FILTER_OPERATORS) => {
        "TextFilterOperator"
    };
    (DATE_FILTER_OPERATORS) => {
        "DateFilterOperator"
    };
    (ARRAY_FILTER_OPERATORS) => {
        "ArrayFilterOperator"
    };
}

/// The TypeScript condition of a field whose operators are a set: with
/// `$eq` in the set a bare value (meaning `$eq`) is allowed too
/// (`FilterCondition`, src/js/types.d.ts); without it only the operators
/// are. `tests/declared_lists.rs` checks the rules take a bare value
/// exactly where the set has `$eq`.
#[cfg_attr(not(target_arch = "wasm32"), allow(unused_macros))]
macro_rules! filter_condition_ts {
    (TEXT_FILTER_OPERATORS) => {
        "FilterCondition<TextFilterOperator>"
    };
    (DATE_FILTER_OPERATORS) => {
        "FilterCondition<DateFilterOperator>"
    };
    (ARRAY_FILTER_OPERATORS) => {
        "{ [O in ArrayFilterOperator]?: FilterOperands[O] | undefined }"
    };
}

filter_language! {
    operators {
        "$eq" => Value,
        "$ne" => Value,
        "$in" => List,
        "$nin" => List,
        "$gt" => Value,
        "$gte" => Value,
        "$lt" => Value,
        "$lte" => Value,
        "$exists" => Flag,
        "$startsWith" => Text,
        "$hasSome" => List,
        "$hasAll" => List,
        "$contains" => Text,
        "$isEmpty" => Flag,
    }
    // Exactly the reference's "Supported Filters" table. The general query
    // language has more (`$nin`, `$startsWith`, `$contains`, `$isEmpty`,
    // `$exists` on any field), but Query Packages documents per field which
    // of them it supports, so the others are refused here, by the sandbox
    // too (docs/sandbox-decisions.md, Query Packages).
    sets {
        /// Operators of `id`, `accountId` and `externalId`.
        TEXT_FILTER_OPERATORS = ["$eq", "$ne", "$in", "$exists"];
        /// Operators of `createdDate` and `updatedDate`.
        DATE_FILTER_OPERATORS = ["$eq", "$ne", "$gt", "$lt", "$gte", "$lte"];
        /// Operators of `productInstances` and every path inside it (an
        /// array: no `$eq`, so no bare value either).
        ARRAY_FILTER_OPERATORS = ["$hasSome", "$hasAll"];
    }
    fields {
        "id" => TEXT_FILTER_OPERATORS,
        "createdDate" => DATE_FILTER_OPERATORS,
        "updatedDate" => DATE_FILTER_OPERATORS,
        "accountId" => TEXT_FILTER_OPERATORS,
        "externalId" => TEXT_FILTER_OPERATORS,
        "productInstances" => ARRAY_FILTER_OPERATORS,
        "productInstances.instanceId" => ARRAY_FILTER_OPERATORS,
        "productInstances.siteId" => ARRAY_FILTER_OPERATORS,
        "productInstances.catalogProductId" => ARRAY_FILTER_OPERATORS,
        "productInstances.status" => ARRAY_FILTER_OPERATORS,
        "productInstances.failure" => ARRAY_FILTER_OPERATORS,
        "productInstances.failure.code" => ARRAY_FILTER_OPERATORS,
        "productInstances.failure.message" => ARRAY_FILTER_OPERATORS,
        "productInstances.billingInfo" => ARRAY_FILTER_OPERATORS,
        "productInstances.billingInfo.type" => ARRAY_FILTER_OPERATORS,
        "productInstances.billingInfo.cycleDuration" => ARRAY_FILTER_OPERATORS,
        "productInstances.billingInfo.cycleDuration.unit" => ARRAY_FILTER_OPERATORS,
        "productInstances.billingInfo.cycleDuration.count" => ARRAY_FILTER_OPERATORS,
        "productInstances.createdDate" => ARRAY_FILTER_OPERATORS,
        "productInstances.updatedDate" => ARRAY_FILTER_OPERATORS,
        "productInstances.countryCode" => ARRAY_FILTER_OPERATORS,
    }
}
