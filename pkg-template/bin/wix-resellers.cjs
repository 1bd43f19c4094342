#!/usr/bin/env node
'use strict';
// `wix-resellers`: an operator's front over the package's own client, so
// support staff can look up and fix a customer's package from a shell.
// Everything past argument parsing is the client's: HTTP, retries,
// idempotency keys, validation, error codes and key redaction. This file
// only maps argv to one client call and the answer (or the error) to
// stdout/stderr and an exit code.
const fs = require('node:fs');
const readline = require('node:readline');

/** Exit codes (also in the --help text and the README's "Operator CLI"). */
const EXIT = Object.freeze({
  OK: 0,
  INTERNAL: 1, // a bug of this tool or of the package: the stack is printed
  USAGE: 2, // bad arguments, unknown command, missing credentials, unreadable --file
  VALIDATION: 3, // the client refused the request before sending it (kind 'validation')
  API: 4, // the API answered with an error (kind 'api')
  NETWORK: 5, // no usable answer (kind 'network', 'timeout', 'response'): a change may have happened
  NOT_CONFIRMED: 6, // no confirmation (declined, or no terminal and no --yes): nothing was sent
});

const EXIT_CODES_HELP = `Exit codes:
  0  done; the answer is on stdout
  2  usage: bad arguments, unknown command, missing credentials, unreadable --file
  3  validation: the request was refused before sending (nothing was sent)
  4  API error: the API answered with an error (code and request id on stderr)
  5  network: no usable answer (network, timeout, unreadable answer); a change
     may have happened: rerun with the printed --idempotency-key
  6  not confirmed: declined at the prompt, or no terminal and no --yes
  1  anything else (a bug: please report it with the stack)`;

const GLOBAL_HELP = `Credentials (the flags win over the environment; neither is ever printed):
  WIX_API_KEY     or --api-key <key>      account-level API key
  WIX_ACCOUNT_ID  or --account-id <id>    your reseller account
  WIX_BASE_URL    or --base-url <url>     optional, default https://www.wixapis.com
                                          (http:// only to loopback, e.g. a sandbox)
  --api-key on the command line is visible to other users of the machine
  (ps, shell history): prefer WIX_API_KEY.

Common options:
  --account <id>  act for a customer's sub-account (client.withAccount)
  -y, --yes       do not ask before a change (required without a terminal)
  -h, --help      help for the tool or for a command
  --version       the package's version`;

/** Every option: its value's placeholder, or FLAG for one that takes none. */
const FLAG = null;
const OPTIONS = {
  '--api-key': '<key>',
  '--account-id': '<id>',
  '--base-url': '<url>',
  '--account': '<id>',
  '--yes': FLAG,
  '--help': FLAG,
  '--version': FLAG,
  '--filter': '<json>',
  '--limit': '<n>',
  '--cursor': '<cursor>',
  '--all': FLAG,
  '--file': '<path>',
  '--idempotency-key': '<key>',
};
const ALIASES = { '-y': '--yes', '-h': '--help', '-f': '--file' };
const COMMON = ['--api-key', '--account-id', '--base-url', '--account', '--yes', '--help', '--version'];

const IDEMPOTENCY_HELP = `  --idempotency-key <key>  the key of an earlier attempt (printed with its error):
                           the change happens at most once`;

/**
 * The commands. `confirm` (for anything that cancels or changes a paid
 * service) is the question asked before the call; `run` is the one client
 * call, whose answer is printed as JSON.
 */
const COMMANDS = {
  'packages get': {
    args: ['packageId'],
    summary: 'print one package of the account',
    help: `Prints the package as JSON. Another account's package is PACKAGE_NOT_FOUND:
use --account <its accountId> (a query lists it with its accountId).

Example:
  wix-resellers packages get 1496672a-f550-49c3-909a-b2605d460377`,
    run: (client, [id]) => client.getPackage(id),
  },
  'packages query': {
    args: [],
    options: ['--filter', '--limit', '--cursor', '--all'],
    summary: 'one page of packages, or every package with --all',
    help: `Without --all: the page answer as JSON ({ packages, metadata }); the next page
is --cursor <metadata.cursors.next> (alone: no --filter with a cursor).
With --all: every matching package, one JSON object per line, page by page.
Queries list the whole reseller tree (sub-accounts' packages too).

Options:
  --filter <json>   a Wix query filter, e.g. '{"externalId":{"$eq":"order-1001"}}'
  --limit <n>       page size (at most 100); with --all, the most packages printed
  --cursor <cursor> the next page of an earlier answer
  --all             walk every page (iteratePackages)

Examples:
  wix-resellers packages query --filter '{"externalId":{"$eq":"order-1001"}}'
  wix-resellers packages query --all --filter '{"productInstances.status":{"$hasSome":["FAILED"]}}'`,
    run: async (client, _args, options) => {
      const query = {};
      if (options['--filter'] !== undefined) query.filter = parseJson('--filter', options['--filter']);
      const limit = options['--limit'] === undefined ? undefined : parseCount('--limit', options['--limit']);
      if (options['--all']) {
        if (options['--cursor'] !== undefined) query.cursorPaging = { cursor: options['--cursor'] };
        // One line per package as it arrives: a long walk shows progress and
        // `| head` stops it (EPIPE ends the process, see main).
        for await (const pkg of client.iteratePackages(query, limit === undefined ? {} : { maxItems: limit })) {
          process.stdout.write(`${JSON.stringify(pkg)}\n`);
        }
        return undefined;
      }
      if (limit !== undefined || options['--cursor'] !== undefined) {
        query.cursorPaging = {};
        if (options['--cursor'] !== undefined) query.cursorPaging.cursor = options['--cursor'];
        if (limit !== undefined) query.cursorPaging.limit = limit;
      }
      return client.queryPackages(query);
    },
  },
  'packages cancel': {
    args: ['packageId'],
    options: ['--idempotency-key'],
    summary: 'cancel every product instance of a package, now',
    help: `Cancels every instance of the package immediately (paid services stop) and
prints { package, idempotencyKey }. Cancelling what is cancelled changes nothing.

Options:
${IDEMPOTENCY_HELP}

Example:
  wix-resellers packages cancel 1496672a-f550-49c3-909a-b2605d460377`,
    confirm: ([id], account) => `Cancel package ${id} of account ${account}: every product instance, immediately?`,
    run: (client, [id], options) => client.cancelPackage(id, callOptions(options)),
  },
  'packages create': {
    args: [],
    options: ['--file', '--idempotency-key'],
    required: ['--file'],
    summary: 'create a package from a Create Package V2 body',
    help: `Creates a package from a Create Package V2 body ({ externalId?, products: [...] },
as in the client's createPackageV2) and prints { package, idempotencyKey }.
The body is checked offline first (validateCreatePackage): a bad one exits 3
before any prompt. Give it an externalId: a retry after a network error then
finds the package instead of buying another.

Options:
  -f, --file <path>        the JSON body; - reads it from stdin (then --yes is
                           required: stdin cannot also answer the prompt)
${IDEMPOTENCY_HELP}

Example:
  wix-resellers packages create --file order.json
  order.json: {"externalId":"order-1001","products":[{"catalogProductId":"…",
    "siteId":"…","countryCode":"GB","billingInfo":{"type":"RECURRING",
    "cycleDuration":{"unit":"YEAR","count":1}}}]}`,
    // Read (and checked) before the prompt, so nobody confirms a doomed order.
    prepare: async (options) => {
      if (options['--file'] === undefined) throw new UsageError('packages create needs --file <path> (or --file - for stdin)');
      return { body: await readBody(options['--file']) };
    },
    confirm: (_args, account, { body }) => {
      const products = Array.isArray(body.products) ? body.products.length : 0;
      const external = typeof body.externalId === 'string' ? ` (externalId ${JSON.stringify(body.externalId)})` : '';
      return `Create a package of ${products} paid product instance${products === 1 ? '' : 's'}${external} for account ${account}?`;
    },
    run: (client, _args, options, { body }) => client.createPackageV2(body, callOptions(options)),
  },
  'packages set-external-id': {
    args: ['packageId', 'externalId'],
    options: ['--idempotency-key'],
    summary: "set a package's external ID",
    help: `Sets the package's externalId (your reference, e.g. a subscription id) and
prints { updatedPackage, idempotencyKey }.

Options:
${IDEMPOTENCY_HELP}

Example:
  wix-resellers packages set-external-id 1496672a-f550-49c3-909a-b2605d460377 subscription-77`,
    confirm: ([id, externalId], account) => `Set the external ID of package ${id} of account ${account} to ${JSON.stringify(externalId)}?`,
    run: (client, [packageId, externalId], options) => client.updatePackageExternalId({ packageId, externalId }, callOptions(options)),
  },
  'instances cancel': {
    args: ['instanceId'],
    options: ['--idempotency-key'],
    summary: 'cancel one product instance, now',
    help: `Cancels the instance immediately (its paid service stops) and prints
{ package, idempotencyKey } with that instance CANCELED.

Options:
${IDEMPOTENCY_HELP}

Example:
  wix-resellers instances cancel 7a446d45-508f-41e4-b1a4-0c5b63c37460`,
    confirm: ([id], account) => `Cancel product instance ${id} of account ${account}, immediately?`,
    run: (client, [id], options) => client.cancelProductInstance(id, callOptions(options)),
  },
  'instances unassign': {
    args: ['instanceId'],
    options: ['--idempotency-key'],
    summary: 'detach an instance from its site (it becomes floating)',
    help: `Makes the instance floating: its site loses the features at once. Prints
{ package, idempotencyKey }. An instance already floating is MISSING_SITE_ID.

Options:
${IDEMPOTENCY_HELP}

Example:
  wix-resellers instances unassign 7a446d45-508f-41e4-b1a4-0c5b63c37460`,
    confirm: ([id], account) => `Unassign product instance ${id} of account ${account} from its site (the site loses it at once)?`,
    run: (client, [id], options) => client.unassignProductInstanceFromSite(id, callOptions(options)),
  },
  'instances assign': {
    args: ['instanceId', 'siteId'],
    options: ['--idempotency-key'],
    summary: 'attach an instance to a site, or move it to another',
    help: `Assigns a floating instance to the site, or moves an assigned one there
directly. Prints { package, idempotencyKey }. If it fails, read the package
(packages get): the instance may be on either site or floating.

Options:
${IDEMPOTENCY_HELP}

Example:
  wix-resellers instances assign 7a446d45-508f-41e4-b1a4-0c5b63c37460 517e0000-0000-4000-8000-000000000a02`,
    confirm: ([id, siteId], account) => `Assign product instance ${id} of account ${account} to site ${siteId} (moving it if it is on another)?`,
    run: (client, [instanceId, siteId], options) => client.assignProductInstanceToSite({ instanceId, siteId }, callOptions(options)),
  },
};

const GROUPS = {
  packages: 'look up, query, create and fix packages',
  instances: 'cancel, assign and unassign product instances',
};

function usageLine(name) {
  const command = COMMANDS[name];
  const args = command.args.map((arg) => `<${arg}>`);
  const options = (command.options ?? []).map((option) => {
    const text = OPTIONS[option] === FLAG ? option : `${option} ${OPTIONS[option]}`;
    return command.required?.includes(option) ? text : `[${text}]`;
  });
  return ['wix-resellers', name, ...args, ...options].join(' ');
}

function topHelp() {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const list = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`);
  return `Usage: wix-resellers <command> [arguments] [options]

Looks up and fixes a customer's Wix Resellers packages, with the wix-resellers
client. Answers are JSON on stdout; errors go to stderr with their code and
request id. Anything that cancels or changes a paid service asks first.

Commands:
${list.join('\n')}

wix-resellers <command> --help shows a command's arguments and an example.

${GLOBAL_HELP}

${EXIT_CODES_HELP}`;
}

function groupHelp(group) {
  const names = Object.keys(COMMANDS).filter((name) => name.startsWith(`${group} `));
  return `Usage: wix-resellers ${group} <command> ...

${GROUPS[group][0].toUpperCase()}${GROUPS[group].slice(1)}:
${names.map((name) => `  ${usageLine(name)}\n      ${COMMANDS[name].summary}`).join('\n')}

wix-resellers ${group} <command> --help for one of them; wix-resellers --help for
the credentials, common options and exit codes.`;
}

function commandHelp(name) {
  const command = COMMANDS[name];
  const confirm = command.confirm ? '\nAsks for confirmation first; --yes skips the question (needed without a terminal).\n' : '';
  return `Usage: ${usageLine(name)}

${command.summary[0].toUpperCase()}${command.summary.slice(1)}.
${confirm}
${command.help}

Credentials and common options (--account, --yes, ...): wix-resellers --help.`;
}

class UsageError extends Error {}
class NotConfirmed extends Error {}

/** argv to { positionals, options }; `--name=value` and `--name value` alike, `--` ends the options. */
function parseArgs(argv) {
  const positionals = [];
  const options = {};
  for (let i = 0; i < argv.length; i += 1) {
    let arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    let value;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    arg = ALIASES[arg] ?? arg;
    // Only the option's name is quoted, never a value: a value may be the key.
    if (!(arg in OPTIONS)) throw new UsageError(`unknown option ${arg}`);
    if (OPTIONS[arg] !== FLAG) {
      if (value === undefined) {
        if (i + 1 >= argv.length) throw new UsageError(`${arg} needs a value`);
        i += 1;
        value = argv[i];
      }
      options[arg] = value;
    } else {
      if (value !== undefined) throw new UsageError(`${arg} takes no value`);
      options[arg] = true;
    }
  }
  return { positionals, options };
}

function parseJson(what, text) {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${what} is not JSON: ${error.message}`);
  }
}

/** A whole number; its range is the client's to check (a page is at most 100). */
function parseCount(what, text) {
  if (!/^\d+$/.test(text)) throw new UsageError(`${what} must be a whole number`);
  return Number(text);
}

async function readBody(file) {
  let text;
  try {
    if (file === '-') {
      const chunks = [];
      for await (const chunk of process.stdin) chunks.push(chunk);
      text = Buffer.concat(chunks).toString('utf8');
    } else {
      text = fs.readFileSync(file, 'utf8');
    }
  } catch (error) {
    throw new UsageError(`cannot read ${file === '-' ? 'stdin' : file}: ${error.code ?? error.message}`);
  }
  const body = parseJson(file === '-' ? 'stdin' : file, text);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new UsageError(`${file === '-' ? 'stdin' : file} must hold one JSON object, the Create Package V2 body`);
  }
  return body;
}

function callOptions(options) {
  return options['--idempotency-key'] === undefined ? {} : { idempotencyKey: options['--idempotency-key'] };
}

/**
 * Asks on the terminal. Never waits where nobody can answer: without a
 * terminal on stdin (a script, a pipe, CI) it refuses at once, before
 * anything is sent, and says how to go ahead.
 */
async function confirm(question, { yes, stdinTaken }) {
  if (yes) return;
  if (stdinTaken) throw new NotConfirmed('not confirmed: the body came from stdin, which cannot also answer; nothing was sent. Pass --yes to go ahead.');
  if (!process.stdin.isTTY) {
    throw new NotConfirmed('not confirmed: stdin is not a terminal, so nobody can be asked; nothing was sent. Pass --yes to go ahead without the question.');
  }
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  const answer = await new Promise((resolve) => {
    rl.on('close', () => resolve(null)); // Ctrl-D
    rl.on('SIGINT', () => rl.close()); // Ctrl-C: readline would otherwise only pause
    rl.question(`${question} [y/N] `, resolve);
  });
  rl.close();
  if (!/^\s*y(es)?\s*$/i.test(answer ?? '')) throw new NotConfirmed('not confirmed: nothing was sent.');
}

/** The error as stderr lines: the client's message (which names the code, status and request id), then each field on its own line for grep. */
function describeError(error) {
  const lines = [`wix-resellers: ${error.message}`, `  code: ${error.code}`, `  kind: ${error.kind}`];
  if (error.status !== null && error.status !== undefined) lines.push(`  status: ${error.status}`);
  if (error.requestId) lines.push(`  request id: ${error.requestId}`);
  for (const violation of error.fieldViolations ?? []) lines.push(`  ${violation.field}: ${violation.description}`);
  if (error.idempotencyKey) {
    const unknown = error.kind === 'network' || error.kind === 'timeout' || error.kind === 'response';
    lines.push(
      `  idempotency key: ${error.idempotencyKey}` +
        (unknown ? ` (the change may have happened: rerun with --idempotency-key ${error.idempotencyKey} to act at most once)` : ''),
    );
  }
  return lines.join('\n');
}

function exitCodeOf(error) {
  switch (error.kind) {
    case 'validation':
      return EXIT.VALIDATION;
    case 'api':
      return EXIT.API;
    case 'network':
    case 'timeout':
    case 'response':
      return EXIT.NETWORK;
    default:
      return EXIT.INTERNAL;
  }
}

/** Which help the positionals ask for: a command's, a group's or the tool's. */
function helpFor(positionals) {
  const words = positionals[0] === 'help' ? positionals.slice(1) : positionals;
  const name = words.slice(0, 2).join(' ');
  if (COMMANDS[name]) return commandHelp(name);
  if (GROUPS[words[0]]) return groupHelp(words[0]);
  return topHelp();
}

async function main(argv, write) {
  const { positionals, options } = parseArgs(argv);
  if (options['--version']) {
    write.out(`${require('../package.json').version}\n`);
    return EXIT.OK;
  }
  if (options['--help'] || positionals.length === 0 || positionals[0] === 'help') {
    write.out(`${helpFor(positionals)}\n`);
    return EXIT.OK;
  }
  const [group, verb, ...args] = positionals;
  if (!GROUPS[group]) throw new UsageError(`unknown command: ${group} (commands: ${Object.keys(GROUPS).join(', ')}; see wix-resellers --help)`);
  const name = `${group} ${verb}`;
  const command = COMMANDS[name];
  if (!command) {
    if (verb === undefined) throw new UsageError(`${group} needs a command\n\n${groupHelp(group)}`);
    throw new UsageError(`unknown command: ${name}\n\n${groupHelp(group)}`);
  }
  for (const option of Object.keys(options)) {
    if (!COMMON.includes(option) && !(command.options ?? []).includes(option)) throw new UsageError(`${name} takes no ${option} (see wix-resellers ${name} --help)`);
  }
  if (args.length !== command.args.length) {
    const wanted = command.args.map((arg) => `<${arg}>`).join(' ') || 'no arguments';
    throw new UsageError(`${name} takes ${wanted}, got ${args.length} argument${args.length === 1 ? '' : 's'}\nUsage: ${usageLine(name)}`);
  }

  const apiKey = options['--api-key'] ?? process.env.WIX_API_KEY;
  const accountId = options['--account-id'] ?? process.env.WIX_ACCOUNT_ID;
  const baseUrl = options['--base-url'] ?? process.env.WIX_BASE_URL;
  if (!apiKey) throw new UsageError('no API key: set WIX_API_KEY (or pass --api-key)');
  if (!accountId) throw new UsageError('no account: set WIX_ACCOUNT_ID (or pass --account-id)');
  write.guard(apiKey);

  const prepared = command.prepare ? await command.prepare(options) : {};
  if (prepared.body) {
    // The package's own offline check, so a bad order fails before the
    // question; the client runs the same again before sending.
    const { validateCreatePackage } = require('../index.cjs');
    const { valid, fieldViolations } = validateCreatePackage(prepared.body);
    if (!valid) {
      const lines = fieldViolations.map((violation) => `  ${violation.field}: ${violation.description}`);
      write.err(`wix-resellers: the order is invalid, nothing was sent (${fieldViolations.length} field violation${fieldViolations.length === 1 ? '' : 's'})\n  code: INVALID_REQUEST\n  kind: validation\n${lines.join('\n')}\n`);
      return EXIT.VALIDATION;
    }
  }

  const { ResellersClient } = require('../index.cjs');
  let client = new ResellersClient({ apiKey, accountId, ...(baseUrl ? { baseUrl } : {}) });
  if (options['--account'] !== undefined) client = client.withAccount(options['--account']);

  if (command.confirm) {
    const account = options['--account'] ?? accountId;
    await confirm(command.confirm(args, account, prepared), { yes: options['--yes'] === true, stdinTaken: options['--file'] === '-' });
  }
  const answer = await command.run(client, args, options, prepared);
  if (answer !== undefined) write.out(`${JSON.stringify(answer, null, 2)}\n`);
  return EXIT.OK;
}

// The client never puts the key in an error, and this tool's own messages
// quote no option value. As a last guard, stderr has the exact key (from the
// environment at once, from --api-key once parsed) replaced, whatever put it
// there. Only a key the client would accept (16 characters or more): a
// shorter string would rewrite ordinary words, an oracle for the key.
const write = {
  secrets: [],
  guard(key) {
    if (typeof key === 'string' && key.length >= 16 && !write.secrets.includes(key)) write.secrets.push(key);
  },
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(write.secrets.reduce((line, key) => line.split(key).join('[redacted]'), text)),
};
write.guard(process.env.WIX_API_KEY);

// `wix-resellers packages query --all | head` closes the pipe early: stop quietly.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(EXIT.OK);
  throw error;
});

main(process.argv.slice(2), write).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    if (error instanceof UsageError) {
      write.err(`wix-resellers: ${error.message}\n`);
      process.exitCode = EXIT.USAGE;
    } else if (error instanceof NotConfirmed) {
      write.err(`wix-resellers: ${error.message}\n`);
      process.exitCode = EXIT.NOT_CONFIRMED;
    } else if (error && error.name === 'ResellersError') {
      write.err(`${describeError(error)}\n`);
      process.exitCode = exitCodeOf(error);
    } else {
      write.err(`wix-resellers: internal error: ${error && error.stack ? error.stack : String(error)}\n`);
      process.exitCode = EXIT.INTERNAL;
    }
  },
);
