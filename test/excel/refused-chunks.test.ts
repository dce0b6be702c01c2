/**
 * Excel on the web refuses a request over 5 MB (RequestPayloadSizeLimitExceeded), and Lotbook's size estimates can
 * be wrong (Office's real envelope is not documented). A refused write chunk was not run, so it is sent again in
 * halves: every row lands exactly once, and the text read-back (text-cells.ts) still checks what was written.
 */
import type { Movement } from '../../src/domain/types';
import { createExcelWorkbook } from '../../src/excel/excel-workbook';
import { FakeExcel } from '../../src/office-fake/fake-excel';
import { storedText } from '../support/variants';
import { testLot, testMovement } from '../support/rows';

const movement = (i: number, patch: Partial<Movement> = {}): Movement => testMovement(i, { note: 'received at dock 4 with a long note about the pallet', ...patch });

const lot = testLot;

/** Excel refuses requests over `limit` while the adapter believes it may send `budget`: its estimates are wrong. */
function optimistic(limit: number, budget: number) {
  const fake = new FakeExcel({ payloadLimitBytes: limit });
  const workbook = createExcelWorkbook((batch) => fake.run(batch), { payloadBudgetBytes: budget });
  return { fake, workbook };
}

describe('a write chunk Excel refuses as too big', () => {
  it('is halved and sent again: every row once, at-risk text still read back and mended', async () => {
    const { fake, workbook } = optimistic(200_000, 600_000);
    await workbook.setUp();
    const rows = Array.from({ length: 4000 }, (_, i) => movement(i, i % 500 === 7 ? { note: "'quoted", ref: '=not a formula' } : {}));
    fake.resetStats();
    const report = await workbook.transact((tx) => tx.write({ append: { Movements: rows } }));
    expect(report.appended.Movements).toBe(4000);
    expect(fake.stats.failedSyncs).toBeGreaterThan(0);
    const t = fake.table('Movements')!;
    expect(t.rows.map((r) => r[0])).toEqual(rows.map((r) => r.id));
    const note = t.headers.indexOf('Note');
    const ref = t.headers.indexOf('Reference');
    rows.forEach((m, i) => {
      expect(t.rows[i]![note]).toBe(storedText(m.note));
      expect(t.rows[i]![ref]).toBe(storedText(m.ref));
    });
  });

  it('sends cell updates again in smaller requests, each cell once', async () => {
    const { fake, workbook } = optimistic(60_000, 400_000);
    await workbook.setUp();
    const lots = Array.from({ length: 600 }, (_, i) => lot(`A-${i}`));
    await workbook.transact((tx) => tx.write({ append: { Lots: lots } }));
    fake.resetStats();
    const changed = lots.map((l, i) => ({ ...l, status: 'released' as const, location: `SHELF-${i}`, coaRef: `=COA-${i}` }));
    const report = await workbook.transact((tx) => tx.write({ update: { Lots: changed } }));
    expect(report.updated.Lots).toBe(600);
    expect(fake.stats.failedSyncs).toBeGreaterThan(0);
    const snap = await workbook.transact((tx) => tx.read(['Lots']));
    expect(snap.Lots.rows.map((l) => [l.lot, l.status, l.location, l.coaRef])).toEqual(changed.map((l) => [l.lot, 'released', l.location, storedText(l.coaRef)]));
  });

  it('still fails with words when a single row is too big for any request', async () => {
    const { workbook } = optimistic(20_000, 100_000);
    await workbook.setUp();
    await expect(workbook.transact((tx) => tx.write({ append: { Movements: [movement(1, { note: 'x'.repeat(25_000) })] } }))).rejects.toMatchObject({ code: 'payload-too-large' });
  });

  it('sizes update requests by what they read back too: wide rows updated in one cell stay under the response limit', async () => {
    const fake = new FakeExcel();
    const workbook = createExcelWorkbook((batch) => fake.run(batch), {});
    await workbook.setUp();
    const lots = Array.from({ length: 1500 }, (_, i) => lot(`W-${i}`, { coaRef: `COA ${i} `.padEnd(2000, 'x') }));
    await workbook.transact((tx) => tx.write({ append: { Lots: lots } }));
    fake.resetStats();
    const report = await workbook.transact((tx) => tx.write({ update: { Lots: lots.map((l) => ({ ...l, status: 'released' as const })) } }));
    expect(report.updated.Lots).toBe(1500);
    expect(fake.stats.failedSyncs).toBe(0);
    expect(fake.stats.maxResponseBytes).toBeLessThanOrEqual(5 * 1024 * 1024);
    expect(fake.table('Lots')!.rows.every((r) => r[fake.table('Lots')!.headers.indexOf('Status')] === 'released')).toBe(true);
  }, 30_000);

  it('halves report-sheet chunks too: every line once, text still mended', async () => {
    const { fake, workbook } = optimistic(300_000, 1_000_000);
    // Long names: the rows weigh far more than their number formats, so only the value chunks are refused.
    const rows = Array.from({ length: 6000 }, (_, i) => [i % 700 === 3 ? `'customer ${i}` : `Customer ${i} `.padEnd(200, '.'), i, 46000 + (i % 30)] as (string | number)[]);
    const report = {
      id: 'rep-1',
      name: 'Recall 2026-12-06',
      title: 'Recall report',
      header: [['Reason', 'contamination'] as const],
      table: { name: 'Recall', columns: [{ header: 'Customer', type: 'text' as const }, { header: 'Qty', type: 'qty' as const }, { header: 'Ship date', type: 'date' as const }], rows },
    };
    fake.resetStats();
    const written = await workbook.transact((tx) => tx.write({ sheets: [report] }));
    expect(fake.stats.failedSyncs).toBeGreaterThan(0);
    const t = fake.table(fake.tableNames().find((n) => n.startsWith('Recall'))!)!;
    expect(written.sheets).toEqual(['Recall 2026-12-06']);
    expect(t.rows).toEqual(rows.map((r) => [storedText(r[0] as string), r[1], r[2]]));
    expect(fake.cell('Recall 2026-12-06', 'A1').value).toBe('Recall report');
  });
});
