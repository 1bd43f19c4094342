// Bare specifiers, resolved from node_modules (Node, Bun, and Deno with
// "nodeModulesDir": "manual"): what an app that `npm install`ed the package has.
import process from 'node:process';
import { ResellersClient, ResellersError } from 'wix-resellers';
import { Sandbox, startSandboxServer } from 'wix-resellers/sandbox';
import { baseUrlArg, run } from './flow.mjs';

await run({ ResellersClient, ResellersError, Sandbox, startSandboxServer }, baseUrlArg(process.argv));
