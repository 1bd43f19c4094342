const { startSandboxServer } = require('wix-resellers/sandbox');

module.exports = async () => {
  // globalSetup and globalTeardown share this process's globalThis (tests do not).
  globalThis.__WIX_SANDBOX__ = await startSandboxServer({ host: '127.0.0.1', port: 0 });
  process.env.WIX_BASE_URL = globalThis.__WIX_SANDBOX__.url;
};
