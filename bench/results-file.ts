/** A results file of the benchmarks: its heading, then each run's report, newest first. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export function prependResults(file: string, head: string, report: string): void {
  const previous = existsSync(file) ? readFileSync(file, 'utf8').replace(head, '') : '';
  writeFileSync(file, head + report + '\n' + previous);
  console.log(`wrote ${file}`);
}
