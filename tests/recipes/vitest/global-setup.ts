// Runs once, in vitest's main process: the server outlives every test file
// and worker, and the function returned is the teardown.
import type { TestProject } from 'vitest/node';
import { startSandboxServer } from 'wix-resellers/sandbox';

export default async function setup(project: TestProject) {
  const server = await startSandboxServer({ host: '127.0.0.1', port: 0 });
  project.provide('wixBaseUrl', server.url); // typed by provided-context.d.ts
  return () => server.close();
}
