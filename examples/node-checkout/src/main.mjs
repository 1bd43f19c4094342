#!/usr/bin/env node
// `npm start`: one DIY order and one DIFM order, end to end. Against the
// sandbox unless WIX_API_KEY and WIX_ACCOUNT_ID are set (see README.md); in
// that case everything it buys is cancelled again at the end.
import { ResellersError } from 'wix-resellers';
import { connect } from './config.mjs';
import { attachToSite, cancelOrder, movePlan, sellDifm, sellPlanWithDomain, upgradePlan } from './checkout.mjs';

const short = (id) => (id ? `${id.slice(0, 4)}…${id.slice(-4)}` : '-');
const describe = (instance) => `${short(instance.instanceId)} ${instance.status} on ${instance.siteId ? `site ${short(instance.siteId)}` : 'no site (floating)'}`;

const { mode, client, ids, countryCode, baseUrl, close } = await connect();
console.log(`talking to ${mode === 'wix' ? 'the real Wix API' : 'the sandbox'} at ${baseUrl}`);
const orderSuffix = Date.now().toString(36); // the real API keeps external IDs forever
try {
  // DIY: the customer's own sub-account and site.
  const diy = await sellPlanWithDomain(client, {
    orderId: `shop-order-${orderSuffix}-1`,
    customerAccountId: ids.customerAccountId,
    siteId: ids.customerSiteId,
    countryCode,
  }, ids);
  console.log(`DIY   plan    package ${short(diy.plan.id)}: ${describe(diy.planInstance)}`);
  console.log(`DIY   domain  package ${short(diy.domain.id)}: ${describe(diy.domain.productInstances[0])}, free via plan ${short(diy.planInstance.instanceId)}`);
  const upgraded = await upgradePlan(diy.customer, diy.planInstance.instanceId, ids.upgradeProductId);
  console.log(`DIY   upgrade ${short(upgraded.instanceId)} now product ${short(upgraded.catalogProductId)} (${upgraded.status})`);
  const moved = await movePlan(diy.customer, diy.planInstance.instanceId, ids.customerSecondSiteId);
  console.log(`DIY   move    ${describe(moved)}`);

  // DIFM: the reseller's own account; the site comes later.
  const difmOrder = `shop-order-${orderSuffix}-2`;
  const difm = await sellDifm(client, { orderId: difmOrder, countryCode }, ids);
  console.log(`DIFM  bought  package ${short(difm.package.id)} (externalId ${difmOrder}): ${describe(difm.instance)}`);
  const attached = await attachToSite(client, difm.instance.instanceId, ids.resellerSiteId);
  console.log(`DIFM  attach  ${describe(attached)}`);
  const again = await sellDifm(client, { orderId: difmOrder, countryCode }, ids);
  console.log(`DIFM  replay  the same order again -> package ${short(again.package.id)}, created: ${again.created}`);
  const canceled = await cancelOrder(client, difmOrder);
  console.log(`DIFM  cancel  ${canceled.productInstances.map(describe).join(', ')}`);

  if (mode === 'wix') {
    // Leave nothing billable behind on a real account.
    await diy.customer.cancelPackage(diy.domain.id);
    await diy.customer.cancelPackage(diy.plan.id);
    console.log('DIY   cleanup both DIY packages cancelled');
  }
} catch (error) {
  if (!(error instanceof ResellersError)) throw error;
  // Everything a person needs to act, and nothing secret (the key never appears).
  console.error(`failed: ${error.kind} ${error.code} (HTTP ${error.status ?? '-'}, request ${error.requestId ?? '-'}): ${error.message}`);
  for (const violation of error.fieldViolations) console.error(`  ${violation.field}: ${violation.description}`);
  process.exitCode = 1;
} finally {
  await close();
}
