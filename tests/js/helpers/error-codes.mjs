// The HTTP status of each sandbox error code, from tests/fixtures/error-codes.json:
// the one place the tests write these facts (the Rust engine and client tests
// read the same file through tests/error_codes/).
import assert from 'node:assert/strict';
import fs from 'node:fs';

export const ERROR_CODES = JSON.parse(fs.readFileSync(new URL('../../fixtures/error-codes.json', import.meta.url), 'utf8'));

/** The status the sandbox answers `code` with. */
export function statusOf(code) {
  const status = ERROR_CODES[code]?.status;
  assert.equal(typeof status, 'number', `${code} has no status in tests/fixtures/error-codes.json`);
  return status;
}
