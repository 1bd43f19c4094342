// One cold start, run in a fresh Node process by run.mjs: the time from before
// the import to after the first offline validation, by performance.now() inside
// the process (and performance.now() since the process's time origin).
// Usage: node coldstart-child.mjs <lean|sandbox|floor|empty> [esm|cjs]
// `floor` loads bench-empty-pkg (an empty package with the same exports-map
// shape, made by run.mjs): Node's own cost of loading a package that way.
import { createRequire } from 'node:module';

const [which = 'lean', style = 'esm'] = process.argv.slice(2);
const request = {
  products: [{ catalogProductId: 'ca7a1090-0000-4000-8000-000000000101', countryCode: 'GB', billingInfo: { type: 'ONE_TIME' } }],
  externalId: 'order-1',
};

const t0 = performance.now();
let result = { valid: true };
if (which === 'floor') {
  const mod = style === 'cjs' ? createRequire(import.meta.url)('bench-empty-pkg') : await import('bench-empty-pkg');
  result = mod.validateCreatePackage(request);
} else if (which !== 'empty') {
  const specifier = which === 'sandbox' ? 'wix-resellers/sandbox' : 'wix-resellers';
  const mod = style === 'cjs' ? createRequire(import.meta.url)(specifier) : await import(specifier);
  result = mod.validateCreatePackage(request);
}
const t1 = performance.now();
if (typeof result.valid !== 'boolean') throw new Error('validateCreatePackage gave no result');
process.stdout.write(`${JSON.stringify({ inProcessMs: t1 - t0, sinceOriginMs: t1, valid: result.valid })}\n`);
