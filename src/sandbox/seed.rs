//! The default seed: fixed accounts, API keys, sites and a catalog that covers
//! every rule, so READMEs, examples and tests can name them.
//!
//! | What | Constant | Value |
//! |---|---|---|
//! | Reseller account | [`RESELLER_ACCOUNT_ID`] | `5e11e500-0000-4000-8000-000000000001` |
//! | Its API key | [`RESELLER_API_KEY`] | `sandbox-reseller-key` |
//! | DIY sub-account of the reseller | [`SUB_ACCOUNT_ID`] | `5e11e500-0000-4000-8000-000000000002` |
//! | Unrelated second reseller | [`OTHER_RESELLER_ACCOUNT_ID`] | `07e5e11e-0000-4000-8000-000000000003` |
//! | Its API key | [`OTHER_RESELLER_API_KEY`] | `sandbox-other-reseller-key` |
//! | Reseller's sites | [`RESELLER_SITE_ID`], [`RESELLER_SECOND_SITE_ID`] | `517e0000-0000-4000-8000-000000000a01`, `…a02` |
//! | Sub-account's sites | [`SUB_ACCOUNT_SITE_ID`], [`SUB_ACCOUNT_SECOND_SITE_ID`] | `517e0000-0000-4000-8000-000000000b01`, `…b02` |
//! | Other reseller's site | [`OTHER_RESELLER_SITE_ID`] | `517e0000-0000-4000-8000-000000000c01` |
//!
//! Catalog (`GET /_sandbox/catalog` shows the same):
//!
//! | Constant | Name | Service type / product type | Cycles | Rules it covers |
//! |---|---|---|---|---|
//! | [`LIGHT_PLAN_ID`] `ca7a1090-0000-4000-8000-000000000101` | Light | `Premium Plans` / `PREMIUM_PLAN` | RECURRING MONTH/1, YEAR/1 | multi-cycle (`MISSING_BILLING_CYCLE`), adjustable, reference-eligible |
//! | [`CORE_PLAN_ID`] `…0102` | Core | same | same | adjust target |
//! | [`BUSINESS_PLAN_ID`] `…0103` | Business | same | same | adjust target |
//! | [`BUSINESS_ELITE_PLAN_ID`] `…0104` | Business Elite | same | same | adjust target |
//! | [`DOMAIN_ID`] `…0201` | Domain Registration | `Domains` / `DOMAIN` | ONE_TIME | needs a live `PREMIUM_PLAN` on the site, not adjustable, does not auto-renew (`expirationDate` = creation + 1 year) |
//! | [`DOMAIN_TRANSFER_ID`] `…0202` | Domain Transfer | `Domains` / `DOMAIN_TRANSFER` | ONE_TIME | delivery ends in `AWAITING_ACTION`; does not auto-renew |
//! | [`BUSINESS_EMAIL_ID`] `…0301` | Business Email | `Email` / `MAILBOX` | RECURRING YEAR/1 | limit 1 live instance per account (`PRODUCT_LIMIT_EXCEEDED`) |
//! | [`SITE_BOOSTER_ID`] `…0401` | Site Booster | `Marketing` / `SITE_BOOSTER` | RECURRING MONTH/1 | delivered after 60 s (`deliveryMs` 60000) |
//! | [`AD_CREDITS_ID`] `…0402` | Ad Credits Voucher | `Marketing` / `AD_CREDITS` | ONE_TIME | delivery fails (`FAILED`, `EXTERNAL_FAILURE`) |

use super::catalog::Product;
use super::state::{Account, Site, State};
use crate::model::{Cycle, CycleDescriptorType, FailureCode, Interval, IntervalUnit, Status};

/// The main reseller account (owns [`RESELLER_API_KEY`]).
pub const RESELLER_ACCOUNT_ID: &str = "5e11e500-0000-4000-8000-000000000001";
/// API key of the main reseller; reaches it and its sub-accounts.
pub const RESELLER_API_KEY: &str = "sandbox-reseller-key";
/// A DIY customer's sub-account under the main reseller.
pub const SUB_ACCOUNT_ID: &str = "5e11e500-0000-4000-8000-000000000002";
/// A second, unrelated reseller account.
pub const OTHER_RESELLER_ACCOUNT_ID: &str = "07e5e11e-0000-4000-8000-000000000003";
/// API key of the second reseller.
pub const OTHER_RESELLER_API_KEY: &str = "sandbox-other-reseller-key";

/// A site of the main reseller account.
pub const RESELLER_SITE_ID: &str = "517e0000-0000-4000-8000-000000000a01";
/// A second site of the main reseller account.
pub const RESELLER_SECOND_SITE_ID: &str = "517e0000-0000-4000-8000-000000000a02";
/// A site of the sub-account.
pub const SUB_ACCOUNT_SITE_ID: &str = "517e0000-0000-4000-8000-000000000b01";
/// A second site of the sub-account.
pub const SUB_ACCOUNT_SECOND_SITE_ID: &str = "517e0000-0000-4000-8000-000000000b02";
/// A site of the second reseller.
pub const OTHER_RESELLER_SITE_ID: &str = "517e0000-0000-4000-8000-000000000c01";

/// Premium plan "Light".
pub const LIGHT_PLAN_ID: &str = "ca7a1090-0000-4000-8000-000000000101";
/// Premium plan "Core".
pub const CORE_PLAN_ID: &str = "ca7a1090-0000-4000-8000-000000000102";
/// Premium plan "Business".
pub const BUSINESS_PLAN_ID: &str = "ca7a1090-0000-4000-8000-000000000103";
/// Premium plan "Business Elite".
pub const BUSINESS_ELITE_PLAN_ID: &str = "ca7a1090-0000-4000-8000-000000000104";
/// "Domain Registration": needs a premium plan on the site; expires.
pub const DOMAIN_ID: &str = "ca7a1090-0000-4000-8000-000000000201";
/// "Domain Transfer": delivery ends in `AWAITING_ACTION`.
pub const DOMAIN_TRANSFER_ID: &str = "ca7a1090-0000-4000-8000-000000000202";
/// "Business Email": one live mailbox per account.
pub const BUSINESS_EMAIL_ID: &str = "ca7a1090-0000-4000-8000-000000000301";
/// "Site Booster": delivered 60 seconds after creation.
pub const SITE_BOOSTER_ID: &str = "ca7a1090-0000-4000-8000-000000000401";
/// "Ad Credits Voucher": delivery fails with `EXTERNAL_FAILURE`.
pub const AD_CREDITS_ID: &str = "ca7a1090-0000-4000-8000-000000000402";

fn recurring(unit: IntervalUnit) -> Cycle {
    Cycle {
        cycle_type: CycleDescriptorType::Recurring,
        cycle_duration: Some(Interval { unit, count: 1 }),
    }
}

fn one_time() -> Cycle {
    Cycle {
        cycle_type: CycleDescriptorType::OneTime,
        cycle_duration: None,
    }
}

/// The product types of the seed's catalog, written once: the seed uses
/// them, and the sandbox's `.d.ts` gets them as `SeedProductType` (a
/// catalog product's `productType` is that or any other string).
macro_rules! seed_product_types {
    ($($name:ident = $wire:literal),+ $(,)?) => {
        $(const $name: &str = $wire;)+
        const _: () = {
            #[wasm_bindgen::prelude::wasm_bindgen(typescript_custom_section)]
            const TS_TYPE: &'static str = concat!(
                "/** A product type of the seed's catalog. */\nexport type SeedProductType = ",
                $("\"", $wire, "\" | ",)+ "never;"
            );
        };
    };
}

seed_product_types! {
    PREMIUM_PLAN = "PREMIUM_PLAN",
    DOMAIN = "DOMAIN",
    DOMAIN_TRANSFER = "DOMAIN_TRANSFER",
    MAILBOX = "MAILBOX",
    SITE_BOOSTER = "SITE_BOOSTER",
    AD_CREDITS = "AD_CREDITS",
}

fn product(
    id: &str,
    name: &str,
    service_type: &str,
    product_type: &str,
    cycles: Vec<Cycle>,
) -> Product {
    Product {
        catalog_product_id: id.to_owned(),
        name: name.to_owned(),
        product_type: product_type.to_owned(),
        service_type: service_type.to_owned(),
        cycles,
        adjustable: true,
        reference_eligible: false,
        requires_product_type: None,
        limit: None,
        delivery_ms: 0,
        delivery_outcome: Status::Enabled,
        failure_code: FailureCode::DeliveryTimeout,
        auto_renews: true,
        resellable: true,
        has_settings: true,
    }
}

/// The default catalog.
pub(crate) fn catalog() -> Vec<Product> {
    let plan_cycles = || {
        vec![
            recurring(IntervalUnit::Month),
            recurring(IntervalUnit::Year),
        ]
    };
    let mut products = Vec::new();
    for (id, name) in [
        (LIGHT_PLAN_ID, "Light"),
        (CORE_PLAN_ID, "Core"),
        (BUSINESS_PLAN_ID, "Business"),
        (BUSINESS_ELITE_PLAN_ID, "Business Elite"),
    ] {
        let mut plan = product(id, name, "Premium Plans", PREMIUM_PLAN, plan_cycles());
        plan.reference_eligible = true;
        products.push(plan);
    }
    let mut domain = product(
        DOMAIN_ID,
        "Domain Registration",
        "Domains",
        DOMAIN,
        vec![one_time()],
    );
    domain.requires_product_type = Some(PREMIUM_PLAN.to_owned());
    domain.adjustable = false;
    domain.auto_renews = false;
    products.push(domain);
    let mut transfer = product(
        DOMAIN_TRANSFER_ID,
        "Domain Transfer",
        "Domains",
        DOMAIN_TRANSFER,
        vec![one_time()],
    );
    transfer.adjustable = false;
    transfer.auto_renews = false;
    transfer.delivery_outcome = Status::AwaitingAction;
    products.push(transfer);
    let mut email = product(
        BUSINESS_EMAIL_ID,
        "Business Email",
        "Email",
        MAILBOX,
        vec![recurring(IntervalUnit::Year)],
    );
    email.limit = Some(1);
    products.push(email);
    let mut booster = product(
        SITE_BOOSTER_ID,
        "Site Booster",
        "Marketing",
        SITE_BOOSTER,
        vec![recurring(IntervalUnit::Month)],
    );
    booster.delivery_ms = 60_000;
    products.push(booster);
    let mut ads = product(
        AD_CREDITS_ID,
        "Ad Credits Voucher",
        "Marketing",
        AD_CREDITS,
        vec![one_time()],
    );
    ads.adjustable = false;
    ads.delivery_outcome = Status::Failed;
    ads.failure_code = FailureCode::ExternalFailure;
    products.push(ads);
    products
}

/// A state holding the default seed.
pub(crate) fn seeded_state() -> State {
    let mut state = State::default();
    let account = |id: &str, parent: Option<&str>, key: Option<&str>| Account {
        id: id.to_owned(),
        parent_account_id: parent.map(str::to_owned),
        api_key: key.map(str::to_owned),
    };
    state.upsert_account(account(RESELLER_ACCOUNT_ID, None, Some(RESELLER_API_KEY)));
    state.upsert_account(account(SUB_ACCOUNT_ID, Some(RESELLER_ACCOUNT_ID), None));
    state.upsert_account(account(
        OTHER_RESELLER_ACCOUNT_ID,
        None,
        Some(OTHER_RESELLER_API_KEY),
    ));
    for (site, owner) in [
        (RESELLER_SITE_ID, RESELLER_ACCOUNT_ID),
        (RESELLER_SECOND_SITE_ID, RESELLER_ACCOUNT_ID),
        (SUB_ACCOUNT_SITE_ID, SUB_ACCOUNT_ID),
        (SUB_ACCOUNT_SECOND_SITE_ID, SUB_ACCOUNT_ID),
        (OTHER_RESELLER_SITE_ID, OTHER_RESELLER_ACCOUNT_ID),
    ] {
        state.upsert_site(Site {
            id: site.to_owned(),
            account_id: owner.to_owned(),
        });
    }
    for product in catalog() {
        state.catalog.upsert(product);
    }
    state
}
