// Deno's `npm:` specifiers. With "nodeModulesDir": "manual" (deno.json) Deno
// takes them from the installed node_modules as well, so the run needs no
// registry and no cache.
import process from 'node:process';
import { ResellersClient, ResellersError } from 'npm:wix-resellers';
import { Sandbox, startSandboxServer } from 'npm:wix-resellers/sandbox';
import { baseUrlArg, run } from './flow.mjs';

await run({ ResellersClient, ResellersError, Sandbox, startSandboxServer }, baseUrlArg(process.argv));
