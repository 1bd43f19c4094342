// Every client method against the sandbox, over real fetch to
// startSandboxServer() and in-process through sandbox.fetch: the REST-shaped
// results a user relies on (ids, ISO dates, statuses, echoed keys).
import assert from 'node:assert/strict';
import {
  GUID,
  ISO_DATE,
  MONTHLY,
  YEARLY,
  forEachFront,
  only,
  plan,
  seed,
} from './helpers/api-fronts.mjs';

function assertPackageShape(pkg, accountId = seed.resellerAccountId) {
  assert.match(pkg.id, GUID);
  assert.equal(pkg.accountId, accountId);
  assert.match(pkg.createdDate, ISO_DATE);
  assert.match(pkg.updatedDate, ISO_DATE);
  assert.ok(Array.isArray(pkg.productInstances));
  for (const instance of pkg.productInstances) {
    assert.match(instance.instanceId, GUID);
    assert.match(instance.createdDate, ISO_DATE);
    assert.match(instance.updatedDate, ISO_DATE);
    assert.ok(['PENDING', 'ENABLED', 'CANCELED', 'FAILED', 'AWAITING_ACTION'].includes(instance.status));
  }
}

forEachFront('client methods', {
  async 'createPackageV2 echoes idempotencyKey, answers PENDING, and the next read is ENABLED'({ client }) {
    const created = await client.createPackageV2({
      products: [plan({ siteId: seed.site, billingInfo: YEARLY, countryCode: 'BR' })],
      externalId: 'order-1',
      idempotencyKey: 'create-order-1',
    });
    assert.deepEqual(Object.keys(created).sort(), ['idempotencyKey', 'package']);
    assert.equal(created.idempotencyKey, 'create-order-1');
    const pkg = created.package;
    assertPackageShape(pkg);
    assert.equal(pkg.externalId, 'order-1');
    const instance = only(pkg);
    assert.equal(instance.status, 'PENDING');
    assert.equal(instance.siteId, seed.site);
    assert.equal(instance.catalogProductId, seed.light);
    assert.equal(instance.countryCode, 'BR');
    assert.deepEqual(instance.billingInfo, YEARLY);
    assert.ok(!('failure' in instance));

    const read = await client.getPackage(pkg.id);
    assert.equal(read.id, pkg.id);
    assert.equal(only(read).status, 'ENABLED');
    assert.equal(only(read).instanceId, instance.instanceId);
  },

  async 'non-ASCII text (accents, CJK, emoji, escapes) goes out and comes back unchanged'({ client }) {
    const externalId = 'pedido-ção-注文-🎉-"quoted"\\back\u2028';
    const created = await client.createPackageV2({ products: [plan()], externalId, idempotencyKey: 'chave-ção-🎉' });
    assert.equal(created.package.externalId, externalId);
    assert.equal(created.idempotencyKey, 'chave-ção-🎉');
    const read = await client.getPackage(created.package.id);
    assert.equal(read.externalId, externalId);
    const { packages } = await client.queryPackages({ filter: { externalId: { $eq: externalId } } });
    assert.deepEqual(packages.map((p) => p.id), [created.package.id]);
  },

  async 'createPackageV2 with the same idempotencyKey replays the first package instead of creating a second'({ client }) {
    const body = { products: [plan()], idempotencyKey: 'same-key' };
    const first = await client.createPackageV2(body);
    const second = await client.createPackageV2(body);
    assert.equal(second.package.id, first.package.id);
    const { packages } = await client.queryPackages({});
    assert.equal(packages.length, 1);
  },

  async 'createPackageV2 without an idempotencyKey still creates one package per call'({ client }) {
    const a = await client.createPackageV2({ products: [plan()] });
    const b = await client.createPackageV2({ products: [plan()] });
    assert.notEqual(a.package.id, b.package.id);
  },

  async 'a floating instance has no siteId; a ONE_TIME domain transfer expires and is not auto-renewed'({ client }) {
    const { package: pkg } = await client.createPackageV2({
      products: [plan(), { catalogProductId: seed.domainTransfer, countryCode: 'DE' }],
    });
    const [floating, transfer] = pkg.productInstances;
    assert.ok(!('siteId' in floating));
    assert.equal(transfer.billingInfo.type, 'ONE_TIME');
    assert.match(transfer.expirationDate ?? '', ISO_DATE);
    const read = await client.getPackage(pkg.id);
    assert.equal(read.productInstances[1].status, 'AWAITING_ACTION');
  },

  async 'deprecated createPackage (v1) creates without countryCode'({ client }) {
    const created = await client.createPackage({ products: [{ catalogProductId: seed.light, billingInfo: MONTHLY }], externalId: 'v1' });
    assertPackageShape(created.package);
    assert.equal(created.package.externalId, 'v1');
    assert.ok(!('countryCode' in only(created.package)));
    assert.equal((await client.getPackage(created.package.id)).externalId, 'v1');
  },

  async 'getPackage returns the bare Package (no envelope)'({ client }) {
    const { package: pkg } = await client.createPackageV2({ products: [plan()] });
    const read = await client.getPackage(pkg.id);
    assert.ok(!('package' in read));
    assertPackageShape(read);
    assert.equal(read.parentAccountId, seed.resellerAccountId);
  },

  async 'queryPackages filters by externalId and instance status, sorts, and counts with offset paging'({ client }) {
    const ids = [];
    for (let i = 0; i < 5; i += 1) {
      const { package: pkg } = await client.createPackageV2({ products: [plan()], externalId: `q-${i}` });
      ids.push(pkg.id);
    }
    const { package: failed } = await client.createPackageV2({ products: [{ catalogProductId: seed.adCredits, countryCode: 'US' }] });
    await client.getPackage(failed.id); // delivery observed

    const byExternal = await client.queryPackages({ filter: { externalId: { $in: ['q-1', 'q-3'] } } });
    assert.deepEqual(byExternal.packages.map((p) => p.externalId).sort(), ['q-1', 'q-3']);

    const failedOnly = await client.queryPackages({ filter: { 'productInstances.status': { $hasSome: ['FAILED'] } } });
    assert.deepEqual(failedOnly.packages.map((p) => p.id), [failed.id]);

    const newestFirst = await client.queryPackages({});
    assert.deepEqual(newestFirst.packages.map((p) => p.id), [failed.id, ...[...ids].reverse()]);
    const oldestFirst = await client.queryPackages({ sort: [{ fieldName: 'createdDate', order: 'ASC' }] });
    assert.deepEqual(oldestFirst.packages.map((p) => p.id), [...ids, failed.id]);

    const page = await client.queryPackages({ paging: { limit: 2, offset: 1 }, sort: [{ fieldName: 'createdDate', order: 'ASC' }] });
    assert.deepEqual(page.packages.map((p) => p.id), ids.slice(1, 3));
    assert.equal(page.metadata.total, 6);
    assert.equal(page.metadata.count, 2);
    assert.equal(page.metadata.offset, 1);
  },

  async 'queryPackages pages by cursor: next and prev, no repeat, a different limit allowed'({ client }) {
    const ids = [];
    for (let i = 0; i < 7; i += 1) ids.push((await client.createPackageV2({ products: [plan()] })).package.id);
    const first = await client.queryPackages({ cursorPaging: { limit: 3 } });
    assert.equal(first.packages.length, 3);
    assert.equal(first.metadata.count, 3);
    assert.equal(first.metadata.hasNext, true);
    const next = first.metadata.cursors?.next;
    assert.equal(typeof next, 'string');
    const second = await client.queryPackages({ cursorPaging: { cursor: next, limit: 4 } });
    assert.equal(second.packages.length, 4);
    const seen = [...first.packages, ...second.packages].map((p) => p.id);
    assert.deepEqual(seen, [...ids].reverse());
    assert.equal(second.metadata.cursors?.next, undefined, 'the last page has no next cursor');
    assert.equal(typeof second.metadata.cursors?.prev, 'string');
    const back = await client.queryPackages({ cursorPaging: { cursor: second.metadata.cursors.prev, limit: 3 } });
    assert.deepEqual(back.packages.map((p) => p.id), first.packages.map((p) => p.id));
  },

  async 'cancelPackage cancels every instance at once; twice is a no-op'({ client }) {
    const { package: pkg } = await client.createPackageV2({ products: [plan({ siteId: seed.site }), plan({ catalogProductId: seed.siteBooster, billingInfo: MONTHLY })] });
    const canceled = await client.cancelPackage(pkg.id, { idempotencyKey: 'cancel-1' });
    assert.equal(canceled.idempotencyKey, 'cancel-1');
    assert.deepEqual(canceled.package.productInstances.map((i) => i.status), ['CANCELED', 'CANCELED']);
    const again = await client.cancelPackage(pkg.id);
    assert.deepEqual(again.package.productInstances.map((i) => i.status), ['CANCELED', 'CANCELED']);
    assert.equal(again.package.updatedDate, canceled.package.updatedDate, 'nothing changed the second time');
    assert.deepEqual((await client.getPackage(pkg.id)).productInstances.map((i) => i.status), ['CANCELED', 'CANCELED']);
  },

  async 'cancelProductInstance cancels only that instance'({ client }) {
    const { package: pkg } = await client.createPackageV2({ products: [plan({ siteId: seed.site }), plan({ catalogProductId: seed.core, siteId: seed.secondSite })] });
    const [first, second] = pkg.productInstances;
    const answer = await client.cancelProductInstance(first.instanceId);
    assert.equal(answer.package.id, pkg.id);
    const statuses = Object.fromEntries(answer.package.productInstances.map((i) => [i.instanceId, i.status]));
    assert.equal(statuses[first.instanceId], 'CANCELED');
    assert.notEqual(statuses[second.instanceId], 'CANCELED');
    const twice = await client.cancelProductInstance(first.instanceId, { idempotencyKey: 'again' });
    assert.equal(twice.idempotencyKey, 'again');
    assert.equal(twice.package.productInstances[0].status, 'CANCELED');
  },

  async 'adjustProductInstanceSpecifications upgrades within Premium Plans, keeping id, site and cycle'({ client }) {
    const { package: pkg } = await client.createPackageV2({ products: [plan({ siteId: seed.site, billingInfo: YEARLY })] });
    const before = only(pkg);
    const adjusted = await client.adjustProductInstanceSpecifications(before.instanceId, { catalogProductId: seed.business, discountCode: 'UPGRADE10' });
    const after = only(adjusted.package);
    assert.equal(after.instanceId, before.instanceId);
    assert.equal(after.siteId, seed.site);
    assert.equal(after.catalogProductId, seed.business);
    assert.deepEqual(after.billingInfo, YEARLY);
    assert.equal(after.discountCode, 'UPGRADE10');
    assert.equal(only(await client.getPackage(pkg.id)).catalogProductId, seed.business);
  },

  async 'adjustProductInstanceSpecifications changes the billing cycle alone'({ client }) {
    const { package: pkg } = await client.createPackageV2({ products: [plan({ billingInfo: MONTHLY })] });
    const adjusted = await client.adjustProductInstanceSpecifications(only(pkg).instanceId, { billingInfo: YEARLY, idempotencyKey: 'cycle-1' });
    assert.equal(adjusted.idempotencyKey, 'cycle-1');
    assert.deepEqual(only(adjusted.package).billingInfo, YEARLY);
    assert.equal(only(adjusted.package).catalogProductId, seed.light);
  },

  async 'assignProductInstanceToSite: floating -> site, then site -> another site in one call'({ client }) {
    const { package: pkg } = await client.createPackageV2({ products: [plan()] });
    const instanceId = only(pkg).instanceId;
    const assigned = await client.assignProductInstanceToSite({ instanceId, siteId: seed.site });
    assert.equal(only(assigned.package).siteId, seed.site);
    const moved = await client.assignProductInstanceToSite({ instanceId, siteId: seed.secondSite }, { idempotencyKey: 'move-1' });
    assert.equal(moved.idempotencyKey, 'move-1');
    assert.equal(only(moved.package).siteId, seed.secondSite);
    // the first site is free again: another plan fits there
    await client.createPackageV2({ products: [plan({ catalogProductId: seed.core, siteId: seed.site })] });
  },

  async 'unassignProductInstanceFromSite makes the instance floating'({ client }) {
    const { package: pkg } = await client.createPackageV2({ products: [plan({ siteId: seed.site })] });
    const answer = await client.unassignProductInstanceFromSite(only(pkg).instanceId, { idempotencyKey: 'unassign-1' });
    assert.equal(answer.idempotencyKey, 'unassign-1');
    assert.ok(!('siteId' in only(answer.package)));
    assert.ok(!('siteId' in only(await client.getPackage(pkg.id))));
  },

  async 'updatePackageExternalId answers { updatedPackage } with the new externalId'({ client }) {
    const { package: pkg } = await client.createPackageV2({ products: [plan()], externalId: 'old' });
    const answer = await client.updatePackageExternalId({ packageId: pkg.id, externalId: 'new-ext-42' });
    assert.deepEqual(Object.keys(answer), ['updatedPackage']);
    assert.equal(answer.updatedPackage.id, pkg.id);
    assert.equal(answer.updatedPackage.externalId, 'new-ext-42');
    assert.equal((await client.getPackage(pkg.id)).externalId, 'new-ext-42');
  },

  async 'updatePackageExternalId with URL-special characters round-trips (the id is a path segment)'({ client }) {
    const { package: pkg } = await client.createPackageV2({ products: [plan()] });
    const externalId = 'a/b?c#d %2F é';
    const answer = await client.updatePackageExternalId({ packageId: pkg.id, externalId });
    assert.equal(answer.updatedPackage.externalId, externalId);
    assert.equal((await client.getPackage(pkg.id)).externalId, externalId);
  },

  async 'withAccount: a DIY sub-account creates its own package; the reseller query sees it; accountId narrows'({ client }) {
    const sub = client.withAccount(seed.subAccountId);
    const { package: subPkg } = await sub.createPackageV2({ products: [plan({ siteId: seed.subSite })] });
    assert.equal(subPkg.accountId, seed.subAccountId);
    assert.equal(subPkg.parentAccountId, seed.resellerAccountId);
    const { package: ownPkg } = await client.createPackageV2({ products: [plan()] });

    const all = await client.queryPackages({});
    assert.deepEqual(all.packages.map((p) => p.id).sort(), [subPkg.id, ownPkg.id].sort());
    const fromSub = await sub.queryPackages({});
    assert.deepEqual(fromSub.packages.map((p) => p.id).sort(), [subPkg.id, ownPkg.id].sort(), 'a sub-account query returns the parent account packages');
    const narrowed = await client.queryPackages({ filter: { accountId: { $eq: seed.subAccountId } } });
    assert.deepEqual(narrowed.packages.map((p) => p.id), [subPkg.id]);

    assert.equal((await sub.getPackage(subPkg.id)).id, subPkg.id);
    // the original client is unchanged (withAccount returns a new client)
    assert.equal((await client.createPackageV2({ products: [plan()] })).package.accountId, seed.resellerAccountId);
  },
});
