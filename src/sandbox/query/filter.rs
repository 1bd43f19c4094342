//! Wix API Query Language filters, compiled once per request and evaluated
//! against stored packages without cloning them.
//!
//! The fields and the operators each takes are the reference's "Supported
//! Filters" table, read from [`FILTER_FIELDS`] (the same table the offline
//! rules check, which the handler runs first): `$eq $ne $in $exists` on
//! `id`, `accountId`, `externalId`; `$eq $ne $gt $gte $lt $lte` on the dates;
//! `$hasSome $hasAll` on `productInstances` and its paths. `{field: value}`
//! is `$eq`; logical `$and $or $not`. Dotted `productInstances.*` paths have
//! array semantics: `$hasSome` holds when any instance's value is listed,
//! `$hasAll` when every listed value occurs among the instances. Enum values
//! and IDs compare case-insensitively (the reference's own example filters
//! `"Enabled"`); `externalId` and `failure.message` exactly; dates compare as
//! instants.

use crate::model::{FieldViolation, ProductInstance, FILTER_FIELDS};
use crate::sandbox::state::StoredPackage;
use crate::time::parse_iso;
use serde_json::{Map, Value};
use std::cmp::Ordering;

/// Deepest nesting of `$and`/`$or`/`$not` accepted.
const MAX_DEPTH: usize = 16;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PackageField {
    Id,
    AccountId,
    ExternalId,
    CreatedDate,
    UpdatedDate,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum InstanceField {
    Whole,
    InstanceId,
    SiteId,
    CatalogProductId,
    Status,
    Failure,
    FailureCode,
    FailureMessage,
    BillingInfo,
    BillingType,
    CycleDuration,
    CycleUnit,
    CycleCount,
    CreatedDate,
    UpdatedDate,
    CountryCode,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Package(PackageField),
    Instance(InstanceField),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Text { case_insensitive: bool },
    Date,
    Number,
    Object,
}

fn field_named(name: &str) -> Option<Field> {
    use InstanceField as I;
    use PackageField as P;
    Some(match name {
        "id" => Field::Package(P::Id),
        "accountId" => Field::Package(P::AccountId),
        "externalId" => Field::Package(P::ExternalId),
        "createdDate" => Field::Package(P::CreatedDate),
        "updatedDate" => Field::Package(P::UpdatedDate),
        "productInstances" => Field::Instance(I::Whole),
        "productInstances.instanceId" => Field::Instance(I::InstanceId),
        "productInstances.siteId" => Field::Instance(I::SiteId),
        "productInstances.catalogProductId" => Field::Instance(I::CatalogProductId),
        "productInstances.status" => Field::Instance(I::Status),
        "productInstances.failure" => Field::Instance(I::Failure),
        "productInstances.failure.code" => Field::Instance(I::FailureCode),
        "productInstances.failure.message" => Field::Instance(I::FailureMessage),
        "productInstances.billingInfo" => Field::Instance(I::BillingInfo),
        "productInstances.billingInfo.type" => Field::Instance(I::BillingType),
        "productInstances.billingInfo.cycleDuration" => Field::Instance(I::CycleDuration),
        "productInstances.billingInfo.cycleDuration.unit" => Field::Instance(I::CycleUnit),
        "productInstances.billingInfo.cycleDuration.count" => Field::Instance(I::CycleCount),
        "productInstances.createdDate" => Field::Instance(I::CreatedDate),
        "productInstances.updatedDate" => Field::Instance(I::UpdatedDate),
        "productInstances.countryCode" => Field::Instance(I::CountryCode),
        _ => return None,
    })
}

fn kind_of(field: Field) -> Kind {
    use InstanceField as I;
    use PackageField as P;
    match field {
        Field::Package(P::ExternalId) | Field::Instance(I::FailureMessage) => Kind::Text {
            case_insensitive: false,
        },
        Field::Package(P::CreatedDate | P::UpdatedDate)
        | Field::Instance(I::CreatedDate | I::UpdatedDate) => Kind::Date,
        Field::Instance(I::CycleCount) => Kind::Number,
        Field::Instance(I::Whole | I::Failure | I::BillingInfo | I::CycleDuration) => Kind::Object,
        _ => Kind::Text {
            case_insensitive: true,
        },
    }
}

/// A filter operand, already converted to the field's kind.
#[derive(Clone, Debug, PartialEq)]
enum Operand {
    Null,
    Text(String),
    Date(i64),
    Number(f64),
    Object(Value),
}

#[derive(Clone, Debug, PartialEq)]
enum Op {
    Eq(Operand),
    Ne(Operand),
    In(Vec<Operand>),
    Cmp(Ordering, bool, Operand),
    Exists(bool),
    HasSome(Vec<Operand>),
    HasAll(Vec<Operand>),
}

/// A compiled filter.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Filter {
    And(Vec<Filter>),
    Or(Vec<Filter>),
    Not(Box<Filter>),
    Cond(FieldCond),
}

/// One condition on one field (opaque outside this module).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct FieldCond {
    field: Field,
    kind: Kind,
    op: Op,
}

fn violation(path: &str, description: impl Into<String>) -> FieldViolation {
    FieldViolation::new(path, "OTHER", description).named("FILTER")
}

/// Compiles a filter object; the first problem is a 400 violation.
pub(crate) fn compile(filter: &Map<String, Value>) -> Result<Filter, FieldViolation> {
    compile_object(filter, "query.filter", 0)
}

fn compile_object(
    map: &Map<String, Value>,
    path: &str,
    depth: usize,
) -> Result<Filter, FieldViolation> {
    if depth > MAX_DEPTH {
        return Err(violation(
            path,
            format!("filters nest at most {MAX_DEPTH} levels"),
        ));
    }
    let mut parts = Vec::with_capacity(map.len());
    for (name, value) in map {
        let here = format!("{path}.{name}");
        match name.as_str() {
            "$and" | "$or" => {
                let Some(items) = value.as_array().filter(|items| !items.is_empty()) else {
                    return Err(violation(
                        &here,
                        format!("`{name}` takes a non-empty array of filters"),
                    ));
                };
                let mut subs = Vec::with_capacity(items.len());
                for (index, item) in items.iter().enumerate() {
                    let item_path = format!("{here}[{index}]");
                    let Some(object) = item.as_object() else {
                        return Err(violation(&item_path, "expected a filter object"));
                    };
                    subs.push(compile_object(object, &item_path, depth + 1)?);
                }
                parts.push(if name == "$and" {
                    Filter::And(subs)
                } else {
                    Filter::Or(subs)
                });
            }
            "$not" => {
                let Some(object) = value.as_object() else {
                    return Err(violation(&here, "`$not` takes a filter object"));
                };
                parts.push(Filter::Not(Box::new(compile_object(
                    object,
                    &here,
                    depth + 1,
                )?)));
            }
            operator if operator.starts_with('$') => {
                return Err(violation(
                    &here,
                    format!("unknown logical operator `{operator}`"),
                ));
            }
            field_name => {
                let found = field_named(field_name).zip(
                    FILTER_FIELDS
                        .iter()
                        .find(|(name, _)| *name == field_name)
                        .map(|(_, supported)| *supported),
                );
                let (field, supported) = found.ok_or_else(|| {
                    violation(&here, format!("`{field_name}` is not a filterable field"))
                })?;
                parts.push(compile_field(field, supported, value, &here)?);
            }
        }
    }
    Ok(match parts.len() {
        1 => parts.pop().unwrap_or(Filter::And(Vec::new())),
        _ => Filter::And(parts),
    })
}

/// Compiles the condition on one field, which takes the operators
/// `supported` (its row of the table).
fn compile_field(
    field: Field,
    supported: &[&str],
    value: &Value,
    path: &str,
) -> Result<Filter, FieldViolation> {
    let kind = kind_of(field);
    let cond = |op: Op| Filter::Cond(FieldCond { field, kind, op });
    let bare_eq = |path: &str| {
        if supported.contains(&"$eq") {
            Ok(cond(Op::Eq(operand(kind, value, path)?)))
        } else {
            Err(violation(
                path,
                "this field takes only its listed operators",
            ))
        }
    };
    let operators = match value.as_object() {
        Some(map) if !map.is_empty() && map.keys().all(|k| k.starts_with('$')) => map,
        Some(map) if map.keys().any(|k| k.starts_with('$')) => {
            return Err(violation(
                path,
                "operators and plain values cannot be mixed",
            ));
        }
        _ => return bare_eq(path),
    };
    if kind == Kind::Date && operators.len() == 1 && operators.contains_key("$date") {
        return bare_eq(path);
    }
    let mut parts = Vec::with_capacity(operators.len());
    for (operator, argument) in operators {
        let here = format!("{path}.{operator}");
        if !supported.contains(&operator.as_str()) {
            return Err(violation(
                &here,
                format!("`{operator}` is not supported on this field"),
            ));
        }
        let list = |argument: &Value| -> Result<Vec<Operand>, FieldViolation> {
            let items = argument
                .as_array()
                .ok_or_else(|| violation(&here, format!("`{operator}` takes an array")))?;
            items
                .iter()
                .map(|item| operand(kind, item, &here))
                .collect()
        };
        let ordered = |argument: &Value| -> Result<Operand, FieldViolation> {
            match operand(kind, argument, &here)? {
                Operand::Null | Operand::Object(_) => Err(violation(
                    &here,
                    format!("`{operator}` needs a string, number or date"),
                )),
                other => Ok(other),
            }
        };
        let op = match operator.as_str() {
            "$eq" => Op::Eq(operand(kind, argument, &here)?),
            "$ne" => Op::Ne(operand(kind, argument, &here)?),
            "$in" => Op::In(list(argument)?),
            "$gt" => Op::Cmp(Ordering::Greater, false, ordered(argument)?),
            "$gte" => Op::Cmp(Ordering::Greater, true, ordered(argument)?),
            "$lt" => Op::Cmp(Ordering::Less, false, ordered(argument)?),
            "$lte" => Op::Cmp(Ordering::Less, true, ordered(argument)?),
            "$exists" => Op::Exists(
                argument
                    .as_bool()
                    .ok_or_else(|| violation(&here, "`$exists` takes true or false"))?,
            ),
            "$hasSome" => Op::HasSome(list(argument)?),
            "$hasAll" => Op::HasAll(list(argument)?),
            other => return Err(violation(&here, format!("unknown operator `{other}`"))),
        };
        parts.push(cond(op));
    }
    Ok(match parts.len() {
        1 => parts.pop().unwrap_or(Filter::And(Vec::new())),
        _ => Filter::And(parts),
    })
}

fn operand(kind: Kind, value: &Value, path: &str) -> Result<Operand, FieldViolation> {
    if value.is_null() {
        return Ok(Operand::Null);
    }
    match (kind, value) {
        (Kind::Text { .. }, Value::String(text)) => Ok(Operand::Text(text.clone())),
        (Kind::Number, Value::Number(number)) => number
            .as_f64()
            .map(Operand::Number)
            .ok_or_else(|| violation(path, "expected a number")),
        (Kind::Date, Value::String(text)) => parse_iso(text)
            .map(Operand::Date)
            .ok_or_else(|| violation(path, "expected an ISO 8601 date-time")),
        (Kind::Date, Value::Object(map)) => map
            .get("$date")
            .and_then(Value::as_str)
            .and_then(parse_iso)
            .map(Operand::Date)
            .ok_or_else(|| violation(path, "expected an ISO 8601 date-time or {\"$date\": ...}")),
        (Kind::Object, Value::Object(_)) => Ok(Operand::Object(value.clone())),
        (Kind::Text { .. }, _) => Err(violation(path, "expected a string")),
        (Kind::Number, _) => Err(violation(path, "expected a number")),
        (Kind::Date, _) => Err(violation(path, "expected an ISO 8601 date-time")),
        (Kind::Object, _) => Err(violation(path, "expected an object")),
    }
}

/// A field's value in one package or instance.
enum Actual<'a> {
    Text(&'a str),
    Date(i64),
    Number(f64),
    Object(Value),
}

fn package_value(stored: &StoredPackage, field: PackageField) -> Option<Actual<'_>> {
    let package = &stored.package;
    match field {
        PackageField::Id => Some(Actual::Text(package.id.as_str())),
        PackageField::AccountId => Some(Actual::Text(package.account_id.as_str())),
        PackageField::ExternalId => package.external_id.as_deref().map(Actual::Text),
        PackageField::CreatedDate => Some(Actual::Date(stored.created_ms)),
        PackageField::UpdatedDate => Some(Actual::Date(stored.updated_ms)),
    }
}

fn instance_value(instance: &ProductInstance, field: InstanceField) -> Option<Actual<'_>> {
    use InstanceField as I;
    let object = |value: Result<Value, serde_json::Error>| value.ok().map(Actual::Object);
    let duration = instance
        .billing_info
        .as_ref()
        .and_then(|b| b.cycle_duration.as_ref());
    match field {
        I::Whole => object(serde_json::to_value(instance)),
        I::InstanceId => Some(Actual::Text(&instance.instance_id)),
        I::SiteId => instance.site_id.as_deref().map(Actual::Text),
        I::CatalogProductId => Some(Actual::Text(&instance.catalog_product_id)),
        I::Status => Some(Actual::Text(instance.status.as_str())),
        I::Failure => instance
            .failure
            .as_ref()
            .and_then(|f| object(serde_json::to_value(f))),
        I::FailureCode => instance
            .failure
            .as_ref()
            .map(|f| Actual::Text(f.code.as_str())),
        I::FailureMessage => instance
            .failure
            .as_ref()
            .and_then(|f| f.message.as_deref())
            .map(Actual::Text),
        I::BillingInfo => instance
            .billing_info
            .as_ref()
            .and_then(|b| object(serde_json::to_value(b))),
        I::BillingType => instance
            .billing_info
            .as_ref()
            .map(|b| Actual::Text(b.cycle_type.as_str())),
        I::CycleDuration => duration.and_then(|d| object(serde_json::to_value(d))),
        I::CycleUnit => duration.map(|d| Actual::Text(d.unit.as_str())),
        I::CycleCount => duration.map(|d| Actual::Number(f64::from(d.count))),
        I::CreatedDate => parse_iso(&instance.created_date).map(Actual::Date),
        I::UpdatedDate => parse_iso(&instance.updated_date).map(Actual::Date),
        I::CountryCode => instance.country_code.as_deref().map(Actual::Text),
    }
}

/// True when every key of `given` matches `actual` (strings case-insensitively).
fn json_subset(given: &Value, actual: &Value) -> bool {
    match (given, actual) {
        (Value::Object(want), Value::Object(have)) => want
            .iter()
            .all(|(k, v)| have.get(k).is_some_and(|h| json_subset(v, h))),
        (Value::String(a), Value::String(b)) => a.eq_ignore_ascii_case(b),
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| json_subset(x, y))
        }
        _ => given == actual,
    }
}

fn equals(actual: Option<&Actual<'_>>, operand: &Operand, kind: Kind) -> bool {
    match (actual, operand) {
        (None, Operand::Null) => true,
        (None, _) | (Some(_), Operand::Null) => false,
        (Some(Actual::Text(a)), Operand::Text(b)) => match kind {
            Kind::Text {
                case_insensitive: false,
            } => a == b,
            _ => a.eq_ignore_ascii_case(b),
        },
        (Some(Actual::Date(a)), Operand::Date(b)) => a == b,
        (Some(Actual::Number(a)), Operand::Number(b)) => a == b,
        (Some(Actual::Object(a)), Operand::Object(b)) => json_subset(b, a),
        _ => false,
    }
}

fn compare(actual: Option<&Actual<'_>>, operand: &Operand, kind: Kind) -> Option<Ordering> {
    match (actual?, operand) {
        (Actual::Text(a), Operand::Text(b)) => Some(match kind {
            Kind::Text {
                case_insensitive: false,
            } => (*a).cmp(b.as_str()),
            _ => a.to_lowercase().cmp(&b.to_lowercase()),
        }),
        (Actual::Date(a), Operand::Date(b)) => Some(a.cmp(b)),
        (Actual::Number(a), Operand::Number(b)) => a.partial_cmp(b),
        _ => None,
    }
}

/// The condition on a package field's value. (`$hasSome`/`$hasAll` are
/// instance operators only, by the table, and never reach here.)
fn holds_for_value(actual: Option<&Actual<'_>>, op: &Op, kind: Kind) -> bool {
    match op {
        Op::Eq(operand) => equals(actual, operand, kind),
        Op::Ne(operand) => !equals(actual, operand, kind),
        Op::In(list) => list.iter().any(|o| equals(actual, o, kind)),
        Op::Cmp(want, or_equal, operand) => compare(actual, operand, kind)
            .is_some_and(|got| got == *want || (*or_equal && got == Ordering::Equal)),
        Op::Exists(expected) => actual.is_some() == *expected,
        Op::HasSome(_) | Op::HasAll(_) => false,
    }
}

impl FieldCond {
    fn holds(&self, stored: &StoredPackage) -> bool {
        let field = match self.field {
            Field::Package(field) => {
                return holds_for_value(package_value(stored, field).as_ref(), &self.op, self.kind);
            }
            Field::Instance(field) => field,
        };
        let instances = &stored.package.product_instances;
        let kind = self.kind;
        // True when some instance's value at `field` equals `operand`.
        let some_instance = |operand| {
            instances
                .iter()
                .any(|i| equals(instance_value(i, field).as_ref(), operand, kind))
        };
        match &self.op {
            Op::HasSome(list) => list.iter().any(some_instance),
            Op::HasAll(list) => list.iter().all(some_instance),
            // The table gives instance paths no other operator.
            _ => false,
        }
    }
}

impl Filter {
    /// True when `stored` passes the filter.
    pub(crate) fn matches(&self, stored: &StoredPackage) -> bool {
        match self {
            Filter::And(parts) => parts.iter().all(|f| f.matches(stored)),
            Filter::Or(parts) => parts.iter().any(|f| f.matches(stored)),
            Filter::Not(inner) => !inner.matches(stored),
            Filter::Cond(cond) => cond.holds(stored),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FILTER_OPERATORS;
    use serde_json::json;

    fn compiles(filter: Value) -> bool {
        filter.as_object().is_some_and(|map| compile(map).is_ok())
    }

    /// An operand each operator accepts on each field kind.
    fn sample(field: &str, operator: &str) -> Value {
        let one = if field.ends_with("Date") {
            json!("2024-01-01T00:00:00.000Z")
        } else if field.ends_with(".count") {
            json!(1)
        } else if matches!(
            field,
            "productInstances"
                | "productInstances.failure"
                | "productInstances.billingInfo"
                | "productInstances.billingInfo.cycleDuration"
        ) {
            json!({})
        } else {
            json!("x")
        };
        match operator {
            "$in" | "$nin" | "$hasSome" | "$hasAll" => json!([one]),
            "$exists" | "$isEmpty" => json!(true),
            _ => one,
        }
    }

    #[test]
    fn the_engine_takes_exactly_the_operators_of_the_table() {
        for (field, supported) in FILTER_FIELDS {
            assert!(field_named(field).is_some(), "{field} is not evaluated");
            for (operator, _) in FILTER_OPERATORS {
                let filter = json!({ *field: { *operator: sample(field, operator) } });
                assert_eq!(
                    compiles(filter),
                    supported.contains(operator),
                    "{field} {operator}"
                );
            }
            assert_eq!(
                compiles(json!({ *field: sample(field, "$eq") })),
                supported.contains(&"$eq"),
                "{field} = value"
            );
        }
    }
}
