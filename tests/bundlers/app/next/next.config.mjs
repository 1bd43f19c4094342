// The Next.js app as a user writes it: nothing about wix-resellers. The root
// is tests/bundlers (its lockfile and node_modules), not the repository's.
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../../..');

export default {
  turbopack: { root },
  outputFileTracingRoot: root,
};
