// The package's types as a strict app sees them (strict,
// noUncheckedIndexedAccess, exactOptionalPropertyTypes, skipLibCheck false),
// checked under every configuration of tests/types/run.mjs: nodenext (ESM),
// bundler, dom-only and workers-types, with each TypeScript major. Never run:
// every line is a type check. `expectTypeOf` proves a type exact; each
// `@ts-expect-error` proves a mistake is refused (the build fails if the
// line compiles).
import { expectTypeOf } from 'expect-type';
import {
  ResellersClient,
  ResellersError,
  validateAdjustProductInstance,
  validateCreatePackage,
  type CallOptions,
  type CreatePackageRequest,
  type CreatePackageV1Request,
  type Cursors,
  type Cycle,
  type CycleInput,
  type ErrorDetails,
  type FieldViolation,
  type Package,
  type PackageFilter,
  type PackageResponse,
  type PagingMetadataV2,
  type ProductInstanceInput,
  type ProjectedPackage,
  type ResellersClientOptions,
  type ResellersErrorCode,
  type ResellersErrorDetails,
  type ViolatedRule,
} from 'wix-resellers';
import * as sandboxEntry from 'wix-resellers/sandbox';
import { Sandbox, type CatalogProduct, type SandboxFault, type SandboxFaultMode, type SeedProductType } from 'wix-resellers/sandbox';

// One class per name across the entries: the sandbox entry's are the main entry's.
expectTypeOf(sandboxEntry.ResellersClient).toEqualTypeOf(ResellersClient);
expectTypeOf(sandboxEntry.ResellersError).toEqualTypeOf(ResellersError);
expectTypeOf(sandboxEntry.validateCreatePackage).toEqualTypeOf(validateCreatePackage);
expectTypeOf(sandboxEntry.validateAdjustProductInstance).toEqualTypeOf(validateAdjustProductInstance);

declare const order: { siteId?: string | undefined; externalId?: string | undefined; key?: string | undefined };
declare const error: ResellersError;
declare const signal: AbortSignal | undefined;

export async function checks(): Promise<void> {
  // sandbox.fetch takes what `fetch` takes, with Request, Response and URL from the lib in use.
  const sandbox = new Sandbox();
  expectTypeOf(sandbox.fetch).parameter(0).toEqualTypeOf<Request | string | URL>();
  expectTypeOf(sandbox.fetch).returns.toEqualTypeOf<Promise<Response>>();
  const answered: Response = await sandbox.fetch('http://sandbox.test/_sandbox/catalog');
  await sandbox.fetch(new URL('http://sandbox.test/_sandbox/catalog'), { method: 'GET' });
  await sandbox.fetch(new Request('http://sandbox.test/_sandbox/catalog'));
  // @ts-expect-error a number is no request
  await sandbox.fetch(42);
  void answered;

  const options: ResellersClientOptions = { apiKey: 'sandbox-reseller-key', accountId: 'a', fetch: sandbox.fetch };
  const client = new ResellersClient(options);
  // A client from either entry takes the sandbox's fetch.
  const twin = new sandboxEntry.ResellersClient({ apiKey: 'sandbox-reseller-key', accountId: 'a', fetch: sandbox.fetch });
  expectTypeOf(twin).toEqualTypeOf<ResellersClient>();

  // exactOptionalPropertyTypes: a maybe-undefined value fits every optional field.
  const product: ProductInstanceInput = { catalogProductId: 'c', countryCode: 'US', siteId: order.siteId };
  const request: CreatePackageRequest = { products: [product], externalId: order.externalId, idempotencyKey: order.key };
  const callOptions: CallOptions = { idempotencyKey: order.key, signal, timeoutMs: undefined };
  const created: PackageResponse = await client.createPackageV2(request, callOptions);
  const page = await client.queryPackages({});
  expectTypeOf(page.metadata).toEqualTypeOf<PagingMetadataV2>();
  await client.queryPackages({ cursorPaging: { cursor: page.metadata.cursors?.next, limit: 10 } });
  // Cursors are always an object (empty under offset paging) and a mutation's answer always names its key.
  expectTypeOf(page.metadata.cursors).toEqualTypeOf<Cursors>();
  expectTypeOf(page.metadata.cursors.next).toEqualTypeOf<string | undefined>();
  expectTypeOf(created.idempotencyKey).toEqualTypeOf<string>();
  // Issue 15's surface: $response on every result, hooks, deadlineMs, appInfo, toArray, request.
  const made = await client.createPackageV2(request, callOptions);
  expectTypeOf(made.$response.requestId).toEqualTypeOf<string | null>();
  expectTypeOf(page.$response.attempts).toEqualTypeOf<number>();
  const observed = new ResellersClient({
    ...options,
    deadlineMs: 10_000,
    appInfo: { name: 'my-shop', version: '2.3.1' },
    onRequest: (event) => expectTypeOf(event.path).toEqualTypeOf<string>(),
    onResponse: (event) => expectTypeOf(event.status).toEqualTypeOf<number | undefined>(),
  });
  // @ts-expect-error appInfo needs a version
  void new ResellersClient({ ...options, appInfo: { name: 'my-shop' } });
  const firstFive = await observed.iteratePackages({}, { signal }).toArray({ limit: 5 });
  expectTypeOf(firstFive).toEqualTypeOf<Package[]>();
  // @ts-expect-error toArray needs a limit
  await observed.iteratePackages({}).toArray({});
  expectTypeOf(await observed.request({ method: 'GET', path: '/resellers/v1/packages' })).toEqualTypeOf<unknown>();
  // @ts-expect-error PUT is not a method request sends
  await observed.request({ method: 'PUT', path: '/x' });
  await observed.queryPackages({}, { deadlineMs: 5000 });
  void created;

  // A query with fields or fieldsets answers partial packages: only what it asked for.
  const projected = await client.queryPackages({ fields: ['externalId'] });
  expectTypeOf(projected.packages).toEqualTypeOf<ProjectedPackage[]>();
  expectTypeOf(page.packages).toEqualTypeOf<Package[]>();
  const first = projected.packages[0];
  expectTypeOf(first?.externalId).toEqualTypeOf<string | undefined>();
  // @ts-expect-error a projected package may lack its accountId
  const account: string = first!.accountId;
  void account;
  for await (const each of client.iteratePackages({ fieldsets: ['id'] }, { maxItems: 1 })) expectTypeOf(each).toEqualTypeOf<ProjectedPackage>();

  // Create Package V2 requires countryCode; the deprecated v1 body does not.
  // @ts-expect-error Create Package V2 requires countryCode
  await client.createPackageV2({ products: [{ catalogProductId: 'c' }] });
  // @ts-expect-error so does its validator
  validateCreatePackage({ products: [{ catalogProductId: 'c' }] });
  const v1: CreatePackageV1Request = { products: [{ catalogProductId: 'c', siteId: order.siteId }] };
  void v1;

  // Error codes: every known code completes; a future one still fits; a typo is refused where it is checked.
  expectTypeOf(error.code).toEqualTypeOf<ResellersErrorCode | (string & {})>();
  expectTypeOf<'PRODUCT_NOT_FOUND' | 'PACKAGE_NOT_FOUND' | 'INVALID_REQUEST' | 'ABORTED' | 'NOT_FOUND'>().toExtend<ResellersErrorCode>();
  const future: ResellersError['code'] = 'A_CODE_WIX_ADDS_LATER';
  // @ts-expect-error a misspelt code is no ResellersErrorCode
  const typo: ResellersErrorCode = 'PRODUCT_NOT_FOND';
  switch (error.code) {
    case 'PRODUCT_NOT_FOUND' satisfies ResellersErrorCode:
      break;
    // @ts-expect-error a misspelt case is refused with `satisfies`
    case 'PRODUCT_NOT_FOND' satisfies ResellersErrorCode:
      break;
    default:
      break;
  }
  void [future, typo];

  // details: the exported ErrorDetails, plus the client's own members.
  expectTypeOf(error.details).toEqualTypeOf<ResellersErrorDetails | null>();
  expectTypeOf<ResellersErrorDetails>().toExtend<ErrorDetails>();
  const productId: unknown = error.details?.applicationError?.data?.['productId'];
  const candidates: string[] | undefined = error.details?.candidatePackageIds;
  // @ts-expect-error details may be null
  void error.details.applicationError;
  void [productId, candidates];

  // violatedRule: the rules this package writes, and any other Wix sends.
  expectTypeOf<FieldViolation['violatedRule']>().toEqualTypeOf<ViolatedRule | (string & {})>();
  const rule: ViolatedRule = 'REQUIRED_FIELD';
  // @ts-expect-error no such rule
  const badRule: ViolatedRule = 'REQUIRED';
  void [rule, badRule];

  // The filter, per field and operator.
  const filters: PackageFilter[] = [
    { externalId: 'order-1' },
    { externalId: { $eq: 'order-1' } },
    { accountId: { $in: ['a', 'b'] }, id: { $ne: '2d' } },
    { createdDate: { $gte: '2024-01-01T00:00:00.000Z', $lt: { $date: '2025-01-01T00:00:00.000Z' } } },
    { 'productInstances.siteId': { $hasSome: ['s'] }, 'productInstances.status': { $hasAll: ['ENABLED'] } },
    { $and: [{ id: { $exists: true } }, { $not: { externalId: { $in: ['x'] } } }], $or: [{ externalId: order.externalId ?? null }] },
  ];
  for (const filter of filters) await client.queryPackages({ filter });
  // @ts-expect-error $equals is no operator
  await client.queryPackages({ filter: { externalId: { $equals: 'x' } } });
  // @ts-expect-error parentAccountId cannot be filtered on
  await client.queryPackages({ filter: { parentAccountId: 'x' } });
  // @ts-expect-error $gt is for dates, not text fields
  await client.queryPackages({ filter: { externalId: { $gt: 'x' } } });
  // @ts-expect-error $hasSome is for productInstances paths
  await client.queryPackages({ filter: { id: { $hasSome: ['x'] } } });
  // @ts-expect-error $in takes a list
  await client.queryPackages({ filter: { accountId: { $in: 'a' } } });
  // @ts-expect-error $exists takes true or false
  await client.queryPackages({ filter: { externalId: { $exists: 'yes' } } });
  // Only the operators of the reference's Supported Filters table, per field:
  // @ts-expect-error $startsWith is in the query language, not in the table
  await client.queryPackages({ filter: { externalId: { $startsWith: 'ord' } } });
  // @ts-expect-error nor $contains
  await client.queryPackages({ filter: { externalId: { $contains: 'ord' } } });
  // @ts-expect-error nor $nin
  await client.queryPackages({ filter: { id: { $nin: ['x'] } } });
  // @ts-expect-error nor $exists on a date
  await client.queryPackages({ filter: { createdDate: { $exists: true } } });
  // @ts-expect-error nor $eq on a productInstances path
  await client.queryPackages({ filter: { 'productInstances.status': { $eq: 'ENABLED' } } });
  // @ts-expect-error nor a bare value (meaning $eq) there
  await client.queryPackages({ filter: { 'productInstances.siteId': 's' } });
  // @ts-expect-error iteratePackages takes the same filter
  client.iteratePackages({ filter: { externalID: 'x' } });

  // Input enums have no "UNKNOWN" (the rules refuse it); answers may carry it.
  const monthly: CycleInput = { type: 'RECURRING', cycleDuration: { unit: 'MONTH', count: 1 } };
  // @ts-expect-error "UNKNOWN" means not set
  const unset: CycleInput = { type: 'UNKNOWN' };
  // @ts-expect-error nor as a unit
  await client.adjustProductInstanceSpecifications('i', { billingInfo: { type: 'RECURRING', cycleDuration: { unit: 'UNKNOWN' } } });
  expectTypeOf<Cycle['type']>().toEqualTypeOf<'UNKNOWN' | 'ONE_TIME' | 'RECURRING'>();
  void [monthly, unset];

  // Sandbox control shapes.
  const fault: SandboxFault = { status: 503 };
  sandbox.injectFault(fault);
  expectTypeOf<SandboxFault['mode']>().toEqualTypeOf<SandboxFaultMode | undefined>();
  const catalog: CatalogProduct[] = sandbox.catalog().products;
  const failureCode = catalog[0]?.failureCode;
  void failureCode;
  // Product types complete from the seed's, and a custom catalog's still fit.
  expectTypeOf<CatalogProduct['productType']>().toEqualTypeOf<SeedProductType | (string & {})>();
  const plan: SeedProductType = 'PREMIUM_PLAN';
  // @ts-expect-error a typo is no seed product type
  const productTypo: SeedProductType = 'PREMIUM_PLANS';
  void [plan, productTypo];
  // @ts-expect-error times is a number
  sandbox.injectFault({ times: 'twice' });
  // A catalog product reads back as an input; its cycles, like a request's, have no "UNKNOWN".
  for (const shown of catalog) sandbox.upsertProduct(shown);
  // @ts-expect-error "UNKNOWN" is refused in a catalog product's cycles too
  sandbox.upsertProduct({ catalogProductId: 'c', name: 'n', productType: 't', serviceType: 's', cycles: [{ type: 'UNKNOWN' }] });
}
