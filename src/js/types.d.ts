// The package's hand-written TypeScript: the declarations no Rust type
// defines (the options JS hands the bindings, the error class built in
// src/js/error_class.mjs, the sandbox's raw answer built in src/js/sandbox.rs,
// and types derived from generated ones: the v1 create body, request cycles
// without "UNKNOWN", the operands of a filter, projected packages), and the
// methods of a generated class that Rust cannot type (an `interface` of the
// class's name: its members go into the class).
// Every shape Rust defines is generated instead (tsify on src/model/ and
// src/sandbox/, `wire_enum!` in src/model/enums.rs) and must not be written
// here.
//
// scripts/assemble-pkg.mjs merges this file into each flavour's glue .d.ts
// (dist/npm/index.d.mts and sandbox/index.d.mts, and their .d.cts twins):
// everything above the "sandbox flavour only" line goes into both, the rest
// into the sandbox entry's only; this header is left out. The generated
// names used here (`FieldViolation`) resolve in the merged file;
// `make js-lint` checks this file alone against src/js/types.lint.d.ts, and
// tests/js/types.test.mjs and api-types.test.mjs check the merged files.

/** Options of `new ResellersClient(...)`. */
export interface ResellersClientOptions {
  /**
   * An account-level API key, sent raw in `Authorization`: at least 16
   * characters, visible ASCII (inner spaces allowed), no whitespace at
   * either end; anything else throws `INVALID_CONFIG`. No 16 characters of
   * it ever appear in an error.
   */
  apiKey: string;
  /** The account GUID, sent as `wix-account-id`. */
  accountId: string;
  /** Default `https://www.wixapis.com`; `http://` only for loopback hosts. */
  baseUrl?: string;
  /** Bound of one attempt, body included. Default 30000. */
  timeoutMs?: number;
  /** Retries of network errors, timeouts, 429 and 5xx. Default 2, at most 10. */
  maxRetries?: number;
  /**
   * Bound of a whole call: its attempts, backoff and `Retry-After` waits.
   * Default 60000. `maxRetries` is honoured while it allows; a
   * `Retry-After` longer than what is left fails the call at once
   * (retryable, with `error.retryAfterMs`).
   */
  deadlineMs?: number;
  /** Your app, sent in `User-Agent`: `wix-resellers/<version> (<name>/<version>)`. Letters, digits and `. _ - +`, at most 64 each. */
  appInfo?: { name: string; version: string };
  /** A fetch-compatible function called with one `Request` (e.g. `sandbox.fetch`). */
  fetch?: (request: Request) => Promise<Response>;
  /** Called before each attempt (copied by `withAccount`); whatever it throws or rejects with is ignored. */
  onRequest?: (event: RequestEvent) => void;
  /** Called after each attempt's answer or failure (copied by `withAccount`); whatever it throws or rejects with is ignored. */
  onResponse?: (event: ResponseEvent) => void;
}

/** What `onRequest` hears: never a header value, never the key. */
export interface RequestEvent {
  method: string;
  /** The request's path: no host, no query. */
  path: string;
  /** 1 for the first attempt of the call; reconciliation queries count too. */
  attempt: number;
  /** The call's idempotency key (mutating calls). */
  idempotencyKey: string | undefined;
}

/** What `onResponse` hears after an attempt. */
export interface ResponseEvent extends RequestEvent {
  /** The answer's status; absent for a network error or a timeout. */
  status?: number;
  /** The answer's `x-wix-request-id`, when it had one. */
  requestId?: string;
  /** How long the attempt took. */
  elapsedMs: number;
  /** Whether the attempt failed in a way the client retries (a 429, a 5xx, a network error, a timeout). */
  retryable: boolean;
  /** The attempt's error code (`UNAVAILABLE`, `NETWORK_ERROR`, `PRODUCT_NOT_FOUND`, ...), when it failed. */
  code?: ResellersErrorCode | (string & {});
}

/** `$response` of every call's result: how the call went. Not enumerable: `JSON.stringify` and `Object.keys` do not see it. */
export interface ResponseMetadata {
  /** The status of the answer the result came from. */
  readonly status: number;
  /** Its `x-wix-request-id` (quote it to Wix support), or null. */
  readonly requestId: string | null;
  /** Attempts sent, reconciliation queries included. */
  readonly attempts: number;
  /** The whole call, retries and waits included. */
  readonly elapsedMs: number;
}

/** A call's result with its `$response`. */
export type WithResponse<T> = T & { readonly $response: ResponseMetadata };

/** Per-call options of the mutating calls. */
export interface CallOptions {
  /** Replays the first answer when sent again; generated when absent and reused on retries. */
  idempotencyKey?: string;
  /** Overrides the client's `maxRetries` for this call. */
  maxRetries?: number;
  /** Overrides the client's `timeoutMs` for this call. */
  timeoutMs?: number;
  /** Overrides the client's `deadlineMs` (the bound of the whole call) for this call. */
  deadlineMs?: number;
  /** Cancels the call at once, retries included (`ResellersError` kind `timeout`, code `ABORTED`). */
  signal?: AbortSignal;
  /**
   * Sends members this package does not know (a field Wix added since).
   * By default a request holding one is refused offline, `validation` /
   * `INVALID_REQUEST` with a violation such as `products[0].siteID`
   * ("did you mean `siteId`?"): Wix ignores unknown fields, so a typo
   * would be dropped silently. Default `false`.
   */
  allowUnknownFields?: boolean;
}

/** The argument of `client.request`: any Resellers path, for endpoints this package does not know yet. */
export interface RawRequest {
  /** GET and DELETE are retried like any call; POST and PATCH are not (nothing guards them from acting twice). */
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Under the base URL, such as `/resellers/v1/packages/query`: starts with `/`; no host, no `.`/`..` segment, no `#`. */
  path: string;
  /** Any JSON, sent as given. */
  body?: unknown;
}

/** Options of `iteratePackages`. */
export interface IteratePackagesOptions {
  /** Stop after this many packages. */
  maxItems?: number;
  /**
   * Send query members this package does not know yet (on every page);
   * refused offline by default, as in {@link CallOptions}.
   */
  allowUnknownFields?: boolean;
  /**
   * Stops the walk: the page in flight is cancelled and the loop throws a
   * `ResellersError` with code `ABORTED`. A page that fails otherwise
   * names the cursor to resume from in `error.details.resumeCursor`.
   */
  signal?: AbortSignal;
}

/** What `iteratePackages` returns: an async iterator of packages, page by page. */
export interface PackageIterator<T> extends AsyncIterableIterator<T> {
  /**
   * At most `limit` packages (required, 1 to 10000), then the walk ends; a
   * missing or larger `limit` rejects with `INVALID_REQUEST`. For more,
   * loop with `for await`.
   */
  toArray(options: { limit: number }): Promise<T[]>;
}

/** A query that projects nothing (no `fields`, no `fieldsets`): it is answered with whole packages. */
export type WholePackageQuery = QueryV2 & { fields?: undefined; fieldsets?: undefined };

/** `T` with every field optional, at every depth. */
type DeepPartial<T> = T extends readonly (infer E)[] ? DeepPartial<E>[] : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

/**
 * A package as a projected query (one with `fields` or `fieldsets`) answers
 * it: only the fields asked for, at any depth (`productInstances.status`
 * gives each instance its `status` alone). Every field that is there has
 * its `Package` type; the client checks it.
 */
export type ProjectedPackage = DeepPartial<Package>;

/** The answer of a projected `queryPackages`: its packages are `ProjectedPackage`s. */
export interface ProjectedQueryPackagesResponse extends Omit<QueryPackagesResponse, 'packages'> {
  packages: ProjectedPackage[];
}

/**
 * The methods of `ResellersClient` whose result depends on the query, which
 * no Rust signature can say: scripts/assemble-pkg.mjs puts these members
 * into the generated class. A query with `fields` or `fieldsets` (or one
 * whose type may have them) is answered with `ProjectedPackage`s.
 */
export interface ResellersClient {
  /** One page of packages (`{}` or nothing for all, newest first). */
  queryPackages(query?: WholePackageQuery, options?: CallOptions): Promise<WithResponse<QueryPackagesResponse>>;
  /** One page of packages with only the fields `fields` and `fieldsets` ask for. */
  queryPackages(query: QueryV2, options?: CallOptions): Promise<WithResponse<ProjectedQueryPackagesResponse>>;
  /** Every matching package, fetched page by page as the loop asks. */
  iteratePackages(query?: WholePackageQuery, options?: IteratePackagesOptions): PackageIterator<Package>;
  /** Every matching package, with only the fields `fields` and `fieldsets` ask for (on every page). */
  iteratePackages(query: QueryV2, options?: IteratePackagesOptions): PackageIterator<ProjectedPackage>;
}

/** Identifies the instance and the site of `assignProductInstanceToSite`. */
export interface AssignProductInstanceToSiteIdentifiers {
  instanceId: string;
  siteId: string;
}

/** Identifies the package and the new external ID of `updatePackageExternalId`. */
export interface UpdatePackageExternalIdIdentifiers {
  packageId: string;
  externalId: string;
}

/**
 * A product to provision with Create Package V2, which requires
 * `countryCode` (ISO 3166-1 alpha-2, where vouchers can be claimed): the
 * generated `ProductInstanceV1Input` with that field required.
 */
export type ProductInstanceInput = ProductInstanceV1Input & { countryCode: string };

/**
 * The body of the deprecated v1 create (`createPackage`): the V2 body
 * (`CreatePackageRequest`) without the `countryCode` requirement.
 */
export interface CreatePackageV1Request extends Omit<CreatePackageRequest, 'products'> {
  products: ProductInstanceV1Input[];
}

/**
 * `T` as a request may send it: no enum value `"UNKNOWN"`, which the API
 * reads as "not set" and the offline rules refuse. Answers may carry it.
 */
type WithoutUnknown<T> = T extends 'UNKNOWN' ? never : T extends object ? { [K in keyof T]: WithoutUnknown<T[K]> } : T;

/** `billingInfo` as a request gives it: a `Cycle` without the `"UNKNOWN"` ("not set") values. */
export type CycleInput = WithoutUnknown<Cycle>;

/** A value a filter compares with: a JSON scalar, or a date as `{ $date: '2024-01-01T00:00:00.000Z' }`. */
export type FilterValue = string | number | boolean | null | { $date: string };

/** The condition on one filter field: a value (meaning `$eq`), or some of the operators `Op` with their operands. */
export type FilterCondition<Op extends keyof FilterOperands> = FilterValue | { [O in Op]?: FilterOperands[O] | undefined };

/**
 * `ResellersError.details`: the Wix error body's `details`
 * (`applicationError` with its `data`, or `validationError`), plus what the
 * client adds of its own.
 */
export interface ResellersErrorDetails extends ErrorDetails {
  /** An excerpt of an answer that was not a Wix JSON error (an HTML page from a proxy, ...). */
  body?: string;
  /** The packages a create whose outcome is unknown may have made (see the README's reconciliation). */
  candidatePackageIds?: string[];
  /** `iteratePackages`: the cursor of the page that failed, to resume with `{ cursorPaging: { cursor } }`. */
  resumeCursor?: string;
}

/** The broad class of a failure. */
export type ErrorKind = 'validation' | 'api' | 'network' | 'timeout' | 'response';

/** What `ResellersError#toJSON` returns (never contains the API key). */
export interface ResellersErrorJSON {
  name: 'ResellersError';
  kind: ErrorKind;
  code: ResellersErrorCode | (string & {});
  message: string;
  status: number | null;
  requestId: string | null;
  fieldViolations: FieldViolation[];
  retryable: boolean;
  attempts: number;
  details: ResellersErrorDetails | null;
  idempotencyKey: string | null;
  retryAfterMs: number | null;
}

/** A copy of what `fetch` threw (`NETWORK_ERROR` only): name, message, code and its own cause, the key redacted. */
export interface ResellersErrorCause extends Error {
  code?: string;
  cause?: ResellersErrorCause;
}

/** Every failure of the client rejects with this error: `error instanceof ResellersError`, then match `error.code`. */
export class ResellersError extends Error {
  /** Builds one from its fields (as `toJSON()` gives them), e.g. in a test's fake of a failing call. */
  constructor(fields: Omit<ResellersErrorJSON, 'name'>);
  /** Always `'ResellersError'`, also across realms and bundles where `instanceof` cannot tell. */
  readonly name: 'ResellersError';
  /** `validation` (refused before sending), `api` (an error status), `network`, `timeout`, `response` (an unreadable answer). */
  readonly kind: ErrorKind;
  /**
   * The Wix code (`PRODUCT_NOT_FOUND`, `NOT_FOUND`, ...) or the SDK's own
   * (`INVALID_REQUEST`, `INVALID_CONFIG`, `NETWORK_ERROR`, `TIMEOUT`, ...):
   * one of `ResellersErrorCode`, or a code a newer API added.
   */
  readonly code: ResellersErrorCode | (string & {});
  /** The HTTP status, when the API answered. */
  readonly status: number | null;
  /** The last `x-wix-request-id` (quote it to Wix support). */
  readonly requestId: string | null;
  /** Broken field rules, from offline validation or from Wix. */
  readonly fieldViolations: FieldViolation[];
  /** True when the same call might succeed later. */
  readonly retryable: boolean;
  /** How many times the request was sent (0 when refused before sending). */
  readonly attempts: number;
  /** The `details` of the Wix error body (`applicationError` with its `data`, or `validationError`); null when the answer had none. */
  readonly details: ResellersErrorDetails | null;
  /** The idempotency key a mutating call carried: retry with it to act at most once. */
  readonly idempotencyKey: string | null;
  /**
   * How long Wix asked to wait (`Retry-After`, ms) when the call ended on
   * such an answer, e.g. a `Retry-After` longer than what was left of
   * `deadlineMs`: schedule the retry (with `idempotencyKey`) after it.
   */
  readonly retryAfterMs: number | null;
  /** `NETWORK_ERROR` only: a redacted copy of what `fetch` threw (see `ResellersErrorCause`). */
  readonly cause?: ResellersErrorCause;
  /** Every field as plain data (what `JSON.stringify(error)` writes, for logs), the key redacted. */
  toJSON(): ResellersErrorJSON;
}

// --- sandbox flavour only ---------------------------------------------------

/** Options of `new Sandbox()`. */
export interface SandboxOptions {
  /** Load the default seed (accounts, API keys, sites, catalog). Default `true`. */
  seed?: boolean;
}

/** What `handleRaw` answers: the front writes it to the socket. */
export interface RawSandboxResponse {
  status: number;
  /** Flat `[name, value, name, value, ...]`. */
  headers: string[];
  body: Uint8Array;
  /** Wait this long before answering (fault injection). */
  delayMs: number;
  /** Drop the connection without answering (fault injection). */
  reset: boolean;
}
