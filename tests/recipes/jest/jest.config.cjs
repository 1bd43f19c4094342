// Recipe: jest. One sandbox server for the whole run, started by globalSetup
// in jest's parent process and closed by globalTeardown; the test files (in
// workers, or in band) find it through WIX_BASE_URL, which they inherit.
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/*.test.cjs'],
  globalSetup: '<rootDir>/global-setup.cjs',
  globalTeardown: '<rootDir>/global-teardown.cjs',
};
