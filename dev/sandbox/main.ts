// Starts the sandbox Cliqtel API on 127.0.0.1 and prints one machine-readable SANDBOX_READY line, then the keys.

import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { createSandboxApp } from './app';
import type { SandboxOptions } from './types';

const USAGE = `Usage: tsx dev/sandbox/main.ts [--port N] [--seed N] [--now ISO-INSTANT] [--cdr-count N]
                                 [--per-page-cap N] [--rate-limit N] [--messaging-rate-limit N] [--help]
Environment: PORT, SANDBOX_SEED, SANDBOX_NOW, SANDBOX_CDR_COUNT, SANDBOX_PER_PAGE_CAP,
             SANDBOX_RATE_LIMIT, SANDBOX_MESSAGING_RATE_LIMIT, SANDBOX_EXIT_WITH_STDIN=1 (exit when stdin closes)`;

/** The command line through node:util parseArgs; the flags are the ones USAGE lists, so the two cannot drift. */
function readArgs(argv: string[]): Record<string, string | undefined> {
  const flags = [...new Set([...USAGE.matchAll(/--([a-z][a-z-]*)/g)].map((m) => m[1]))];
  try {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        ...Object.fromEntries(flags.map((flag) => [flag, { type: 'string' as const }])),
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) {
      console.log(USAGE);
      process.exit(0);
    }
    return values as Record<string, string | undefined>;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

function integer(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d+$/.test(value)) throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return Number(value);
}

const args = readArgs(process.argv.slice(2));
const env = process.env;
const options: SandboxOptions = {
  seed: integer('seed', args.seed ?? env.SANDBOX_SEED),
  now: args.now ?? env.SANDBOX_NOW ?? undefined,
  cdrCount: integer('cdr-count', args['cdr-count'] ?? env.SANDBOX_CDR_COUNT),
  perPageCap: integer('per-page-cap', args['per-page-cap'] ?? env.SANDBOX_PER_PAGE_CAP),
  rateLimitPerMinute: integer('rate-limit', args['rate-limit'] ?? env.SANDBOX_RATE_LIMIT),
  messagingRateLimitPerMinute: integer('messaging-rate-limit', args['messaging-rate-limit'] ?? env.SANDBOX_MESSAGING_RATE_LIMIT),
};
const port = integer('port', args.port ?? env.PORT) ?? 8787;

const { app, keys, state } = createSandboxApp(options);
// Express 5 calls this back with the error too when listening fails (e.g. the port is taken).
const server = app.listen(port, '127.0.0.1', (error?: Error) => {
  if (error) {
    console.error(`[sandbox] could not listen on 127.0.0.1:${port}: ${error.message}`);
    process.exit(1);
  }
  const address = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${address.port}/api`;
  // The first line is for programs (spawn.ts, scripts); everything after it is for people.
  process.stdout.write(`SANDBOX_READY ${JSON.stringify({ baseUrl, keys })}\n`);
  const lines = [
    '',
    `Cliqtel sandbox API listening on ${baseUrl}`,
    `  now=${new Date(state.now()).toISOString()}${state.options.now ? ' (pinned)' : ''} seed=${state.options.seed} cdrs=${state.data.calls.length} per_page cap=${state.config.perPageCap}`,
    '  API keys (send as "Authorization: Bearer <key>"):',
    ...Object.entries(keys).map(([profile, key]) => `    ${profile.padEnd(12)} ${key}`),
    `  Admin (no auth): http://127.0.0.1:${address.port}/__sandbox/{faults,reset,stats,data/:name,config}`,
    `  Try: curl -H "Authorization: Bearer ${keys.readOnly}" ${baseUrl}/v1/wallet/balance`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
});

let stopping = false;
function shutdown(): void {
  if (stopping) return;
  stopping = true;
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 1000).unref();
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
// A parent that dies without stopping us closes our stdin: do not linger as an orphan.
if (env.SANDBOX_EXIT_WITH_STDIN === '1') {
  process.stdin.on('end', shutdown);
  process.stdin.on('error', shutdown);
  process.stdin.resume();
}
