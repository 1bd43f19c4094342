// The CommonJS view under nodenext (index.d.cts and sandbox/index.d.cts):
// the same classes across the entries, and the shapes of common.ts in brief.
import { expectTypeOf } from 'expect-type';
import { ResellersClient, ResellersError, type ResellersErrorCode, type PackageFilter } from 'wix-resellers';
import sandboxEntry = require('wix-resellers/sandbox');

expectTypeOf(sandboxEntry.ResellersClient).toEqualTypeOf(ResellersClient);
expectTypeOf(sandboxEntry.ResellersError).toEqualTypeOf(ResellersError);

declare const error: ResellersError;
expectTypeOf(error.code).toEqualTypeOf<ResellersErrorCode | (string & {})>();
// @ts-expect-error a misspelt code is no ResellersErrorCode
const typo: ResellersErrorCode = 'PRODUCT_NOT_FOND';
// @ts-expect-error $equals is no operator
const filter: PackageFilter = { externalId: { $equals: 'x' } };
const sandbox = new sandboxEntry.Sandbox({ seed: true });
const client = new ResellersClient({ apiKey: 'sandbox-reseller-key', accountId: 'a', fetch: sandbox.fetch });
void [typo, filter, client];
