// Where an emulator run's time goes: the script's own JavaScript (functions of the bundle, and the builtins they
// call) apart from the emulator's service work (coercing written cells, parsing CSV, the sheet model) and the HTTP
// wait. V8's sampling CPU profiler (node:inspector, in-process) over one extra run; see bench/README.md.
import fs from 'node:fs';
import inspector from 'node:inspector';
import path from 'node:path';

export interface TimeSplit {
  /** Samples in the bundle's own functions (and builtins called from them). */
  scriptMs: number;
  /** Samples in the emulator's services (dev/emulator, csv-parse, …) except the HTTP wait. */
  serviceMs: number;
  /** Samples blocked in the emulator's synchronous HTTP client. */
  httpMs: number;
  /** Garbage collection, the profiler's own (program) and idle samples: not attributable to either side. */
  otherMs: number;
}

interface ProfileNode {
  id: number;
  callFrame: { url: string; functionName: string };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

type Side = keyof TimeSplit;

/** The side a frame belongs to, or null for frames without a script (builtins, natives): they take their caller's. */
function sideOfUrl(url: string, scriptFile: string): Side | null {
  if (url === '') return null;
  const file = url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url;
  if (path.resolve(file) === scriptFile || path.basename(file) === path.basename(scriptFile)) return 'scriptMs';
  if (file.includes(`${path.sep}syncHttp.`) || file.includes('httpWorker')) return 'httpMs';
  return 'serviceMs';
}

/** Splits a CPU profile's samples by side (pure, exported for tests). */
export function splitProfile(profile: Profile, scriptFile: string): TimeSplit {
  const parent = new Map<number, number>();
  const byId = new Map<number, ProfileNode>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const memo = new Map<number, Side>();
  const sideOf = (id: number): Side => {
    const known = memo.get(id);
    if (known) return known;
    const node = byId.get(id);
    let side: Side;
    if (!node) side = 'otherMs';
    else {
      const name = node.callFrame.functionName;
      const own = sideOfUrl(node.callFrame.url, scriptFile);
      if (own) side = own;
      else if (name === '(garbage collector)' || name === '(program)' || name === '(idle)' || name === '(root)') side = 'otherMs';
      else {
        const up = parent.get(id);
        side = up === undefined ? 'otherMs' : sideOf(up);
      }
    }
    memo.set(id, side);
    return side;
  };
  const split: TimeSplit = { scriptMs: 0, serviceMs: 0, httpMs: 0, otherMs: 0 };
  for (let i = 0; i < profile.samples.length; i++) split[sideOf(profile.samples[i])] += (profile.timeDeltas[i] ?? 0) / 1000;
  return split;
}

function post<T>(session: inspector.Session, method: string, params?: object): T {
  let result: T | undefined;
  let failure: Error | null = null;
  // The inspector session answers synchronously in the same thread.
  session.post(method, params ?? {}, (err, res) => {
    if (err) failure = err;
    else result = res as T;
  });
  if (failure) throw failure;
  return result as T;
}

/** Runs `body` under the CPU profiler (sampling every `intervalUs`) and splits its time by side. */
export function profileRun(body: () => unknown, scriptPath: string, intervalUs = 500): TimeSplit {
  const scriptFile = path.resolve(fs.existsSync(scriptPath) ? fs.realpathSync(scriptPath) : scriptPath);
  const session = new inspector.Session();
  session.connect();
  try {
    post(session, 'Profiler.enable');
    post(session, 'Profiler.setSamplingInterval', { interval: intervalUs });
    post(session, 'Profiler.start');
    let profile: Profile;
    try {
      body();
    } finally {
      profile = post<{ profile: Profile }>(session, 'Profiler.stop').profile;
      post(session, 'Profiler.disable');
    }
    const dir = process.env.BENCH_PROFILE_DIR;
    if (dir) {
      // For a closer look: open it in Chrome DevTools (Performance) or VS Code.
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, `${path.basename(scriptFile)}.cpuprofile`), JSON.stringify(profile));
    }
    return splitProfile(profile, scriptFile);
  } finally {
    session.disconnect();
  }
}
