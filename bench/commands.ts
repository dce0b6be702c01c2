/**
 * Issue 14's figures: each command cold (first open on a computer: an adapter that remembers nothing) and warm (the
 * pane has been open: the same adapter, one command later, with new input), in round trips and bytes against the
 * fake. Warm targets: at most 3 syncs, bytes received under 200 KB at 1,000,000 movements, and at most 1.5x from
 * 20,000 to 200,000 movements (judged when both sizes run: `npm run bench -- --sizes 20000,200000`).
 */
import type { WorkbookPort } from '../src/app/ports';
import { recordCount, writeCountSheet } from '../src/app/count';
import { orderLineKey, writePickList } from '../src/app/pick';
import { produce } from '../src/app/produce';
import { decideLot } from '../src/app/qc';
import { runRecall, writeRecallReport } from '../src/app/recall';
import { readReceiptFormTables, readReceiptStock, readReceiptTables, receive } from '../src/app/receive';
import { receiveReturn } from '../src/app/returns';
import { confirmShipment, loadPickList } from '../src/app/ship';
import { lotKey } from '../src/domain/codec';
import { newId } from '../src/domain/ids';
import { onHandByLot } from '../src/domain/ledger';
import type { IsoDateTime } from '../src/domain/types';
import { createExcelWorkbook } from '../src/excel/excel-workbook';
import type { RoundTripContext } from './extra';
import { IDBKeyRange, indexedDB } from 'fake-indexeddb';
import { createTableStore } from '../src/cache/table-store';
import { TableMemory } from '../src/excel/table-memory';
import { STAMP_BLOCK_ROWS } from '../src/excel/stamps';

const kb = (b: number) => (b < 1024 * 1024 ? `${(b / 1024).toFixed(1)} KB` : `${(b / 1024 / 1024).toFixed(2)} MB`);
/** Warm bytes received per command and size, for the growth rows. */
const warmBytes = new Map<string, Map<number, number>>();

interface Command {
  readonly name: string;
  /** Runs the command once; `round` 0 is the cold run, 1 the warm one (new ids, new input where it matters). */
  readonly run: (wb: WorkbookPort, round: number) => Promise<unknown>;
}

export async function commandBenchmarks(ctx: RoundTripContext): Promise<void> {
  const { fake, workbook: setup, add, size, today, workbookData: w } = ctx;
  const now = `${today}T09:00:00` as IsoDateTime;
  const onHand = onHandByLot(w.Movements);
  const stock = (l: { sku: string; lot: string }) => onHand.get(lotKey(l.sku, l.lot)) ?? 0;
  const rawSku = w.Products.find((p) => p.kind === 'raw')!.sku;
  const rawLots = w.Lots.filter((l) => l.sku.startsWith('RM-') && l.status === 'released' && (l.expiry ?? '9999') > today && stock(l) >= 8000).sort((a, b) => stock(b) - stock(a));
  const blend = w.Products.find((p) => p.sku.startsWith('BL-'))!;
  const open = w.Orders.filter((o) => o.status === 'open').map((o) => orderLineKey(o.orderId, o.line));
  const consumed = w.Movements.find((m) => m.type === 'CONSUME' && m.sku.startsWith('RM-'))!;
  const shipped = w.Shipments.slice(-2);

  // Set up what ship and count entry need, with the set-up adapter (not measured).
  const pickIds = [newId('PL'), newId('PL')];
  for (const [i, id] of pickIds.entries()) await writePickList(setup, { id, shipDate: today, lineKeys: open.slice(40 + i * 20, 60 + i * 20), user: 'bench' });
  const pickRows = await Promise.all(pickIds.map(async (id) => {
    const l = await loadPickList(setup, id);
    return l.ok ? l.list.rows.map((r) => ({ index: r.index, lot: r.lot, qty: r.toPick })) : [];
  }));
  const countId = `CNT-BENCH-${size}`;
  await writeCountSheet(setup, { id: countId, scope: { kind: 'sample', lots: 4 }, blind: false, user: 'bench', today, despiteOpenCounts: true });
  const counted = w.Lots.filter((l) => l.status === 'released' && stock(l) > 0).slice(0, 2);

  const commands: Command[] = [
    { name: 'receive', run: (wb, r) => receive(wb, { sku: rawSku, lot: `RCV-${size}-${r}`, quantity: '12.5', expiry: '2028-06-30', poRef: 'PO-BENCH' }, { user: 'bench', today, ids: { movement: newId('M'), log: newId('L') } }) },
    // Releases the lots the receipts above made (they start in quarantine).
    { name: 'release (QC)', run: (wb, r) => decideLot(wb, { sku: rawSku, lot: `RCV-${size}-${r}`, to: 'released', why: 'COA reviewed', coaRef: `COA-${r}` }, { user: 'bench', now, logId: newId('L') }) },
    {
      name: 'produce',
      run: (wb, r) =>
        produce(wb, { outputSku: blend.sku, plannedQuantity: '4', actualQuantity: '3.9', conversionCost: '12.5', inputs: rawLots.slice(2 * r, 2 * r + 2).map((l) => ({ sku: l.sku, lot: l.lot, quantity: '2' })) }, { user: 'bench', today, now, ids: { run: newId('R'), log: newId('L') } }),
    },
    { name: 'pick list (20 lines)', run: (wb, r) => writePickList(wb, { id: newId('PL'), shipDate: today, lineKeys: open.slice(r * 20, r * 20 + 20), user: 'bench' }) },
    { name: 'ship a pick list', run: (wb, r) => confirmShipment(wb, { pickListId: pickIds[r]!, shipDate: today, user: 'bench', now, rows: pickRows[r]! }) },
    { name: 'count entry', run: (wb, r) => recordCount(wb, { countId, sku: counted[r]!.sku, lot: counted[r]!.lot, location: counted[r]!.location, counted: '1', entryId: newId('L'), user: 'bench', now }) },
    {
      name: 'return',
      run: (wb, r) => receiveReturn(wb, { shipmentId: shipped[r]!.id, line: shipped[r]!.line, qty: '1', reason: 'Damaged box', location: '', user: 'bench', today, now, ids: { movement: newId('M'), log: newId('L'), statusLog: newId('L') } }),
    },
    { name: 'recall trace', run: (wb) => runRecall(wb, { starts: [{ sku: consumed.sku, lot: consumed.lot }], direction: 'forward' }) },
  ];

  // Time to a usable pane: a first open reads what the Receive form needs (Products, Lots, Settings), then the stock
  // history (Movements) for on hand and the checks that need the ledger, as the pane does (two transactions).
  {
    const fresh = createExcelWorkbook((b) => fake.run(b));
    fake.resetStats();
    const t = performance.now();
    await readReceiptFormTables(fresh);
    const s = { ...fake.stats };
    const formMs = performance.now() - t;
    add({ size, section: 'cold', what: 'time to a usable pane (Receive: Products, Lots, Settings; Excel time not included)', value: `${Math.round(formMs)} ms, ${s.syncs} syncs, ${kb(s.responseBytes)} received` });
    fake.resetStats();
    await readReceiptStock(fresh);
    const m = fake.stats;
    add({
      size,
      section: 'cold',
      what: 'Receive: stock preview arrives (the Movements columns a receipt uses, read after the form; Excel time not included)',
      value: `${Math.round(performance.now() - t)} ms after opening, ${m.syncs} syncs, ${kb(m.responseBytes)} received`,
    });
  }

  for (const c of commands) {
    const wb = createExcelWorkbook((b) => fake.run(b));
    for (const round of [0, 1]) {
      fake.resetStats();
      const result = (await c.run(wb, round)) as { ok?: boolean; code?: string; message?: string } | undefined;
      if (result && result.ok === false) throw new Error(`bench: ${c.name} refused: ${result.code} ${result.message ?? ''}`);
      const s = { ...fake.stats };
      const value = `${s.syncs} syncs, ${kb(s.responseBytes)} received, ${kb(s.requestBytes)} sent (largest ${kb(Math.max(s.maxRequestBytes, s.maxResponseBytes))})`;
      if (round === 0) {
        add({ size, section: 'cold', what: `${c.name}: first command on this computer (reads the columns it uses, ${Math.max(1, Math.ceil(s.responseBytes / (5 * 1024 * 1024)))} × 5 MB)`, value });
        continue;
      }
      const bytesOk = size < 1_000_000 || s.responseBytes < 200 * 1024;
      add({ size, section: 'warm', what: `${c.name}: the pane has been open`, value, target: size >= 1_000_000 ? '≤ 3 syncs, < 200 KB' : '≤ 3 syncs', met: s.syncs <= 3 && bytesOk });
      if (!warmBytes.has(c.name)) warmBytes.set(c.name, new Map());
      warmBytes.get(c.name)!.set(size, s.responseBytes);
    }
  }

  // A warm start: the pane was closed and opened again (a new adapter), with what the last session kept in
  // IndexedDB (fake-indexeddb here: pure JavaScript, far slower than a browser's).
  if (size <= 200_000) {
    const key = () => `bench-${size}-${Date.now()}`;
    const k = key();
    const before = createTableStore(() => k, STAMP_BLOCK_ROWS, { indexedDB, IDBKeyRange });
    await readReceiptTables(createExcelWorkbook((b) => fake.run(b), { memory: new TableMemory(before) }));
    let t = performance.now();
    await before.flushed();
    const keptMs = performance.now() - t;
    const again = createExcelWorkbook((b) => fake.run(b), { memory: new TableMemory(createTableStore(() => k, STAMP_BLOCK_ROWS, { indexedDB, IDBKeyRange })) });
    fake.resetStats();
    t = performance.now();
    await receive(again, { sku: rawSku, lot: `RCV-${size}-restart`, quantity: '1', expiry: '2028-06-30' }, { user: 'bench', today, ids: { movement: newId('M'), log: newId('L') } });
    const s = { ...fake.stats };
    add({
      size,
      section: 'warm start',
      what: 'receive after the pane was closed and opened again (table memory from IndexedDB)',
      value: `${s.syncs} syncs, ${kb(s.responseBytes)} received; ${Math.round(performance.now() - t)} ms with the restore (keeping it took ${Math.round(keptMs)} ms, in the background)`,
      target: '≤ 3 syncs',
      met: s.syncs <= 3,
    });
  }

  // A legal record: traced on a verifying read of the workbook itself, whatever is remembered.
  fake.resetStats();
  await writeRecallReport(setup, { starts: [{ sku: consumed.sku, lot: consumed.lot }], direction: 'forward', reason: 'Benchmark', recallClass: 'II', user: 'bench', now, reportId: newId('RR') });
  const s = fake.stats;
  add({ size, section: 'verified', what: 'recall report (a full verifying read, then the report sheet)', value: `${s.syncs} syncs, ${kb(s.responseBytes)} received` });
}

/** Warm bytes at 200,000 over 20,000 movements, per command: the target is at most 1.5x. */
export function growthRows(add: (r: { size: number; section: string; what: string; value: string; target?: string; met?: boolean }) => void): void {
  for (const [name, bySize] of warmBytes) {
    const small = bySize.get(20_000);
    const big = bySize.get(200_000);
    if (small === undefined || big === undefined) continue;
    const ratio = big / small;
    add({ size: 200_000, section: 'warm growth', what: `${name}: bytes at 200,000 / at 20,000 movements`, value: `${kb(big)} / ${kb(small)} = ${ratio.toFixed(2)}×`, target: '≤ 1.5×', met: ratio <= 1.5 });
  }
}
