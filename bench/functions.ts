/**
 * What the LOTBOOK functions cost on a big workbook (a script, never a test):
 *   node --expose-gc --max-old-space-size=8000 -r @swc-node/register bench/functions.ts [movements]
 * Seeds the Office.js fake with a synthetic workbook (src/demo/synthetic.ts), then times, per change of the
 * workbook: the one shared read of the tables (with Excel-on-the-web round trips and bytes as the fake counts
 * them), the first answer of each function (which builds the snapshot's indexes) and a further answer (indexes
 * reused, as for the thousandth LOTBOOK cell on a sheet).
 */
import { createExcelWorkbook } from '../src/excel/excel-workbook';
import { FakeExcel } from '../src/office-fake/fake-excel';
import { generateWorkbook } from '../src/demo/synthetic';
import { seedFake } from '../src/demo/seed-fake';
import { evaluate } from '../src/functions/evaluate';
import { createTableSource } from '../src/functions/source';
import type { IsoDate } from '../src/domain/types';

const TODAY = '2026-11-30' as IsoDate;

async function main() {
  const size = Number(process.argv[2] ?? 100_000);
  const w = generateWorkbook({ movements: size, seed: 2026, today: TODAY });
  const fake = new FakeExcel({ readCellLimit: Number.MAX_SAFE_INTEGER } as never);
  seedFake(fake, w);
  const workbook = createExcelWorkbook((b) => fake.run(b));
  await workbook.setUp();
  const source = createTableSource(workbook, () => undefined);
  fake.resetStats();
  let t = performance.now();
  const tables = await source.read();
  const readMs = performance.now() - t;
  console.log(`${size.toLocaleString('en-US')} movements (${w.Lots.length} lots, ${w.Shipments.length} shipments, ${w.Products.length} SKUs)`);
  console.log(`read of the tables: ${readMs.toFixed(0)} ms, ${fake.stats.syncs} round trips, ${(fake.stats.responseBytes / 1e6).toFixed(1)} MB received`);
  const finished = w.Lots.find((l) => l.sku.startsWith('FG-') && l.status === 'released')!;
  const raw = w.Lots.find((l) => l.sku.startsWith('RM-'))!;
  const calls: [string, unknown[]][] = [
    ['ONHAND', [finished.sku]],
    ['ONHAND', [finished.sku, finished.lot]],
    ['EXPIRY', [finished.sku, finished.lot]],
    ['STATUS', [finished.sku, finished.lot]],
    ['UNITCOST', [finished.sku, finished.lot]],
    ['FEFO', [finished.sku, 100, undefined, w.Customers[0]!.id]],
    ['GS1', [']C1010950600013435210LOT-A1\x1d17271231', 17]],
    ['TRACE', [raw.sku, raw.lot, 'forward']],
  ];
  for (const [name, args] of calls) {
    t = performance.now();
    const first = evaluate(name, args, tables, TODAY);
    const firstMs = performance.now() - t;
    t = performance.now();
    const n = 100;
    for (let i = 0; i < n; i++) evaluate(name, args, tables, TODAY);
    const againMs = (performance.now() - t) / n;
    const shape = first.ok ? (Array.isArray(first.value) ? `${first.value.length} rows` : String(first.value)) : `#${first.error} ${first.message}`;
    console.log(`${name}(${args.map((a) => JSON.stringify(a)).join(', ')}): first ${firstMs.toFixed(1)} ms, then ${againMs.toFixed(2)} ms each -> ${shape.slice(0, 60)}`);
  }
}

void main();
