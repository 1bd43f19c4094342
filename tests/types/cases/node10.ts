// moduleResolution node10 (`"node"`): `wix-resellers/sandbox` resolves through
// `typesVersions` to sandbox/index.d.cts, and the main entry through `types`.
import { expectTypeOf } from 'expect-type';
import { ResellersClient, ResellersError, type ResellersErrorCode } from 'wix-resellers';
import { Sandbox, startSandboxServer, ResellersError as SandboxResellersError } from 'wix-resellers/sandbox';

expectTypeOf(SandboxResellersError).toEqualTypeOf(ResellersError);
expectTypeOf(startSandboxServer).returns.resolves.toHaveProperty('url');
const sandbox = new Sandbox();
const client = new ResellersClient({ apiKey: 'sandbox-reseller-key', accountId: 'a', fetch: sandbox.fetch });
// @ts-expect-error times is a number
sandbox.injectFault({ times: 'twice' });
// @ts-expect-error a misspelt code is no ResellersErrorCode
const typo: ResellersErrorCode = 'PRODUCT_NOT_FOND';
void [client, typo];
