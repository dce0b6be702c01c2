/**
 * One key identity (issue 13): whatever the planner calls a new lot, the adapter appends; whatever it calls an
 * existing lot, the adapter finds. Lot codes that differ from one on file only in case or outer spaces are the lot
 * on file, and a movement never names a lot that Lots lacks.
 */
import fc from 'fast-check';
import { demoFake, rowsOf } from '../support/demo-workbook';
import { planReceipt, readReceiptTables } from '../../src/app/receive';
import type { IsoDate, IsoDateTime } from '../../src/domain/types';
import { keyText } from '../../src/domain/keys';

const TODAY = '2026-11-30' as IsoDate;
const NOW = `${TODAY}T09:00:00` as IsoDateTime;

// A lot code on file in the demo workbook, or a new one; typed with any capitals and outer spaces.
const code = fc.oneof(fc.constant('ASH-2407-A'), fc.constant('ASH-2409-B'), fc.stringMatching(/^[A-Z]{2,4}-[0-9]{2,4}$/));
const typed = fc.tuple(code, fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }), fc.constantFrom('', ' ', '  '), fc.constantFrom('', ' ', '\t')).map(([c, upper, before, after]) =>
  before + [...c].map((ch, i) => (upper[i % upper.length] ? ch.toUpperCase() : ch.toLowerCase())).join('') + after,
);

describe('planner and adapter agree on which lot is new', () => {
  it('appends a Lots row exactly when the plan says new, and every movement names a lot in Lots', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(typed, async (lot) => {
        const { fake, workbook } = await demoFake(TODAY, NOW);
        const tables = await readReceiptTables(workbook);
        const before = rowsOf(fake, 'Lots').length;
        n += 1;
        const plan = planReceipt({ sku: 'rm-ash ', lot, quantity: '1', expiry: '' }, tables, { user: 'prop', today: TODAY, now: NOW, ids: { movement: `M-P${n}`, log: `L-P${n}` } });
        if (!plan.ok) return plan.code === 'lot-closed' || plan.code === 'expiry-mismatch';
        const report = await workbook.transact((tx) => tx.write(plan.batch));
        expect(report.appended.Lots ?? 0).toBe(plan.newLot ? 1 : 0);
        expect(rowsOf(fake, 'Lots')).toHaveLength(before + (plan.newLot ? 1 : 0));
        const lots = new Set(rowsOf(fake, 'Lots').map((r) => `${keyText(r.SKU)}\u0000${keyText(r.Lot)}`));
        for (const m of rowsOf(fake, 'Movements')) expect(lots.has(`${keyText(m.SKU)}\u0000${keyText(m.Lot)}`)).toBe(true);
        // The movement is written under the code on file, never under the variant typed.
        const mine = rowsOf(fake, 'Movements').find((m) => m['Movement ID'] === `M-P${n}`)!;
        expect(rowsOf(fake, 'Lots').some((r) => r.SKU === mine.SKU && r.Lot === mine.Lot)).toBe(true);
        return true;
      }),
      { numRuns: 40 },
    );
  });
});
