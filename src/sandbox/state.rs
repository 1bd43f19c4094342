//! The sandbox's world: accounts, sites, the catalog, packages, and the
//! indexes that keep every request cheap (package by ID, instance by ID,
//! packages by root account in creation order, instances by site).

use super::catalog::{Catalog, Product};
use crate::model::{Package, ProductInstance, Status};
use crate::time::{format_iso, UnixMillis};
use serde::Serialize;
use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet};
use tsify::Tsify;

/// An account of the sandbox; one with an `apiKey` is a reseller.
// Serialised as it is by the control API: the source of the TypeScript
// `SandboxAccount`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(rename = "SandboxAccount")]
pub(crate) struct Account {
    /// The account GUID (`wix-account-id`).
    pub id: String,
    /// The parent of a sub-account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_account_id: Option<String>,
    /// The API key of a reseller.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub api_key: Option<String>,
}

/// A Wix site and the account that owns it.
// Serialised as it is by the control API: the source of the TypeScript
// `SandboxSite`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Tsify)]
#[serde(rename_all = "camelCase")]
#[tsify(rename = "SandboxSite")]
pub(crate) struct Site {
    /// The site GUID.
    pub id: String,
    /// The owning account's GUID.
    pub account_id: String,
}

/// A stored package with the values the query engine needs without parsing.
#[derive(Clone, Debug)]
pub(crate) struct StoredPackage {
    pub package: Package,
    /// Lowercase owning account.
    pub account_key: String,
    /// Lowercase root (reseller) account, fixed at creation.
    pub root_key: String,
    pub created_ms: UnixMillis,
    pub updated_ms: UnixMillis,
}

/// Where an instance lives: package index, instance index.
pub(crate) type InstanceRef = (usize, usize);

/// True for an instance that still counts (not `CANCELED` or `FAILED`).
pub(crate) fn is_live(status: &Status) -> bool {
    !matches!(status, Status::Canceled | Status::Failed)
}

/// The lowercase form IDs are indexed by.
pub(crate) fn key(id: &str) -> String {
    id.to_ascii_lowercase()
}

/// All mutable state of one sandbox.
#[derive(Clone, Debug, Default)]
pub(crate) struct State {
    accounts: Vec<Account>,
    account_index: HashMap<String, usize>,
    api_keys: HashMap<String, String>,
    sites: Vec<Site>,
    site_index: HashMap<String, usize>,
    /// The products on sale.
    pub catalog: Catalog,
    /// Every package ever created; the index is its creation sequence.
    pub packages: Vec<StoredPackage>,
    package_index: HashMap<String, usize>,
    instance_index: HashMap<String, InstanceRef>,
    by_root: HashMap<String, Vec<usize>>,
    on_site: HashMap<String, Vec<InstanceRef>>,
    /// Instances already used as a reference (single use).
    pub used_references: HashSet<String>,
    /// Pending deliveries: due time, package, instance.
    pub deliveries: BinaryHeap<Reverse<(UnixMillis, usize, usize)>>,
}

impl State {
    /// Adds or replaces an account (its API key follows it).
    pub(crate) fn upsert_account(&mut self, account: Account) {
        let id_key = key(&account.id);
        self.api_keys.retain(|_, owner| *owner != id_key);
        if let Some(api_key) = &account.api_key {
            self.api_keys.insert(api_key.clone(), id_key.clone());
        }
        match self.account_index.get(&id_key) {
            Some(&at) => {
                if let Some(slot) = self.accounts.get_mut(at) {
                    *slot = account;
                }
            }
            None => {
                self.account_index.insert(id_key, self.accounts.len());
                self.accounts.push(account);
            }
        }
    }

    /// Adds or replaces a site.
    pub(crate) fn upsert_site(&mut self, site: Site) {
        let id_key = key(&site.id);
        match self.site_index.get(&id_key) {
            Some(&at) => {
                if let Some(slot) = self.sites.get_mut(at) {
                    *slot = site;
                }
            }
            None => {
                self.site_index.insert(id_key, self.sites.len());
                self.sites.push(site);
            }
        }
    }

    /// The account with this ID.
    pub(crate) fn account(&self, id: &str) -> Option<&Account> {
        self.account_index
            .get(&key(id))
            .and_then(|&at| self.accounts.get(at))
    }

    /// Every account, in creation order.
    pub(crate) fn accounts(&self) -> &[Account] {
        &self.accounts
    }

    /// Every site, in creation order.
    pub(crate) fn sites(&self) -> &[Site] {
        &self.sites
    }

    /// The reseller account an API key belongs to.
    pub(crate) fn reseller_for_key(&self, api_key: &str) -> Option<&Account> {
        self.api_keys.get(api_key).and_then(|id| self.account(id))
    }

    /// The site with this ID.
    pub(crate) fn site(&self, id: &str) -> Option<&Site> {
        self.site_index
            .get(&key(id))
            .and_then(|&at| self.sites.get(at))
    }

    /// The account and its ancestors, nearest first (a cycle or a missing
    /// parent ends the chain; depth is capped).
    pub(crate) fn lineage(&self, id: &str) -> Vec<&Account> {
        let mut chain: Vec<&Account> = Vec::new();
        let mut next = self.account(id);
        while let Some(account) = next {
            if chain.len() >= 32 || chain.iter().any(|seen| key(&seen.id) == key(&account.id)) {
                break;
            }
            chain.push(account);
            next = account
                .parent_account_id
                .as_deref()
                .and_then(|parent| self.account(parent));
        }
        chain
    }

    /// The root (top reseller) account of `id`, or `id` itself if unknown.
    pub(crate) fn root_of(&self, id: &str) -> String {
        self.lineage(id)
            .last()
            .map(|account| account.id.clone())
            .unwrap_or_else(|| id.to_owned())
    }

    /// True when `reseller` is `account` or one of its ancestors.
    pub(crate) fn owns(&self, reseller: &str, account: &str) -> bool {
        let reseller = key(reseller);
        self.lineage(account).iter().any(|a| key(&a.id) == reseller)
    }

    /// Stores a new package and indexes it; returns its sequence number.
    pub(crate) fn insert_package(&mut self, stored: StoredPackage) -> usize {
        let at = self.packages.len();
        self.package_index
            .insert(key(stored.package.id.as_str()), at);
        for (index, instance) in stored.package.product_instances.iter().enumerate() {
            self.instance_index
                .insert(key(&instance.instance_id), (at, index));
            if let Some(site) = &instance.site_id {
                self.on_site.entry(key(site)).or_default().push((at, index));
            }
        }
        self.by_root
            .entry(stored.root_key.clone())
            .or_default()
            .push(at);
        self.packages.push(stored);
        at
    }

    /// The sequence number of the package with this ID.
    pub(crate) fn package_seq(&self, id: &str) -> Option<usize> {
        self.package_index.get(&key(id)).copied()
    }

    /// Where the instance with this ID lives.
    pub(crate) fn instance_ref(&self, id: &str) -> Option<InstanceRef> {
        self.instance_index.get(&key(id)).copied()
    }

    /// The instance at `at`.
    pub(crate) fn instance(&self, at: InstanceRef) -> Option<&ProductInstance> {
        self.packages.get(at.0)?.package.product_instances.get(at.1)
    }

    /// The instance at `at`, mutably.
    pub(crate) fn instance_mut(&mut self, at: InstanceRef) -> Option<&mut ProductInstance> {
        self.packages
            .get_mut(at.0)?
            .package
            .product_instances
            .get_mut(at.1)
    }

    /// Package sequence numbers of one root account, in creation order.
    pub(crate) fn root_packages(&self, root: &str) -> &[usize] {
        self.by_root
            .get(&key(root))
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    /// The catalog product of the instance at `at`.
    pub(crate) fn product_of(&self, at: InstanceRef) -> Option<&Product> {
        self.instance(at)
            .and_then(|i| self.catalog.get(&i.catalog_product_id))
    }

    /// A live instance of `product_type` on `site`, other than `except`.
    pub(crate) fn live_of_type_on_site(
        &self,
        site: &str,
        product_type: &str,
        except: Option<InstanceRef>,
    ) -> Option<InstanceRef> {
        self.on_site.get(&key(site))?.iter().copied().find(|&at| {
            Some(at) != except
                && self.instance(at).is_some_and(|i| {
                    is_live(&i.status)
                        && i.site_id
                            .as_deref()
                            .is_some_and(|s| s.eq_ignore_ascii_case(site))
                })
                && self
                    .product_of(at)
                    .is_some_and(|p| p.product_type == product_type)
        })
    }

    /// Live instances of `product_id` held by `account`, other than `except`.
    pub(crate) fn live_count(
        &self,
        account: &str,
        product_id: &str,
        except: Option<InstanceRef>,
    ) -> usize {
        let account_key = key(account);
        let root = self.root_of(account);
        self.root_packages(&root)
            .iter()
            .filter_map(|&seq| self.packages.get(seq).map(|p| (seq, p)))
            .filter(|(_, p)| p.account_key == account_key)
            .map(|(seq, p)| {
                p.package
                    .product_instances
                    .iter()
                    .enumerate()
                    .filter(|(index, i)| {
                        Some((seq, *index)) != except
                            && is_live(&i.status)
                            && i.catalog_product_id.eq_ignore_ascii_case(product_id)
                    })
                    .count()
            })
            .sum()
    }

    /// Moves the instance at `at` to `site` (or makes it floating), keeping
    /// the site index right.
    pub(crate) fn set_site(&mut self, at: InstanceRef, site: Option<String>) {
        let old = self.instance(at).and_then(|i| i.site_id.clone());
        if let Some(old) = old {
            if let Some(list) = self.on_site.get_mut(&key(&old)) {
                list.retain(|&entry| entry != at);
            }
        }
        if let Some(new) = &site {
            self.on_site.entry(key(new)).or_default().push(at);
        }
        if let Some(instance) = self.instance_mut(at) {
            instance.site_id = site;
        }
    }

    /// Records a change to the instance at `at` at `now`.
    pub(crate) fn touch(&mut self, at: InstanceRef, now: UnixMillis) {
        if let Some(stored) = self.packages.get_mut(at.0) {
            let now = now.max(stored.updated_ms);
            let stamp = format_iso(now);
            stored.updated_ms = now;
            stored.package.updated_date = stamp.clone();
            if let Some(instance) = stored.package.product_instances.get_mut(at.1) {
                instance.updated_date = stamp;
            }
        }
    }
}

impl State {
    /// Cancels the instance at `at` at `now`, a `FAILED` one too (its
    /// `failure` goes: it is only shown with `FAILED`); false, and nothing
    /// changes, when it is already `CANCELED`.
    pub(crate) fn cancel(&mut self, at: InstanceRef, now: UnixMillis) -> bool {
        let Some(instance) = self.instance_mut(at) else {
            return false;
        };
        if instance.status == Status::Canceled {
            return false;
        }
        instance.status = Status::Canceled;
        instance.failure = None;
        self.touch(at, now);
        true
    }

    /// Disconnects the dependent services of `site`: every live instance on
    /// it whose product needs a product type (`requiresProductType`) the
    /// site no longer holds live becomes floating. It keeps its status; it
    /// and its package are stamped `now`. Repeated, because a disconnected
    /// instance may itself have been another's prerequisite. Run after
    /// every change that can take a live instance off a site.
    pub(crate) fn disconnect_dependents(&mut self, site: &str, now: UnixMillis) {
        loop {
            let stranded: Vec<InstanceRef> = self
                .on_site
                .get(&key(site))
                .map(Vec::as_slice)
                .unwrap_or(&[])
                .iter()
                .copied()
                .filter(|&at| {
                    self.instance(at).is_some_and(|i| is_live(&i.status))
                        && self
                            .product_of(at)
                            .and_then(|p| p.requires_product_type.as_deref())
                            .is_some_and(|needed| {
                                self.live_of_type_on_site(site, needed, None).is_none()
                            })
                })
                .collect();
            if stranded.is_empty() {
                return;
            }
            for at in stranded {
                self.set_site(at, None);
                self.touch(at, now);
            }
        }
    }

    /// Records a change to the package itself (not its instances) at `now`.
    pub(crate) fn touch_package(&mut self, seq: usize, now: UnixMillis) {
        if let Some(stored) = self.packages.get_mut(seq) {
            let now = now.max(stored.updated_ms);
            stored.updated_ms = now;
            stored.package.updated_date = format_iso(now);
        }
    }

    /// The sequence of the caller's package with this ID; another account's
    /// package is as missing as an unknown one.
    pub(crate) fn owned_package(&self, id: &str, account_key: &str) -> Option<usize> {
        self.package_seq(id).filter(|&seq| {
            self.packages
                .get(seq)
                .is_some_and(|p| p.account_key == account_key)
        })
    }

    /// Where the caller's instance with this ID lives (same rule).
    pub(crate) fn owned_instance(&self, id: &str, account_key: &str) -> Option<InstanceRef> {
        self.instance_ref(id).filter(|at| {
            self.packages
                .get(at.0)
                .is_some_and(|p| p.account_key == account_key)
        })
    }
}
