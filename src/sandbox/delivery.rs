//! Asynchronous delivery: a new instance is `PENDING` until sandbox-now
//! reaches its creation time plus the product's `deliveryMs`; then it becomes
//! the product's `deliveryOutcome`. Due deliveries sit in a min-heap and are
//! applied at the start of every request, which costs nothing when none is due.

use super::state::State;
use crate::model::{FailureCode, FailureReason, Status};
use crate::time::UnixMillis;
use std::cmp::Reverse;

/// Queues the delivery of instance `instance` of package `package`.
pub(crate) fn schedule(state: &mut State, due: UnixMillis, package: usize, instance: usize) {
    state.deliveries.push(Reverse((due, package, instance)));
}

/// Applies every delivery due at `now`. An instance that is no longer
/// `PENDING` (canceled, or set by the control API) is left alone. The
/// change is stamped with the time the sandbox observes it (`now`), so
/// `updatedDate` visibly moves even for instant delivery. Answers whether
/// any delivery came due (the world changed: a front that persists it must
/// write it out).
pub(crate) fn apply_due(state: &mut State, now: UnixMillis) -> bool {
    let mut applied = false;
    while let Some(Reverse((due, package, instance))) = state.deliveries.peek().copied() {
        if due > now {
            break;
        }
        state.deliveries.pop();
        applied = true;
        let at = (package, instance);
        if !matches!(state.instance(at).map(|i| &i.status), Some(Status::Pending)) {
            continue;
        }
        let (outcome, code) = match state.product_of(at) {
            Some(product) => (
                product.delivery_outcome.clone(),
                product.failure_code.clone(),
            ),
            None => (Status::Enabled, FailureCode::Unknown),
        };
        let failed = outcome == Status::Failed;
        if let Some(target) = state.instance_mut(at) {
            target.failure = failed.then(|| failure_for(code));
            target.status = outcome;
        }
        state.touch(at, now);
        // A failed prerequisite leaves what was assigned on top of it without it.
        let site = failed
            .then(|| state.instance(at).and_then(|i| i.site_id.clone()))
            .flatten();
        if let Some(site) = site {
            state.disconnect_dependents(&site, now);
        }
    }
    applied
}

/// The `failure` object a failed delivery carries.
pub(crate) fn failure_for(code: FailureCode) -> FailureReason {
    let message = match code {
        FailureCode::DeliveryTimeout => "delivery of product has reached it's deadline",
        FailureCode::ExternalFailure => "an external process failed to deliver the product",
        _ => "delivery of product failed",
    };
    FailureReason {
        code,
        message: Some(message.to_owned()),
    }
}
