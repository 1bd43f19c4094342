//! Query Packages: the `{ query: QueryV2 }` body, with a deep check of the
//! filter against the fields and operators the reference's "Supported
//! Filters" table lists (docs/resellers-api.md section 6.4), sorting, paging
//! and projections.

use super::fields::{
    check_enum, check_text, check_whole_number, expect_object, expect_string, listed, member,
    preview, Object, TextLimits,
};
use super::json_path::Path;
use super::limits::{
    MAX_CURSOR_LENGTH, MAX_CURSOR_PAGING_LIMIT, MAX_FILTER_DEPTH, MAX_PAGING_LIMIT,
    MIN_CURSOR_PAGING_LIMIT,
};
use super::report::Report;
use crate::json_text::type_name;
use crate::model::SortOrder;
use crate::model::{FilterOperand, FILTER_FIELDS, FILTER_OPERATORS};
use serde_json::Value;

// The table (`FILTER_FIELDS`) is followed exactly: an operator of the general
// query language that it does not list for a field is refused, here and so in
// the sandbox, which runs these rules before its engine.

/// The filterable fields of the reference's table, for a message.
#[cold]
fn supported_fields() -> String {
    let mut text = String::new();
    for (index, (name, _)) in FILTER_FIELDS.iter().enumerate() {
        if index > 0 {
            text.push_str(", ");
        }
        text.push_str(name);
    }
    text
}

/// The fields a query can be sorted by.
const SORTABLE_FIELDS: &[&str] = &["createdDate", "updatedDate"];

/// Checks a whole Query Packages body.
pub(super) fn check_query(report: &mut Report, body: &Value) {
    let root = Path::Root;
    let Some(object) = expect_object(report, &root, body, "the Query Packages body") else {
        return;
    };
    let path = root.key("query");
    let Some(value) = member(object, "query") else {
        report.flag(&path, "REQUIRED_FIELD", None, || {
            "query is required; send { \"query\": {} } to list every package".to_owned()
        });
        return;
    };
    let Some(query) = expect_object(report, &path, value, "a query") else {
        return;
    };
    // Other members are ignored, as by Create and Adjust: Wix's server drops
    // unknown fields. The client refuses a misspelt one (`filters`, which
    // would match every package) by its own rule (`known.rs`).
    if let Some(filter) = member(query, "filter") {
        check_filter(report, &path.key("filter"), filter, 1);
    }
    if let Some(sort) = member(query, "sort") {
        check_sort(report, &path.key("sort"), sort);
    }
    for key in ["fields", "fieldsets"] {
        if let Some(names) = member(query, key) {
            check_names(report, &path.key(key), names);
        }
    }
    let paging = member(query, "paging");
    let cursor_paging = member(query, "cursorPaging");
    if let Some(paging) = paging {
        check_paging(report, &path.key("paging"), paging);
    }
    if let Some(cursor_paging) = cursor_paging {
        check_cursor_paging(report, &path.key("cursorPaging"), cursor_paging);
    }
    if paging.is_some() && cursor_paging.is_some() {
        report.flag(
            &path.key("paging"),
            "OTHER",
            Some("ONE_PAGING_METHOD"),
            || {
                "paging and cursorPaging cannot be combined; use offset paging or cursor paging"
                    .to_owned()
            },
        );
    }
}

/// Checks a filter object; `depth` counts the filters it is nested in, so
/// hostile nesting ends in a violation rather than a stack overflow.
fn check_filter(report: &mut Report, path: &Path<'_>, value: &Value, depth: usize) {
    if depth > MAX_FILTER_DEPTH {
        report.flag(path, "OTHER", Some("FILTER_DEPTH"), || {
            format!("filters are nested more than {MAX_FILTER_DEPTH} levels deep")
        });
        return;
    }
    let Some(filter) = expect_object(report, path, value, "a filter") else {
        return;
    };
    for (key, condition) in filter {
        if report.is_full() {
            return;
        }
        let at = path.key(key);
        match key.as_str() {
            "$and" | "$or" => match condition {
                Value::Array(filters) if filters.is_empty() => {
                    report.flag(&at, "MIN_SIZE", None, || {
                        format!("{key} needs at least one filter")
                    });
                }
                Value::Array(filters) => {
                    for (index, filter) in filters.iter().enumerate() {
                        check_filter(report, &at.index(index), filter, depth + 1);
                    }
                }
                other => report.flag(&at, "TYPE", None, || {
                    format!(
                        "expected a list of filters for {key}, found {}",
                        type_name(other)
                    )
                }),
            },
            "$not" => check_filter(report, &at, condition, depth + 1),
            operator if operator.starts_with('$') => {
                report.flag(&at, "OTHER", Some("UNSUPPORTED_FILTER_OPERATOR"), || {
                    format!(
                        "{} is not a logical operator; at this level use $and, $or, $not or \
                         a field name",
                        preview(operator)
                    )
                });
            }
            field => match FILTER_FIELDS.iter().find(|(name, _)| *name == field) {
                Some((_, operators)) => check_condition(report, &at, field, operators, condition),
                None => report.flag(&at, "OTHER", Some("UNSUPPORTED_FILTER_FIELD"), || {
                    format!(
                        "{} cannot be filtered on; supported fields: {}",
                        preview(field),
                        supported_fields()
                    )
                }),
            },
        }
    }
}

/// Checks the condition on one field: `{ "$op": operand, ... }`, or a bare
/// value meaning `$eq`.
fn check_condition(
    report: &mut Report,
    path: &Path<'_>,
    field: &str,
    supported: &[&str],
    condition: &Value,
) {
    let Value::Object(operators) = condition else {
        if supported.contains(&"$eq") {
            check_operand(report, path, "$eq", condition);
        } else {
            report.flag(path, "OTHER", Some("UNSUPPORTED_FILTER_OPERATOR"), || {
                format!(
                    "{field} cannot be compared for equality; it supports {}, such as \
                     {{ \"$hasSome\": [...] }}",
                    listed(supported, "")
                )
            });
        }
        return;
    };
    if operators.is_empty() {
        report.flag(path, "OTHER", Some("UNSUPPORTED_FILTER_OPERATOR"), || {
            format!(
                "the condition is empty; {field} supports {}",
                listed(supported, "")
            )
        });
    }
    for (operator, operand) in operators {
        let at = path.key(operator);
        if supported.contains(&operator.as_str()) {
            check_operand(report, &at, operator, operand);
            continue;
        }
        report.flag(&at, "OTHER", Some("UNSUPPORTED_FILTER_OPERATOR"), || {
            let found = if FILTER_OPERATORS
                .iter()
                .any(|(name, _)| *name == operator.as_str())
            {
                format!("{operator} is not supported on {field}")
            } else {
                format!("{} is not a query operator", preview(operator))
            };
            format!("{found}; {field} supports {}", listed(supported, ""))
        });
    }
}

/// Checks the operand of a supported operator, by the kind
/// [`FILTER_OPERATORS`] gives it.
fn check_operand(report: &mut Report, path: &Path<'_>, operator: &str, operand: &Value) {
    let kind = FILTER_OPERATORS
        .iter()
        .find(|(name, _)| *name == operator)
        .map_or(FilterOperand::Value, |(_, kind)| *kind);
    let (fits, expected) = match kind {
        FilterOperand::List => (operand.is_array(), "a list of values (an array)"),
        FilterOperand::Flag => (operand.is_boolean(), "true or false"),
        FilterOperand::Text => (operand.is_string(), "a string"),
        // Comparisons take one plain value, or a date in `{ "$date": "..." }` form.
        FilterOperand::Value => (
            is_single_value(operand),
            "a single value (a string, number, boolean or null)",
        ),
    };
    if fits {
        return;
    }
    report.flag(path, "TYPE", None, || {
        format!("{operator} takes {expected}, found {}", type_name(operand))
    });
}

/// True for a plain JSON value or a `{ "$date": "..." }` date.
fn is_single_value(value: &Value) -> bool {
    match value {
        Value::Array(_) => false,
        Value::Object(object) => {
            object.len() == 1 && object.get("$date").is_some_and(Value::is_string)
        }
        _ => true,
    }
}

/// Checks `sort`: a list of `{ fieldName, order? }` on sortable fields.
fn check_sort(report: &mut Report, path: &Path<'_>, value: &Value) {
    let Value::Array(keys) = value else {
        report.flag(path, "TYPE", None, || {
            format!(
                "expected a list of sort keys (an array), found {}",
                type_name(value)
            )
        });
        return;
    };
    for (index, key) in keys.iter().enumerate() {
        if report.is_full() {
            return;
        }
        let at = path.index(index);
        if let Some(sorting) = expect_object(report, &at, key, "a sort key") {
            check_sorting(report, &at, sorting);
        }
    }
}

/// Checks one sort key.
fn check_sorting(report: &mut Report, path: &Path<'_>, sorting: &Object) {
    let field_path = path.key("fieldName");
    match member(sorting, "fieldName") {
        None => report.flag(&field_path, "REQUIRED_FIELD", None, || {
            "fieldName is required: createdDate or updatedDate".to_owned()
        }),
        Some(value) => {
            if let Some(name) = expect_string(report, &field_path, value, "a field name") {
                if !SORTABLE_FIELDS.contains(&name) {
                    report.flag(
                        &field_path,
                        "INVALID_ENUM_VALUE",
                        Some("SORTABLE_FIELD"),
                        || {
                            format!(
                                "{} cannot be sorted on; the sortable fields are createdDate \
                                 and updatedDate",
                                preview(name)
                            )
                        },
                    );
                }
            }
        }
    }
    if let Some(order) = member(sorting, "order") {
        check_enum(
            report,
            &path.key("order"),
            order,
            SortOrder::KNOWN,
            "a sort order",
        );
    }
}

/// Checks `fields` / `fieldsets`: lists of names.
fn check_names(report: &mut Report, path: &Path<'_>, value: &Value) {
    let Value::Array(names) = value else {
        report.flag(path, "TYPE", None, || {
            format!(
                "expected a list of names (an array), found {}",
                type_name(value)
            )
        });
        return;
    };
    for (index, name) in names.iter().enumerate() {
        if report.is_full() {
            return;
        }
        expect_string(report, &path.index(index), name, "a field name");
    }
}

/// Checks offset paging.
fn check_paging(report: &mut Report, path: &Path<'_>, value: &Value) {
    let Some(paging) = expect_object(report, path, value, "offset paging") else {
        return;
    };
    if let Some(limit) = member(paging, "limit") {
        check_whole_number(report, &path.key("limit"), limit, 0, MAX_PAGING_LIMIT);
    }
    if let Some(offset) = member(paging, "offset") {
        // The wire type is a 32-bit integer.
        check_whole_number(report, &path.key("offset"), offset, 0, u64::from(u32::MAX));
    }
}

/// Checks cursor paging.
fn check_cursor_paging(report: &mut Report, path: &Path<'_>, value: &Value) {
    let Some(paging) = expect_object(report, path, value, "cursor paging") else {
        return;
    };
    if let Some(limit) = member(paging, "limit") {
        check_whole_number(
            report,
            &path.key("limit"),
            limit,
            MIN_CURSOR_PAGING_LIMIT,
            MAX_CURSOR_PAGING_LIMIT,
        );
    }
    let cursor_path = path.key("cursor");
    if let Some(cursor) = member(paging, "cursor") {
        if let Some(cursor) = expect_string(report, &cursor_path, cursor, "a cursor") {
            check_text(
                report,
                &cursor_path,
                cursor,
                TextLimits {
                    min: 0,
                    max: MAX_CURSOR_LENGTH,
                    control_characters: false,
                },
            );
        }
    }
}

#[cfg(test)]
mod tests;
