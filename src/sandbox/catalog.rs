//! The sandbox's product catalog: what Wix B2B sales would hand a reseller
//! (product IDs, product and service types, billing cycles, limits,
//! prerequisites), plus how delivery of each product turns out. Products are
//! read from and written as JSON by the control API: [`Shown`] is what it
//! writes, [`ProductInput`] declares what [`Product::from_json`] reads.

use crate::model::{Cycle, CycleDescriptorType, FailureCode, FieldViolation, Status};
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;
use tsify::Tsify;

/// One catalog product.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Product {
    pub catalog_product_id: String,
    pub name: String,
    /// At most one live instance of a type per site (`PRODUCT_TYPE_ALREADY_ASSIGNED`).
    pub product_type: String,
    /// Adjust may only move within one service type.
    pub service_type: String,
    /// The accepted `billingInfo` values; more than one makes it required.
    pub cycles: Vec<Cycle>,
    pub adjustable: bool,
    pub reference_eligible: bool,
    /// A product type the target site must already hold live.
    pub requires_product_type: Option<String>,
    /// Cap on live instances of this product per account.
    pub limit: Option<u32>,
    /// Time from creation to the delivery outcome.
    pub delivery_ms: u64,
    /// `ENABLED`, `FAILED` or `AWAITING_ACTION`.
    pub delivery_outcome: Status,
    /// The failure code when the outcome is `FAILED`.
    pub failure_code: FailureCode,
    /// False gives instances an `expirationDate` (domains).
    pub auto_renews: bool,
    /// False: Wix has not enabled it for reselling (`INVALID_PRODUCTS`).
    pub resellable: bool,
    /// False: Wix lacks its settings (`PRODUCT_SETTINGS_NOT_FOUND`).
    pub has_settings: bool,
}

/// A product of the sandbox's catalog, as `catalog()` (`GET /_sandbox/catalog`)
/// and `upsertProduct` answer it.
// What the control API serialises, and so the source of the TypeScript
// `CatalogProduct`; `missing_as_null` because serde_json writes `None` as `null`.
#[derive(Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(rename = "CatalogProduct", missing_as_null)]
pub(crate) struct Shown<'a> {
    /// The product's GUID, the `catalogProductId` of a create.
    pub catalog_product_id: &'a str,
    pub name: &'a str,
    /// At most one live instance of a type per site (`PRODUCT_TYPE_ALREADY_ASSIGNED`).
    #[tsify(type = "SeedProductType | (string & {})")]
    pub product_type: &'a str,
    /// Adjust may only move within one service type.
    pub service_type: &'a str,
    /// The accepted `billingInfo` values; more than one makes it required.
    // Never "UNKNOWN": `Product::from_json` refuses it and the seed has none.
    #[tsify(type = "CycleInput[]")]
    pub cycles: &'a [Cycle],
    /// Whether Adjust may move an instance to or from this product.
    pub adjustable: bool,
    /// Whether an instance can be granted against a reference instance.
    pub reference_eligible: bool,
    /// A product type the target site must already hold live.
    #[tsify(type = "SeedProductType | (string & {}) | null")]
    pub requires_product_type: Option<&'a str>,
    /// Cap on live instances of this product per account.
    pub limit: Option<u32>,
    /// Time from creation to the delivery outcome.
    pub delivery_ms: u64,
    /// What a new instance becomes after `deliveryMs`.
    #[tsify(type = "\"ENABLED\" | \"FAILED\" | \"AWAITING_ACTION\"")]
    pub delivery_outcome: &'a Status,
    /// The failure code of a failed delivery; only when `deliveryOutcome` is `FAILED`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub failure_code: Option<&'a FailureCode>,
    /// False gives instances an `expirationDate` (domains).
    pub auto_renews: bool,
    /// False: not enabled for reselling; a create or adjust naming it is 428 `INVALID_PRODUCTS`.
    pub resellable: bool,
    /// False: Wix lacks its settings; a create or adjust naming it is 428 `PRODUCT_SETTINGS_NOT_FOUND`.
    pub has_settings: bool,
}

/// A product for `upsertProduct` (`POST /_sandbox/catalog`): a
/// `CatalogProduct` whose defaulted fields may be left out.
// Never built: `Product::from_json` reads the JSON field by field, to word
// each problem, and this type declares what it reads (the TypeScript
// `CatalogProductInput`). tests/js/declared-shapes.test.mjs holds the two
// together: what this declares required is refused when left out, and a
// shown product reads back unchanged.
#[allow(dead_code)]
#[derive(Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(rename = "CatalogProductInput")]
struct ProductInput {
    /// A GUID; an existing product with this ID (any case) is replaced.
    catalog_product_id: String,
    /// 1 to 200 characters, as are `productType` and `serviceType`.
    name: String,
    #[tsify(type = "SeedProductType | (string & {})")]
    product_type: String,
    service_type: String,
    /// 1 to 20: `{ type: "ONE_TIME" }` or `{ type: "RECURRING", cycleDuration }`
    /// (`valid_cycle`: no `"UNKNOWN"`).
    #[tsify(type = "CycleInput[]")]
    cycles: Vec<Cycle>,
    /// Default `true`.
    #[tsify(optional)]
    adjustable: bool,
    /// Default `false`.
    #[tsify(optional)]
    reference_eligible: bool,
    /// Default none.
    #[tsify(optional, type = "SeedProductType | (string & {}) | null")]
    requires_product_type: Option<String>,
    /// An integer >= 1; default none.
    #[tsify(optional, type = "number | null")]
    limit: Option<u32>,
    /// 0 to one year; default 0.
    #[tsify(optional)]
    delivery_ms: u64,
    /// Default `ENABLED`.
    #[tsify(optional, type = "\"ENABLED\" | \"FAILED\" | \"AWAITING_ACTION\"")]
    delivery_outcome: Status,
    /// Used when `deliveryOutcome` is `FAILED`; default `DELIVERY_TIMEOUT`.
    #[tsify(optional)]
    failure_code: FailureCode,
    /// Default `true`.
    #[tsify(optional)]
    auto_renews: bool,
    /// Default `true`; `false` makes a create or adjust naming it `INVALID_PRODUCTS`.
    #[tsify(optional)]
    resellable: bool,
    /// Default `true`; `false` makes a create or adjust naming it `PRODUCT_SETTINGS_NOT_FOUND`.
    #[tsify(optional)]
    has_settings: bool,
}

/// How a requested billing cycle fits a product.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum CycleFit {
    /// Accepted; this is the cycle to store.
    Accepted(Cycle),
    /// None given and the product has several.
    Missing,
    /// The cycle's type is not offered at all.
    InvalidType,
    /// The type is offered, the duration is not.
    IncompatibleDuration,
}

/// True when two cycles are the same contract (`cycleDuration` only counts
/// for `RECURRING`).
pub(crate) fn same_cycle(a: &Cycle, b: &Cycle) -> bool {
    a.cycle_type == b.cycle_type
        && (a.cycle_type != CycleDescriptorType::Recurring || a.cycle_duration == b.cycle_duration)
}

impl Product {
    /// Checks `requested` against the product's cycles.
    pub(crate) fn fit_cycle(&self, requested: Option<&Cycle>) -> CycleFit {
        match requested {
            None => match self.cycles.as_slice() {
                [only] => CycleFit::Accepted(only.clone()),
                _ => CycleFit::Missing,
            },
            Some(cycle) => {
                if let Some(found) = self.cycles.iter().find(|c| same_cycle(c, cycle)) {
                    CycleFit::Accepted(found.clone())
                } else if self.cycles.iter().any(|c| c.cycle_type == cycle.cycle_type) {
                    CycleFit::IncompatibleDuration
                } else {
                    CycleFit::InvalidType
                }
            }
        }
    }

    /// True when `cycle` is one of the product's cycles.
    pub(crate) fn offers(&self, cycle: &Cycle) -> bool {
        self.cycles.iter().any(|c| same_cycle(c, cycle))
    }

    /// The product as `GET /_sandbox/catalog` shows it.
    pub(crate) fn shown(&self) -> Shown<'_> {
        Shown {
            catalog_product_id: &self.catalog_product_id,
            name: &self.name,
            product_type: &self.product_type,
            service_type: &self.service_type,
            cycles: &self.cycles,
            adjustable: self.adjustable,
            reference_eligible: self.reference_eligible,
            requires_product_type: self.requires_product_type.as_deref(),
            limit: self.limit,
            delivery_ms: self.delivery_ms,
            delivery_outcome: &self.delivery_outcome,
            failure_code: (self.delivery_outcome == Status::Failed).then_some(&self.failure_code),
            auto_renews: self.auto_renews,
            resellable: self.resellable,
            has_settings: self.has_settings,
        }
    }

    /// Reads a product from the control API's JSON, listing every problem.
    pub(crate) fn from_json(value: &Value) -> Result<Product, Vec<FieldViolation>> {
        let mut problems = Vec::new();
        let Some(object) = value.as_object() else {
            return Err(vec![FieldViolation::new(
                "body",
                "TYPE",
                "expected a product object",
            )]);
        };
        let text = |name: &str, problems: &mut Vec<FieldViolation>| -> String {
            match object.get(name) {
                Some(Value::String(s)) if !s.trim().is_empty() && s.chars().count() <= 200 => {
                    s.clone()
                }
                _ => {
                    problems.push(FieldViolation::new(
                        name,
                        "REQUIRED_FIELD",
                        "a non-empty string of at most 200 characters is required",
                    ));
                    String::new()
                }
            }
        };
        let flag = |name: &str, default: bool, problems: &mut Vec<FieldViolation>| -> bool {
            match object.get(name) {
                None | Some(Value::Null) => default,
                Some(Value::Bool(b)) => *b,
                Some(_) => {
                    problems.push(FieldViolation::new(name, "TYPE", "expected a boolean"));
                    default
                }
            }
        };
        let catalog_product_id = text("catalogProductId", &mut problems);
        if !catalog_product_id.is_empty() && !crate::model::is_guid(&catalog_product_id) {
            problems.push(
                FieldViolation::new("catalogProductId", "FORMAT", "expected a GUID").named("GUID"),
            );
        }
        let name = text("name", &mut problems);
        let product_type = text("productType", &mut problems);
        let service_type = text("serviceType", &mut problems);
        let cycles = match object.get("cycles") {
            Some(Value::Array(items)) if !items.is_empty() && items.len() <= 20 => {
                let mut cycles = Vec::new();
                for (index, item) in items.iter().enumerate() {
                    match serde_json::from_value::<Cycle>(item.clone()) {
                        Ok(cycle) if valid_cycle(&cycle) => cycles.push(cycle),
                        _ => problems.push(FieldViolation::new(
                            format!("cycles[{index}]"),
                            "FORMAT",
                            "expected {type: ONE_TIME} or {type: RECURRING, cycleDuration: {unit, count >= 1}}",
                        )),
                    }
                }
                cycles
            }
            _ => {
                problems.push(FieldViolation::new(
                    "cycles",
                    "REQUIRED_FIELD",
                    "1 to 20 billing cycles are required",
                ));
                Vec::new()
            }
        };
        let adjustable = flag("adjustable", true, &mut problems);
        let reference_eligible = flag("referenceEligible", false, &mut problems);
        let auto_renews = flag("autoRenews", true, &mut problems);
        let resellable = flag("resellable", true, &mut problems);
        let has_settings = flag("hasSettings", true, &mut problems);
        let requires_product_type = match object.get("requiresProductType") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
            Some(_) => {
                problems.push(FieldViolation::new(
                    "requiresProductType",
                    "TYPE",
                    "expected a product type or null",
                ));
                None
            }
        };
        let limit = match object.get("limit") {
            None | Some(Value::Null) => None,
            Some(v) => match v.as_u64().and_then(|n| u32::try_from(n).ok()) {
                Some(n) if n >= 1 => Some(n),
                _ => {
                    problems.push(FieldViolation::new(
                        "limit",
                        "TYPE",
                        "expected an integer >= 1 or null",
                    ));
                    None
                }
            },
        };
        let delivery_ms = match object.get("deliveryMs") {
            None | Some(Value::Null) => 0,
            Some(v) => match v.as_u64() {
                Some(n) if n <= 365 * 86_400_000 => n,
                _ => {
                    problems.push(FieldViolation::new(
                        "deliveryMs",
                        "TYPE",
                        "expected milliseconds from 0 to one year",
                    ));
                    0
                }
            },
        };
        let delivery_outcome = match object.get("deliveryOutcome") {
            None | Some(Value::Null) => Status::Enabled,
            Some(Value::String(s))
                if matches!(s.as_str(), "ENABLED" | "FAILED" | "AWAITING_ACTION") =>
            {
                Status::from_wire(s)
            }
            Some(_) => {
                problems.push(FieldViolation::new(
                    "deliveryOutcome",
                    "INVALID_ENUM_VALUE",
                    "expected ENABLED, FAILED or AWAITING_ACTION",
                ));
                Status::Enabled
            }
        };
        let failure_code = match object.get("failureCode") {
            None | Some(Value::Null) => FailureCode::DeliveryTimeout,
            Some(Value::String(s)) if FailureCode::KNOWN.contains(&s.as_str()) => {
                FailureCode::from_wire(s)
            }
            Some(_) => {
                problems.push(FieldViolation::new(
                    "failureCode",
                    "INVALID_ENUM_VALUE",
                    "expected UNKNOWN, DELIVERY_TIMEOUT or EXTERNAL_FAILURE",
                ));
                FailureCode::DeliveryTimeout
            }
        };
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Product {
            catalog_product_id,
            name,
            product_type,
            service_type,
            cycles,
            adjustable,
            reference_eligible,
            requires_product_type,
            limit,
            delivery_ms,
            delivery_outcome,
            failure_code,
            auto_renews,
            resellable,
            has_settings,
        })
    }
}

fn valid_cycle(cycle: &Cycle) -> bool {
    match cycle.cycle_type {
        CycleDescriptorType::OneTime => true,
        CycleDescriptorType::Recurring => cycle
            .cycle_duration
            .as_ref()
            .is_some_and(|d| d.unit.is_known() && d.unit.as_str() != "UNKNOWN" && d.count >= 1),
        _ => false,
    }
}

/// The catalog: products in insertion order, found by ID case-insensitively.
#[derive(Clone, Debug, Default)]
pub(crate) struct Catalog {
    products: Vec<Product>,
    index: HashMap<String, usize>,
}

impl Catalog {
    /// Adds `product`, or replaces the product with the same ID.
    pub(crate) fn upsert(&mut self, product: Product) {
        let key = product.catalog_product_id.to_ascii_lowercase();
        match self.index.get(&key) {
            Some(&at) => {
                if let Some(slot) = self.products.get_mut(at) {
                    *slot = product;
                }
            }
            None => {
                self.index.insert(key, self.products.len());
                self.products.push(product);
            }
        }
    }

    /// The product with this ID.
    pub(crate) fn get(&self, id: &str) -> Option<&Product> {
        self.index
            .get(&id.to_ascii_lowercase())
            .and_then(|&at| self.products.get(at))
    }

    /// Every product in insertion order.
    pub(crate) fn all(&self) -> &[Product] {
        &self.products
    }
}
