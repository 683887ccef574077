// `npm run bench` entry point: parses the flags, runs every section, prints the table, writes bench/results.json.
import fs from 'node:fs';
import { DEFAULT_OPTIONS, parseBenchArgs, runBench, USAGE } from './bench';
import { CALLS_LOG_USAGE, formatCallsLogResults, runCallsLogBench, splitCallsLogArgs } from './callsLog';
import { runSmsBench, SMS_USAGE, splitSmsArgs } from './sms';

let options: ReturnType<typeof parseBenchArgs>;
let calls: ReturnType<typeof splitCallsLogArgs>;
let sms: ReturnType<typeof splitSmsArgs>;
try {
  // The calls-log section takes its own flags (bench/callsLog.ts); the rest go to the main sections.
  sms = splitSmsArgs(process.argv.slice(2));
  calls = splitCallsLogArgs(sms.rest);
  options = parseBenchArgs(calls.rest);
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
if (options.help) {
  console.log(`${USAGE}\n${CALLS_LOG_USAGE}\n${SMS_USAGE}`);
  process.exit(0);
}
try {
  if (!calls.logOnly && !sms.smsOnly) await runBench(options);
  if (!calls.noLog && !sms.smsOnly) {
    const results = await runCallsLogBench({
      ...calls.log,
      quiet: options.quiet ?? false,
      ...(options.addonCodePath ? { addonCodePath: options.addonCodePath } : {}),
    });
    if (!options.quiet) process.stdout.write(`\n${formatCallsLogResults(results)}\n`);
    // Added to results.json next to the main sections (written by runBench just before).
    const out = options.out === undefined ? DEFAULT_OPTIONS.out : options.out;
    if (out) {
      const existing = fs.existsSync(out) ? JSON.parse(fs.readFileSync(out, 'utf8')) : {};
      fs.writeFileSync(out, `${JSON.stringify({ ...existing, callsLog: results }, null, 2)}\n`);
    }
  }
  if (!sms.noSms && !calls.logOnly) {
    const results = await runSmsBench({
      quiet: options.quiet ?? false,
      ...(sms.messages ? { messages: sms.messages } : {}),
      ...(options.addonCodePath ? { addonCodePath: options.addonCodePath } : {}),
    });
    // Added to results.json next to the other sections.
    const out = options.out === undefined ? DEFAULT_OPTIONS.out : options.out;
    if (out) {
      const existing = fs.existsSync(out) ? JSON.parse(fs.readFileSync(out, 'utf8')) : {};
      fs.writeFileSync(
        out,
        `${JSON.stringify({ ...existing, sms: results }, null, 2)}
`,
      );
    }
  }
} catch (error) {
  console.error(error);
  process.exit(1);
}
