// `npm run bench` entry point: parses the flags, runs every section, prints the table, writes bench/results.json.
import { parseBenchArgs, runBench, USAGE } from './bench';

let options: ReturnType<typeof parseBenchArgs>;
try {
  options = parseBenchArgs(process.argv.slice(2));
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
if (options.help) {
  console.log(USAGE);
  process.exit(0);
}
try {
  await runBench(options);
} catch (error) {
  console.error(error);
  process.exit(1);
}
