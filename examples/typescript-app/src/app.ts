// A reseller back office in strict TypeScript: every client method, typed
// end to end by the package's own .d.ts, and failures turned into a decision
// by `err.code` (never by parsing messages).
import {
  ResellersClient,
  ResellersError,
  validateAdjustProductInstance,
  validateCreatePackage,
  type AdjustProductInstanceRequest,
  type CreatePackageRequest,
  type CycleInput,
  type Package,
  type ProductInstance,
  type Status,
  type WholePackageQuery,
} from 'wix-resellers';

export const YEARLY: CycleInput = { type: 'RECURRING', cycleDuration: { unit: 'YEAR', count: 1 } };
export const MONTHLY: CycleInput = { type: 'RECURRING', cycleDuration: { unit: 'MONTH', count: 1 } };

/** What the caller should do about a failed call. */
export type Remedy =
  | { action: 'retry'; idempotencyKey: string | null; requestId: string | null }
  | { action: 'fix-request'; fields: string[] }
  | { action: 'choose-billing-cycle'; productId: string | null }
  | { action: 'site-taken'; siteId: string | null }
  | { action: 'needs-prerequisite'; siteId: string | null }
  | { action: 'pick-same-service-type'; from: string | null }
  | { action: 'not-in-this-state'; code: string }
  | { action: 'not-found'; what: 'package' | 'instance' | 'product' | 'site' | 'account' | 'reference' }
  | { action: 'check-credentials'; status: number | null }
  | { action: 'ask-wix-sales'; code: string }
  | { action: 'give-up'; code: string; message: string };

function dataField(error: ResellersError, name: string): string | null {
  const application = error.details?.['applicationError'];
  if (typeof application !== 'object' || application === null) return null;
  const data: unknown = (application as { data?: unknown }).data;
  if (typeof data !== 'object' || data === null) return null;
  const value: unknown = (data as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : null;
}

/** Maps a rejection to a remedy. Anything that is not a ResellersError is a bug: rethrown. */
export function remedyFor(error: unknown): Remedy {
  if (!(error instanceof ResellersError)) throw error;
  // Transient by the SDK's own judgement (network, timeout, 429, 5xx, unreadable 2xx).
  if (error.retryable) return { action: 'retry', idempotencyKey: error.idempotencyKey, requestId: error.requestId };
  switch (error.code) {
    case 'INVALID_REQUEST': // refused offline, before sending
    case 'INVALID_ARGUMENT':
    case 'MISSING_PRODUCT_DETAILS':
      return { action: 'fix-request', fields: error.fieldViolations.map((violation) => violation.field) };
    case 'MISSING_BILLING_CYCLE':
    case 'INCOMPATIBLE_BILLING_CYCLE':
    case 'INVALID_BILLING_CYCLE':
      return { action: 'choose-billing-cycle', productId: dataField(error, 'productId') };
    case 'PRODUCT_TYPE_ALREADY_ASSIGNED':
    case 'MULTIPLE_PRODUCT_ASSIGNMENTS':
      return { action: 'site-taken', siteId: dataField(error, 'siteId') };
    case 'PRODUCT_NOT_SUPPORTED_ON_SITE':
      return { action: 'needs-prerequisite', siteId: dataField(error, 'siteId') };
    case 'INCOMPATIBLE_PRODUCT':
      return { action: 'pick-same-service-type', from: dataField(error, 'existingProductType') };
    case 'INCOMPATIBLE_PRODUCT_INSTANCE_STATUS':
    case 'OPERATION_NOT_SUPPORTED_FOR_PRODUCT':
    case 'MISSING_SITE_ID':
      return { action: 'not-in-this-state', code: error.code };
    case 'PACKAGE_NOT_FOUND':
      return { action: 'not-found', what: 'package' };
    case 'PRODUCT_INSTANCE_NOT_FOUND':
      return { action: 'not-found', what: 'instance' };
    case 'PRODUCT_NOT_FOUND':
      return { action: 'not-found', what: 'product' };
    case 'SITE_NOT_FOUND':
      return { action: 'not-found', what: 'site' };
    case 'ACCOUNT_NOT_FOUND':
      return { action: 'not-found', what: 'account' };
    case 'INVALID_REFERENCE_PRODUCT_INSTANCE_ID':
      return { action: 'not-found', what: 'reference' };
    case 'UNAUTHENTICATED':
    case 'PERMISSION_DENIED':
    case 'INVALID_CONFIG':
      return { action: 'check-credentials', status: error.status };
    case 'PRODUCT_LIMIT_EXCEEDED':
    case 'PRODUCT_SETTINGS_NOT_FOUND':
    case 'INVALID_PRODUCTS':
      return { action: 'ask-wix-sales', code: error.code };
    default:
      return { action: 'give-up', code: error.code, message: error.message };
  }
}

/**
 * Live instances by status, over every package the account can see. The
 * query may filter but not project (`WholePackageQuery`: no `fields` or
 * `fieldsets`), so every instance has its status.
 */
export async function countByStatus(client: ResellersClient, query: WholePackageQuery = {}): Promise<Map<Status, number>> {
  const counts = new Map<Status, number>();
  // iteratePackages fetches page after page only as the loop asks.
  for await (const pkg of client.iteratePackages(query, { maxItems: 10_000 })) {
    for (const instance of pkg.productInstances ?? []) counts.set(instance.status, (counts.get(instance.status) ?? 0) + 1);
  }
  return counts;
}

function only(pkg: Package): ProductInstance {
  const instance = pkg.productInstances?.[0];
  if (!instance) throw new Error(`package ${pkg.id} has no instance`);
  return instance;
}

export interface Catalog {
  plan: string;
  biggerPlan: string;
  otherServiceType: string;
}

export interface Sites {
  first: string;
  second: string;
}

/** One customer's lifetime, touching every method of the client once. */
export async function customerLifecycle(reseller: ResellersClient, customerAccountId: string, sites: Sites, catalog: Catalog, orderId: string) {
  const customer = reseller.withAccount(customerAccountId);
  const request: CreatePackageRequest = {
    externalId: orderId,
    products: [{ catalogProductId: catalog.plan, siteId: sites.first, countryCode: 'NL', billingInfo: YEARLY }],
  };
  const offline = validateCreatePackage(request);
  if (!offline.valid) throw new Error(`bad order: ${offline.fieldViolations.map((v) => v.field).join(', ')}`);

  const { package: created } = await customer.createPackageV2(request); // 1
  const plan = only(created);
  const fetched: Package = await customer.getPackage(created.id); // 2
  const { packages = [], metadata } = await customer.queryPackages({ filter: { externalId: { $eq: orderId } } }); // 3

  const upgrade: AdjustProductInstanceRequest = { catalogProductId: catalog.biggerPlan };
  if (!validateAdjustProductInstance(upgrade).valid) throw new Error('bad upgrade');
  const upgraded = only((await customer.adjustProductInstanceSpecifications(plan.instanceId, upgrade)).package); // 4

  const floating = only((await customer.unassignProductInstanceFromSite(plan.instanceId)).package); // 5
  const reassigned = only((await customer.assignProductInstanceToSite({ instanceId: plan.instanceId, siteId: sites.second })).package); // 6
  const { updatedPackage } = await customer.updatePackageExternalId({ packageId: created.id, externalId: `${orderId}-renumbered` }); // 7

  // A cross-type adjust is refused by the API; remedyFor says what to do.
  const refused = await customer
    .adjustProductInstanceSpecifications(plan.instanceId, { catalogProductId: catalog.otherServiceType })
    .then(() => null, remedyFor);

  const canceledInstance = only((await customer.cancelProductInstance(plan.instanceId)).package); // 8
  const { package: canceledPackage } = await customer.cancelPackage(created.id); // 9

  return { created, plan, fetched, found: packages, metadata, upgraded, floating, reassigned, updatedPackage, refused, canceledInstance, canceledPackage };
}

// Compile-time checks of the typings: each line must be an error, or tsc fails
// ("unused @ts-expect-error"), so a looser .d.ts is caught here.
export function typingsRejectMistakes(client: ResellersClient): void {
  // @ts-expect-error billingInfo.type is an enum, not any string
  void validateCreatePackage({ products: [{ catalogProductId: 'x', billingInfo: { type: 'WEEKLY' } }] });
  // @ts-expect-error products is required
  void validateCreatePackage({ externalId: 'order-1' });
  // @ts-expect-error getPackage takes the package id, not an object
  void client.getPackage({ id: 'x' });
  // @ts-expect-error assign needs both instanceId and siteId
  void client.assignProductInstanceToSite({ instanceId: 'x' });
  // @ts-expect-error the key of the update answer is updatedPackage
  void client.updatePackageExternalId({ packageId: 'a', externalId: 'b' }).then((answer) => answer.package);
  // @ts-expect-error ResellersError#kind is a closed union
  const kind: ResellersError['kind'] = 'server';
  void kind;
}
