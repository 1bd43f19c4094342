//! Which account owns the packages a client has seen listed for another
//! account, for one hint. A query answers with the whole reseller tree's
//! packages, whichever account the client names, but every other call
//! answers `PACKAGE_NOT_FOUND` / `PRODUCT_INSTANCE_NOT_FOUND` for a
//! package of another account, even the client's own sub-account's. When
//! a query listed that package under another `accountId`, the error says
//! to use `withAccount` with it.
//!
//! Bounded and cheap: only query answers are read (one pass over their
//! canonical text, looking at each `{`), only packages of another account
//! are kept, with their instances, and at most [`SEEN_CAPACITY`] IDs (when
//! full, the older half goes). Each client has its own memory (a
//! `withAccount` client starts empty), shared by its calls and pagers. Kept
//! as plain bytes: the `.wasm` has no room for a map.

use std::cell::Cell;
use std::fmt;
use std::rc::Rc;

/// How many IDs (packages and their instances together) are remembered:
/// 72 KiB at most, allocated only once a query lists another account's
/// package.
pub(crate) const SEEN_CAPACITY: usize = 1024;

/// One entry: an ID's 36 characters, then its package's account's.
const ENTRY: usize = 72;

/// Entries one after the other, in two generations of at most half the
/// capacity each: when the newer is full it becomes the older, and the
/// older is dropped (no entry is moved, and nothing can go out of bounds).
type Generations = (Vec<u8>, Vec<u8>);

/// The memory of one client: its account, and what its queries listed of
/// other accounts'. A `Cell`, taken and put back, so no borrow can fail.
#[derive(Clone)]
pub(crate) struct SeenAccounts(Rc<(String, Cell<Generations>)>);

impl fmt::Debug for SeenAccounts {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("SeenAccounts")
    }
}

/// How a package, its account and an instance start in canonical text.
const PACKAGE: &[u8] = b"{\"id\":\"";
const ACCOUNT: &[u8] = b",\"accountId\":\"";
const INSTANCE: &[u8] = b"{\"instanceId\":\"";

/// The 36 characters that start `text` and end a JSON string there (every
/// GUID; the decoder has checked that package and account IDs are GUIDs).
fn id_at(text: &[u8]) -> Option<&[u8]> {
    (text.get(36) == Some(&b'"'))
        .then(|| text.get(..36))
        .flatten()
}

impl SeenAccounts {
    /// An empty memory for a client of account `own`.
    pub(crate) fn new(own: &str) -> SeenAccounts {
        SeenAccounts(Rc::new((own.to_owned(), Cell::default())))
    }

    /// Reads the canonical text of a query answer (the model's field
    /// order: each package opens with `{"id":…,"accountId":…`, each
    /// instance with `{"instanceId":…`; a string's `"` is escaped, so these
    /// open real objects only) and keeps the packages of an account other
    /// than the client's, with their instances.
    // Not inlined: the call machine's answer handling exists in several copies.
    #[inline(never)]
    pub(crate) fn record(&self, answer: &str) {
        let (own, memory) = &*self.0;
        let text = answer.as_bytes();
        let (mut older, mut newer) = memory.take();
        // The account of the package being read, when it is not `own`.
        let mut other: Option<&[u8]> = None;
        for (at, &byte) in text.iter().enumerate() {
            if byte != b'{' {
                continue;
            }
            let object = text.get(at..).unwrap_or_default();
            let id = if object.starts_with(PACKAGE) {
                let account = object.get(PACKAGE.len() + 37..).unwrap_or_default();
                other = account
                    .starts_with(ACCOUNT)
                    .then(|| account.get(ACCOUNT.len()..).and_then(id_at))
                    .flatten()
                    .filter(|account| *account != own.as_bytes());
                object.get(PACKAGE.len()..).and_then(id_at)
            } else if object.starts_with(INSTANCE) {
                object.get(INSTANCE.len()..).and_then(id_at)
            } else {
                continue;
            };
            if let (Some(id), Some(account)) = (id, other) {
                if newer.len() >= SEEN_CAPACITY / 2 * ENTRY {
                    older = std::mem::take(&mut newer);
                }
                newer.extend_from_slice(id);
                newer.extend_from_slice(account);
            }
        }
        memory.set((older, newer));
    }

    /// The sentence to add to an error `code` of a call to `url`, when a segment of the URL is a package or instance ID
    /// a query listed under another account.
    #[cold]
    #[inline(never)]
    pub(crate) fn hint(&self, code: &str, url: &str) -> Option<String> {
        let what = match code {
            "PACKAGE_NOT_FOUND" => "Package ",
            "PRODUCT_INSTANCE_NOT_FOUND" => "Product instance ",
            _ => return None,
        };
        let (own, memory) = &*self.0;
        let (older, newer) = memory.take();
        let found = owner(&newer, url, own).or_else(|| owner(&older, url, own));
        // Pushed, not `format!`: smaller in the `.wasm`, for a rare sentence.
        let hint = found.map(|(id, account)| {
            let mut hint = String::with_capacity(200);
            hint.push_str(what);
            hint.push_str(id);
            hint.push_str(" is account ");
            hint.push_str(account);
            hint.push_str("'s, an earlier query listed it: use withAccount('");
            hint.push_str(account);
            hint.push_str("').");
            hint
        });
        memory.set((older, newer));
        hint
    }
}

/// The first entry of `entries` whose ID is a segment of `url` and whose
/// account is not `own`: that ID and account.
fn owner<'a>(entries: &'a [u8], url: &'a str, own: &str) -> Option<(&'a str, &'a str)> {
    let mut at = 0;
    while let Some(entry) = entries.get(at..at + ENTRY) {
        at += ENTRY;
        let (id, account) = entry.split_at_checked(36)?;
        // Bytes, not `str::split`: the char searcher behind it is in the
        // `.wasm` for nothing else.
        if account != own.as_bytes()
            && url
                .as_bytes()
                .split(|&b| b == b'/')
                .any(|segment| segment == id)
        {
            return Some((
                std::str::from_utf8(id).ok()?,
                std::str::from_utf8(account).ok()?,
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::decode::{decode_text, Answer};
    use crate::model::QueryPackagesResponse;
    use serde_json::json;

    const OWN: &str = "5e11e500-0000-4000-8000-000000000001";
    const SUB: &str = "5e11e500-0000-4000-8000-000000000002";
    const URL: &str = "https://www.wixapis.com/resellers/v1/packages";

    fn guid(n: usize) -> String {
        format!("00000000-0000-4000-8000-{n:012}")
    }

    /// A query answer's canonical text: packages `(id, account, instances)`.
    fn answer(packages: &[(String, &str, Vec<String>)]) -> String {
        let packages: Vec<_> = packages
            .iter()
            .map(|(id, account, instances)| {
                let instances: Vec<_> = instances
                    .iter()
                    .map(|id| json!({ "instanceId": id, "catalogProductId": "c", "status": "PENDING",
                        "billingInfo": { "type": "ONE_TIME" }, "createdDate": "d", "updatedDate": "d" }))
                    .collect();
                json!({ "id": id, "accountId": account, "externalId": "{\"id\":\"x",
                    "productInstances": instances, "createdDate": "d", "updatedDate": "d" })
            })
            .collect();
        // serde_json writes the keys sorted; the decoder gives the model's order.
        let text = json!({ "packages": packages, "metadata": {} }).to_string();
        decode_text(text.as_bytes(), <QueryPackagesResponse as Answer>::SHAPE).unwrap_or_default()
    }

    #[test]
    fn a_package_listed_under_another_account_gets_the_hint_for_it_and_its_instances() {
        let seen = SeenAccounts::new(OWN);
        let text = answer(&[
            (guid(1), OWN, vec![guid(11)]),
            (guid(2), SUB, vec![guid(21), guid(22)]),
        ]);
        assert!(text.starts_with("{\"packages\":[{\"id\":"), "{text}");
        seen.record(&text);
        let package = seen.hint("PACKAGE_NOT_FOUND", &format!("{URL}/{}", guid(2)));
        assert_eq!(
            package.as_deref(),
            Some(
                "Package 00000000-0000-4000-8000-000000000002 is account \
                 5e11e500-0000-4000-8000-000000000002's, an earlier query listed it: use \
                 withAccount('5e11e500-0000-4000-8000-000000000002')."
            )
        );
        let instance = seen.hint(
            "PRODUCT_INSTANCE_NOT_FOUND",
            &format!("{URL}/product-instances/{}/unassign", guid(22)),
        );
        assert!(instance.is_some_and(|hint| hint.starts_with("Product instance ")));
    }

    #[test]
    fn the_own_account_s_packages_other_codes_and_unseen_ids_get_no_hint() {
        let seen = SeenAccounts::new(OWN);
        seen.record(&answer(&[
            (guid(1), OWN, vec![guid(11)]),
            (guid(2), SUB, vec![]),
        ]));
        for (code, id) in [
            ("PACKAGE_NOT_FOUND", guid(1)),
            ("PRODUCT_INSTANCE_NOT_FOUND", guid(11)),
            ("PACKAGE_NOT_FOUND", guid(3)),
            ("PRODUCT_NOT_FOUND", guid(2)),
        ] {
            assert_eq!(seen.hint(code, &format!("{URL}/{id}")), None, "{code} {id}");
        }
        // A sub-account's client whose query lists its own package keeps nothing.
        let sub = SeenAccounts::new(SUB);
        sub.record(&answer(&[(guid(2), SUB, vec![guid(21)])]));
        assert_eq!(sub.0 .1.take(), (Vec::new(), Vec::new()));
    }

    #[test]
    fn a_client_and_its_calls_share_one_memory() {
        let seen = SeenAccounts::new(OWN);
        let call = seen.clone();
        call.record(&answer(&[(guid(2), SUB, vec![])]));
        assert!(seen
            .hint("PACKAGE_NOT_FOUND", &format!("{URL}/{}", guid(2)))
            .is_some());
    }

    #[test]
    fn the_memory_keeps_the_newest_ids_up_to_its_capacity() {
        let seen = SeenAccounts::new(OWN);
        let packages: Vec<_> = (0..SEEN_CAPACITY + 10)
            .map(|n| (guid(n + 100), SUB, vec![]))
            .collect();
        for page in packages.chunks(100) {
            seen.record(&answer(page));
        }
        let (older, newer) = seen.0 .1.take();
        assert_eq!(
            (older.len(), newer.len()),
            (SEEN_CAPACITY / 2 * ENTRY, 10 * ENTRY)
        );
        seen.0 .1.set((older, newer));
        let known = |n: usize| {
            seen.hint("PACKAGE_NOT_FOUND", &format!("{URL}/{}", guid(n)))
                .is_some()
        };
        let oldest_kept = 100 + SEEN_CAPACITY / 2;
        assert!(
            !known(100) && !known(oldest_kept - 1),
            "the older half went"
        );
        assert!(known(oldest_kept) && known(100 + SEEN_CAPACITY + 9));
    }

    #[test]
    fn odd_text_records_nothing_and_never_panics() {
        let seen = SeenAccounts::new(OWN);
        for text in [
            "",
            "{",
            "{\"id\":\"",
            "{\"id\":\"00000000-0000-4000-8000-000000000002\",\"accountId\":\"5e11",
            "{\"instanceId\":\"00000000-0000-4000-8000-000000000002\"}",
            "{\"id\":\"not-a-guid\",\"accountId\":\"5e11e500-0000-4000-8000-000000000002\"}",
        ] {
            seen.record(text);
        }
        assert_eq!(seen.0 .1.take(), (Vec::new(), Vec::new()));
        assert_eq!(seen.hint("PACKAGE_NOT_FOUND", ""), None);
    }
}
