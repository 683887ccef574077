// `npm run bench` entry point: parses the flags, runs every section, prints the table, writes bench/results.json.
import { parseBenchArgs, runBench, USAGE } from './bench';

if (process.argv.includes('--help')) {
  console.log(USAGE);
  process.exit(0);
}
let options: ReturnType<typeof parseBenchArgs>;
try {
  options = parseBenchArgs(process.argv.slice(2));
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
try {
  await runBench(options);
} catch (error) {
  console.error(error);
  process.exit(1);
}
