//! Sort order of a query: `createdDate` and `updatedDate`, each `ASC` (the
//! default when `order` is omitted) or `DESC`; no sort means `createdDate`
//! `DESC`. Ties are broken by the creation sequence in the direction of the
//! first key, so the order is total and pages are stable.

use crate::model::{FieldViolation, SortOrder, Sorting};
use crate::sandbox::state::StoredPackage;
use std::cmp::Ordering;

/// A sortable field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SortField {
    CreatedDate,
    UpdatedDate,
}

impl SortField {
    /// The wire name.
    pub(crate) fn name(self) -> &'static str {
        match self {
            SortField::CreatedDate => "createdDate",
            SortField::UpdatedDate => "updatedDate",
        }
    }

    /// Parses a wire name.
    pub(crate) fn from_name(name: &str) -> Option<SortField> {
        match name {
            "createdDate" => Some(SortField::CreatedDate),
            "updatedDate" => Some(SortField::UpdatedDate),
            _ => None,
        }
    }

    fn value(self, stored: &StoredPackage) -> i64 {
        match self {
            SortField::CreatedDate => stored.created_ms,
            SortField::UpdatedDate => stored.updated_ms,
        }
    }
}

/// One sort key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct SortKey {
    pub field: SortField,
    pub descending: bool,
}

/// The default order: newest first.
pub(crate) const DEFAULT: [SortKey; 1] = [SortKey {
    field: SortField::CreatedDate,
    descending: true,
}];

/// Compiles `query.sort`.
pub(crate) fn compile(sort: &[Sorting]) -> Result<Vec<SortKey>, FieldViolation> {
    if sort.is_empty() {
        return Ok(DEFAULT.to_vec());
    }
    let mut keys: Vec<SortKey> = Vec::new();
    for (index, sorting) in sort.iter().enumerate() {
        let field = SortField::from_name(&sorting.field_name).ok_or_else(|| {
            FieldViolation::new(
                format!("query.sort[{index}].fieldName"),
                "OTHER",
                format!(
                    "`{}` is not sortable; use createdDate or updatedDate",
                    sorting.field_name
                ),
            )
        })?;
        let descending = match &sorting.order {
            None | Some(SortOrder::Asc) => false,
            Some(SortOrder::Desc) => true,
            Some(other) => {
                return Err(FieldViolation::new(
                    format!("query.sort[{index}].order"),
                    "INVALID_ENUM_VALUE",
                    format!("`{other}` is not ASC or DESC"),
                ))
            }
        };
        if !keys.iter().any(|k| k.field == field) {
            keys.push(SortKey { field, descending });
        }
    }
    Ok(keys)
}

/// Where a package sits in an order: its key values and creation sequence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Position {
    pub values: Vec<i64>,
    pub seq: usize,
}

/// The position of `stored` (sequence `seq`) under `keys`.
pub(crate) fn position(keys: &[SortKey], stored: &StoredPackage, seq: usize) -> Position {
    Position {
        values: keys.iter().map(|k| k.field.value(stored)).collect(),
        seq,
    }
}

/// Compares two positions under `keys`.
pub(crate) fn compare(keys: &[SortKey], a: &Position, b: &Position) -> Ordering {
    for (index, key) in keys.iter().enumerate() {
        let ordering = a.values.get(index).cmp(&b.values.get(index));
        let ordering = if key.descending {
            ordering.reverse()
        } else {
            ordering
        };
        if ordering != Ordering::Equal {
            return ordering;
        }
    }
    let ordering = a.seq.cmp(&b.seq);
    if keys.first().is_some_and(|k| k.descending) {
        ordering.reverse()
    } else {
        ordering
    }
}

/// True when the order is plain creation order (or its reverse), which the
/// per-account index already holds: no sort needed.
pub(crate) fn is_creation_order(keys: &[SortKey]) -> bool {
    matches!(
        keys,
        [SortKey {
            field: SortField::CreatedDate,
            ..
        }]
    )
}
