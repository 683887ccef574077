// `npm start`: the real add-on (dist/) running in the Apps Script emulator against the sandbox API (a child
// process), served as a browser playground on 127.0.0.1: spreadsheet grid, formula bar, menu, sidebar, dialogs.
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';
import express from 'express';
import { type Bridge, createBridge, injectShim } from '../bridge/server';
import { Emulator } from '../emulator/index';
import { type SandboxHandle, type StartSandboxOptions, startSandbox } from '../sandbox/spawn';
import { createDemoSpreadsheet } from './demo';
import type { ActionResult, BackendInfo, MenuItemView, PlaygroundState } from './protocol';
import { runScheduledTriggers } from './triggers';
import { UiEventLog } from './uiEvents';
import { addRowsAtBottom, recalculateErrored, sheetView, typeIntoCell } from './workbook';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PLAYGROUND_DIR = path.join(REPO_ROOT, 'dev', 'playground');
/** Sheets lists an add-on's menu under Extensions by the add-on's name. */
const ADDON_MENU_NAME = 'Cliqtel';
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export interface PlaygroundOptions {
  /** Port to serve on; default PORT or 3000. If it is taken a free port is used. 0 = any free port. */
  port?: number;
  /** A real Cliqtel API instead of the sandbox; default process.env.CLIQTEL_BASE_URL. null forces the sandbox. */
  baseUrl?: string | null;
  /** Where the built add-on is; default <repo>/dist. */
  distDir?: string;
  /** The spreadsheet's time zone; default Europe/London. */
  timeZone?: string;
  /** Pins the start of the sandbox's and the emulator's clocks (an ISO instant; tests use TEST_NOW); default real time. */
  now?: string;
  sandbox?: StartSandboxOptions;
  /** Open the sidebar at start (as a user would first do); default true. */
  openSidebar?: boolean;
}

export interface Playground {
  url: string;
  emulator: Emulator;
  /** The sandbox child process, or null when a real API is used. */
  sandbox: SandboxHandle | null;
  backend: BackendInfo;
  bridge: Bridge;
  stop(): Promise<void>;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** https:// for any host, http:// only for loopback hosts (docs/cliqtel-api.md#base-url-and-authentication). */
export function checkBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new Error(`CLIQTEL_BASE_URL is not a URL: ${baseUrl}`);
  }
  if (url.protocol === 'http:' && !LOOPBACK_HOSTS.has(url.hostname)) {
    throw new Error(`CLIQTEL_BASE_URL must use https:// (http:// is accepted only for 127.0.0.1 or localhost): ${baseUrl}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`CLIQTEL_BASE_URL must be https://: ${baseUrl}`);
  return baseUrl.replace(/\/+$/, '');
}

function listen(app: express.Express, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, '127.0.0.1');
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}

async function listenPreferring(app: express.Express, port: number): Promise<Server> {
  try {
    return await listen(app, port);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) throw error;
    return listen(app, 0);
  }
}

async function bundleClient(): Promise<string> {
  const result = await esbuild.build({
    entryPoints: [path.join(PLAYGROUND_DIR, 'client', 'main.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2020',
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

/** Starts the sandbox (unless a real API is configured), the emulator on dist/, and the playground's HTTP server. */
export async function startPlayground(options: PlaygroundOptions = {}): Promise<Playground> {
  const distDir = options.distDir ?? path.join(REPO_ROOT, 'dist');
  if (!fs.existsSync(path.join(distDir, 'Code.js'))) throw new Error(`${distDir}/Code.js is missing: run npm run build first`);
  const configured = options.baseUrl === undefined ? process.env.CLIQTEL_BASE_URL || null : options.baseUrl;
  const remoteBaseUrl = configured ? checkBaseUrl(configured) : null;
  const clientScript = await bundleClient();

  // The sandbox must be another process: emulator.run blocks this thread while UrlFetchApp waits for the answer.
  const now = options.now ?? options.sandbox?.now;
  const sandbox = remoteBaseUrl ? null : await startSandbox({ now, ...options.sandbox });
  const baseUrl = remoteBaseUrl ?? (sandbox as SandboxHandle).baseUrl;
  const emulator = new Emulator({
    codePath: path.join(distDir, 'Code.js'),
    htmlDir: distDir,
    manifestPath: path.join(distDir, 'appsscript.json'),
    scriptProperties: { CLIQTEL_BASE_URL: baseUrl },
    extraUrlFetchWhitelist: [`${baseUrl}/`],
    timeZone: options.timeZone ?? 'Europe/London',
    now,
  });
  const events = new UiEventLog(() => emulator);
  let version = 1;

  const stopBackends = async () => {
    await emulator.close();
    await sandbox?.stop();
  };

  const clockTriggers = () => emulator.triggers.filter((t) => t.eventType === 'CLOCK').length;
  const backend = (): BackendInfo =>
    sandbox
      ? {
          kind: 'sandbox',
          baseUrl,
          demoKeys: { full: sandbox.keys.full, readOnly: sandbox.keys.readOnly },
          clockTriggers: clockTriggers(),
        }
      : { kind: 'remote', baseUrl, clockTriggers: clockTriggers() };

  /** After anything ran: show what it opened, recalculate re-entered formulas (as Sheets does), tell the page. */
  const afterChange = () => {
    events.collect();
    emulator.recalculateChanged();
    version++;
  };

  try {
    createDemoSpreadsheet(emulator, {
      today: new Date(emulator.now()).toISOString().slice(0, 10),
      keyHint: sandbox
        ? 'click “Use demo key” at the top, or paste a demo key into the sidebar (Extensions › Cliqtel › Open sidebar).'
        : 'paste your Cliqtel API key into the sidebar (Extensions › Cliqtel › Open sidebar).',
    });
    // An installed add-on's onOpen runs as a simple trigger in AuthMode.LIMITED when the spreadsheet opens.
    emulator.run('onOpen', [], { mode: 'simple', authMode: 'LIMITED' });
    if (options.openSidebar ?? true) emulator.run('cliqtelShowSidebar', [], { mode: 'menu' });
    afterChange();
  } catch (error) {
    await stopBackends();
    throw error;
  }

  const bridge = createBridge({
    emulator,
    distDir,
    onRpc: (record) => {
      // A saved (or removed) key: formulas that failed for want of a key are recalculated, as on reopening.
      if (record.ok && (record.name === 'cliqtelSaveApiKey' || record.name === 'cliqtelClearApiKey')) {
        recalculateErrored(emulator);
      }
      afterChange();
    },
  });

  const act = (title: string, body: () => string | undefined): ActionResult => {
    try {
      const message = body();
      return { ok: true, message };
    } catch (error) {
      events.collect();
      events.note('error', title, messageOf(error));
      return { ok: false, error: messageOf(error) };
    } finally {
      afterChange();
    }
  };

  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  app.get('/', (_req, res) => {
    res.type('html').send(fs.readFileSync(path.join(PLAYGROUND_DIR, 'page.html'), 'utf8'));
  });
  app.get('/style.css', (_req, res) => {
    res.type('css').send(fs.readFileSync(path.join(PLAYGROUND_DIR, 'style.css'), 'utf8'));
  });
  app.get('/app.js', (_req, res) => {
    res.type('js').send(clientScript);
  });
  app.use('/bridge', bridge);
  app.get('/opened/:file', (req, res) => {
    const id = Number(/^(\d+)\.html$/.exec(req.params.file)?.[1]);
    const page = events.pages.get(id);
    if (!page) {
      res.status(404).type('text').send('No such page');
      return;
    }
    res.type('html').send(injectShim(page.html, '/bridge', page.name));
  });

  app.get('/api/version', (_req, res) => {
    res.json({ version });
  });
  app.get('/api/state', (req, res) => {
    const since = Number(req.query.events ?? 0) || 0;
    const ss = emulator.activeSpreadsheet;
    const menus = emulator.ui.menus.map((menu) => ({
      title: menu.addon ? `Extensions › ${ADDON_MENU_NAME}` : menu.title,
      addon: menu.addon,
      items: menu.items as MenuItemView[],
    }));
    const state: PlaygroundState = {
      version,
      spreadsheetName: ss.name,
      timeZone: ss.timeZone,
      sheets: ss.sheets.map((s) => ({ name: s.name, sheetId: s.sheetId })),
      activeSheet: sheetView(ss.activeSheet),
      menus,
      events: events.since(since),
      backend: backend(),
    };
    res.json(state);
  });

  const api = express.Router();
  api.use(express.json());
  api.post('/cell', (req, res) => {
    const { sheet, row, col, input } = req.body as { sheet: string; row: number; col: number; input: string };
    res.json(
      act('Edit', () => {
        typeIntoCell(emulator, String(sheet), Number(row), Number(col), String(input ?? ''));
        return undefined;
      }),
    );
  });
  api.post('/rows', (req, res) => {
    const { sheet, count } = req.body as { sheet: string; count: number };
    res.json(
      act('Add rows', () => {
        addRowsAtBottom(emulator, String(sheet), Number(count));
        return undefined;
      }),
    );
  });
  api.post('/activate', (req, res) => {
    const { sheet } = req.body as { sheet: string };
    res.json(
      act('Sheet', () => {
        const ss = emulator.activeSpreadsheet;
        ss.activeSheetId = ss.sheetNamed(String(sheet)).sheetId;
        return undefined;
      }),
    );
  });
  api.post('/menu', (req, res) => {
    const { functionName } = req.body as { functionName: string };
    const known = emulator.ui.menus.some((m) =>
      JSON.stringify(m.items).includes(`"functionName":${JSON.stringify(functionName)}`),
    );
    if (!known) {
      res.status(400).json({ ok: false, error: `No menu item runs ${functionName}` });
      return;
    }
    res.json(
      act('Cliqtel', () => {
        emulator.run(String(functionName), [], { mode: 'menu' });
        return undefined;
      }),
    );
  });
  api.post('/trigger', (_req, res) => {
    res.json(
      act('Scheduled refresh', () => {
        const { message, failed } = runScheduledTriggers(emulator);
        events.collect();
        events.note(failed ? 'error' : 'info', 'Scheduled refresh', message);
        return message;
      }),
    );
  });
  app.use('/api', api);

  let server: Server;
  try {
    server = await listenPreferring(app, options.port ?? Number(process.env.PORT ?? 3000));
  } catch (error) {
    await stopBackends();
    throw error;
  }
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let stopped: Promise<void> | null = null;
  return {
    url,
    emulator,
    sandbox,
    backend: backend(),
    bridge,
    stop: () => {
      stopped ??= (async () => {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await stopBackends();
      })();
      return stopped;
    },
  };
}

const USAGE = `Usage: npm start [-- --port N]   (or: tsx dev/playground/server.ts [--port N] [--help])
Serves the playground on 127.0.0.1: port 3000 by default, the next free one if it is taken, 0 = any free port.
Environment: PORT (same as --port), CLIQTEL_BASE_URL (a real Cliqtel API instead of the built-in sandbox)`;

/** The command line through node:util parseArgs: --port (else PORT, else 3000) and --help. */
function readArgs(argv: string[]): { port: number } {
  let values: { port?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: { port: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const raw = values.port ?? process.env.PORT ?? '3000';
  if (!/^\d+$/.test(raw) || Number(raw) > 65535) {
    console.error(`--port (or PORT) must be a port number from 0 to 65535, got "${raw}"\n${USAGE}`);
    process.exit(2);
  }
  return { port: Number(raw) };
}

async function main(): Promise<void> {
  const requestedPort = readArgs(process.argv.slice(2)).port;
  const playground = await startPlayground({ port: requestedPort });
  const { backend } = playground;
  const lines = ['', `Cliqtel playground: ${playground.url}`];
  if (requestedPort !== 0 && !playground.url.endsWith(`:${requestedPort}`)) {
    lines.push(`  (port ${requestedPort} was taken, so a free port is used; choose another with --port or PORT)`);
  }
  if (backend.kind === 'sandbox' && backend.demoKeys) {
    lines.push(
      `  Sandbox Cliqtel API: ${backend.baseUrl}`,
      `  Demo keys (paste one into the sidebar, or click "Use demo key" on the page):`,
      `    full access  ${backend.demoKeys.full}`,
      `    read-only    ${backend.demoKeys.readOnly}`,
    );
  } else {
    lines.push(`  Real Cliqtel API: ${backend.baseUrl} — save your own API key in the sidebar.`);
  }
  lines.push('  Ctrl-C stops the playground and the sandbox.', '');
  console.log(lines.join('\n'));
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`\n${signal}: stopping the playground…`);
    playground.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(messageOf(error));
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

const invokedDirectly = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  main().catch((error: unknown) => {
    console.error(`Could not start the playground: ${messageOf(error)}`);
    process.exit(1);
  });
}
