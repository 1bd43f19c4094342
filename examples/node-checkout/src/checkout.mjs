// The provisioning half of a reseller's checkout, for both business models:
//
// - DIY: the customer builds their own site in their own Wix (sub-)account,
//   so every call acts for that account (`client.withAccount(id)`).
// - DIFM: the reseller's staff build the site in the reseller's account; the
//   paid service is bought first (floating) and assigned when the site is ready.
//
// Every package carries the shop's order reference as `externalId`, so a
// checkout that runs twice (a retried job, a double click) finds what the
// first run made instead of buying it again.
export const YEARLY = { type: 'RECURRING', cycleDuration: { unit: 'YEAR', count: 1 } };
export const MONTHLY = { type: 'RECURRING', cycleDuration: { unit: 'MONTH', count: 1 } };

/** The package whose `externalId` is this order reference, or null. */
export async function findPackage(client, externalId) {
  const { packages = [] } = await client.queryPackages({ filter: { externalId: { $eq: externalId } } });
  return packages[0] ?? null;
}

/**
 * Creates the package for `externalId` unless it exists. The idempotency key
 * is the order reference too, so two runs racing past the lookup still make
 * one package (the API replays the first answer for 24 hours); after that the
 * lookup is what protects the order.
 */
export async function provisionOnce(client, externalId, products) {
  const existing = await findPackage(client, externalId);
  if (existing) return { package: existing, created: false };
  const { package: created } = await client.createPackageV2({ externalId, idempotencyKey: externalId, products });
  return { package: created, created: true };
}

/**
 * DIY: a Premium plan on the customer's site, then the domain the plan
 * entitles them to. The domain references the plan's instance, so Wix does
 * not charge the reseller for it; it must be a second package, created after
 * the plan exists (the plan is also the domain's prerequisite on the site).
 */
export async function sellPlanWithDomain(reseller, { orderId, customerAccountId, siteId, countryCode }, catalog) {
  const customer = reseller.withAccount(customerAccountId);
  const plan = await provisionOnce(customer, `${orderId}:plan`, [
    { catalogProductId: catalog.planProductId, siteId, countryCode, billingInfo: YEARLY },
  ]);
  const planInstance = plan.package.productInstances[0];
  const domain = await provisionOnce(customer, `${orderId}:domain`, [
    { catalogProductId: catalog.domainProductId, siteId, countryCode, referenceProductInstanceId: planInstance.instanceId },
  ]);
  return { customer, plan: plan.package, planInstance, domain: domain.package, created: plan.created || domain.created };
}

/** DIY upgrade: same instance, bigger plan (adjusting works only within one service type). */
export async function upgradePlan(customer, instanceId, catalogProductId) {
  const { package: updated } = await customer.adjustProductInstanceSpecifications(instanceId, { catalogProductId });
  return updated.productInstances.find((instance) => instance.instanceId === instanceId);
}

/**
 * Moves a plan to another of the customer's sites. Assign alone reassigns an
 * assigned instance. If it fails, the instance may be on either site or
 * floating: read the package back (getPackage) rather than guess.
 */
export async function movePlan(customer, instanceId, toSiteId) {
  const { package: moved } = await customer.assignProductInstanceToSite({ instanceId, siteId: toSiteId });
  return moved.productInstances.find((instance) => instance.instanceId === instanceId);
}

/** DIFM: buy the plan now, floating (no site yet): the agency is still building it. */
export async function sellDifm(reseller, { orderId, countryCode }, catalog) {
  const result = await provisionOnce(reseller, orderId, [
    { catalogProductId: catalog.planProductId, countryCode, billingInfo: MONTHLY },
  ]);
  return { package: result.package, instance: result.package.productInstances[0], created: result.created };
}

/** DIFM: the site is done; attach the floating instance to it. */
export async function attachToSite(reseller, instanceId, siteId) {
  const { package: updated } = await reseller.assignProductInstanceToSite({ instanceId, siteId });
  return updated.productInstances.find((instance) => instance.instanceId === instanceId);
}

/**
 * The customer cancelled the order: cancel everything in its package. An
 * unknown order is not an error (nothing was provisioned); cancelling twice
 * changes nothing.
 */
export async function cancelOrder(reseller, orderId) {
  const found = await findPackage(reseller, orderId);
  if (!found) return null;
  const { package: canceled } = await reseller.cancelPackage(found.id);
  return canceled;
}
