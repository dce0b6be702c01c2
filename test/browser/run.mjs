// Runs each browser test file in its own process. A file that fails is run once more and, if it passes then,
// is reported as FLAKY by name (never silently): a headless browser on a loaded 2-core machine has timing noise
// that a re-run tells apart from a real failure, which fails both times and fails the run.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = new URL('.', import.meta.url).pathname;
const files = readdirSync(dir).filter((f) => f.endsWith('.test.mjs')).sort();
let passed = 0;
let failed = 0;
const flaky = [];
const broken = [];

function run(file) {
  const r = spawnSync(process.execPath, ['--test', join(dir, file)], { encoding: 'utf8', env: process.env });
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  const count = (name) => Number((r.stdout.match(new RegExp(`^# ${name} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
  return { ok: r.status === 0, pass: count('pass'), fail: count('fail') };
}

for (const file of files) {
  let r = run(file);
  if (!r.ok) {
    console.log(`\n### ${file} failed; running it once more to tell timing noise from a real failure\n`);
    r = run(file);
    if (r.ok) flaky.push(file);
    else broken.push(file);
  }
  passed += r.pass;
  failed += r.ok ? 0 : Math.max(r.fail, 1);
}

console.log(`\nbrowser test files: ${files.length}${flaky.length ? `; FLAKY (failed once, passed on the re-run): ${flaky.join(', ')}` : ''}${broken.length ? `; FAILED twice: ${broken.join(', ')}` : ''}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(broken.length ? 1 : 0);
