/**
 * QC release against the real Excel adapter over the Office.js fake, seeded with the demo workbook (RM-ASH lot
 * ASH-2409-B waits in quarantine): what a QA lead sees in Lots and Log after a decision, and what is refused.
 */
import { demoFake, rowsOf } from '../../test/support/demo-workbook';
import { isoDate } from '../domain/dates';
import type { IsoDate, IsoDateTime } from '../domain/types';
import { WorkbookError } from './ports';
import { decideLot, filterLots, readLotsView, type QcContext, type QcInput } from './qc';

const TODAY = isoDate('2026-11-30') as IsoDate;
const NOW = `${TODAY}T14:05:00` as IsoDateTime;

async function setup() {
  const { fake, workbook } = await demoFake(TODAY, `${TODAY}T09:00:00` as IsoDateTime);
  return { fake, workbook };
}


let n = 0;
const ctx = (): QcContext => ({ user: 'Maya (QA)', now: NOW, logId: `L-QC-${++n}` });
const release: QcInput = { sku: 'RM-ASH', lot: 'ASH-2409-B', to: 'released', why: 'Assay and micro within spec', coaRef: 'COA-80144' };

describe('decideLot', () => {
  it('releases a quarantined lot: the Lots row shows released with the COA, the Log says who, when and why', async () => {
    const { fake, workbook } = await setup();
    const c = ctx();
    const logBefore = rowsOf(fake, 'Log').length;
    const out = await decideLot(workbook, release, c);
    expect(out).toMatchObject({ ok: true, from: 'quarantine', alreadySaved: false, lot: { status: 'released', coaRef: 'COA-80144' } });
    expect(rowsOf(fake, 'Lots').find((r) => r['Lot'] === 'ASH-2409-B')).toMatchObject({ Status: 'released', 'COA Ref': 'COA-80144', Supplier: 'Sattva Herbs', 'On Hand': 20 });
    const log = rowsOf(fake, 'Log');
    expect(log).toHaveLength(logBefore + 1);
    expect(log.find((r) => r['Entry ID'] === c.logId)).toMatchObject({
      User: 'Maya (QA)',
      Action: 'status-change',
      Table: 'Lots',
      Key: 'RM-ASH / ASH-2409-B',
      From: 'quarantine',
      To: 'released',
      Why: 'Assay and micro within spec (COA COA-80144)',
    });
    // The When cell is a real Excel date-time, read back as the moment of the decision.
    const back = await workbook.transact((tx) => tx.read(['Log']));
    expect(back.Log.rows.find((r) => r.id === c.logId)?.when).toBe(NOW);
  });

  it('holds and rejects with a reason; the COA on the lot is kept when none is given', async () => {
    const { fake, workbook } = await setup();
    expect(await decideLot(workbook, { sku: 'RM-ASH', lot: 'ASH-2409-B', to: 'hold', why: 'Retest heavy metals', coaRef: '' }, ctx())).toMatchObject({ ok: true, lot: { status: 'hold', coaRef: '' } });
    const rejected = await decideLot(workbook, { sku: 'FG-MAG120', lot: 'MAG-2311', to: 'rejected', why: 'Capsules fused', coaRef: '' }, ctx());
    expect(rejected).toMatchObject({ ok: true, from: 'hold', lot: { status: 'rejected', coaRef: 'COA-CC-2311' } });
    expect(rowsOf(fake, 'Lots').find((r) => r['Lot'] === 'MAG-2311')).toMatchObject({ Status: 'rejected', 'COA Ref': 'COA-CC-2311' });
    expect(rowsOf(fake, 'Log').filter((r) => r['Action'] === 'status-change').map((r) => `${r['Key']}: ${r['From']} -> ${r['To']} (${r['Why']})`)).toEqual([
      'RM-ASH / ASH-2409-B: quarantine -> hold (Retest heavy metals)',
      'FG-MAG120 / MAG-2311: hold -> rejected (Capsules fused)',
    ]);
  });

  it('saving twice, or retrying after a failed sync, writes one Log row', async () => {
    for (const nth of [1, 2]) {
      for (const afterCommands of [0, 2]) {
        const { fake, workbook } = await setup();
        const c = ctx();
        const logBefore = rowsOf(fake, 'Log').length;
        fake.failSync(nth, { afterCommands });
        await decideLot(workbook, release, c).catch((e: unknown) => expect(e).toBeInstanceOf(WorkbookError));
        const retry = await decideLot(workbook, release, c);
        expect(retry.ok).toBe(true);
        const again = await decideLot(workbook, release, c);
        expect(again).toMatchObject({ ok: true, alreadySaved: true, from: 'quarantine' });
        expect(rowsOf(fake, 'Log')).toHaveLength(logBefore + 1);
        expect(rowsOf(fake, 'Lots').find((r) => r['Lot'] === 'ASH-2409-B')).toMatchObject({ Status: 'released' });
      }
    }
  });

  it('refuses what the status rules refuse, in words, and writes nothing', async () => {
    const { fake, workbook } = await setup();
    const cases: Array<[QcInput, string, RegExp]> = [
      [{ ...release, why: '', to: 'hold' }, 'reason-required', /Say why lot RM-ASH \/ ASH-2409-B goes from quarantine to hold/],
      // A COA reference alone does not say why.
      [{ ...release, why: ' ', to: 'rejected', coaRef: 'COA-1' }, 'reason-required', /Say why/],
      [{ ...release, coaRef: '' }, 'coa-required', /COA reference/],
      [{ sku: 'RM-ASH', lot: 'ASH-2407-A', to: 'released', why: 'x', coaRef: '' }, 'same-status', /already released/],
      // MGC-0311 expired 5 days ago.
      [{ sku: 'RM-MGC', lot: 'MGC-0311', to: 'hold', why: 'expired', coaRef: '' }, 'ok', /./],
      [{ sku: 'RM-MGC', lot: 'MGC-0311', to: 'released', why: 'retested', coaRef: '' }, 'not-allowed', /expired on .* and cannot be released/],
      [{ sku: 'RM-ASH', lot: 'NOPE', to: 'released', why: '', coaRef: 'C' }, 'lot-not-found', /not in Lots/],
    ];
    for (const [input, code, message] of cases) {
      const out = await decideLot(workbook, input, ctx());
      if (code === 'ok') {
        expect(out.ok).toBe(true);
        continue;
      }
      expect(out).toMatchObject({ ok: false, code });
      expect(!out.ok && out.message).toMatch(message);
    }
    // Rejected is final.
    await decideLot(workbook, { sku: 'FG-MAG120', lot: 'MAG-2311', to: 'rejected', why: 'destroyed', coaRef: '' }, ctx());
    const final = await decideLot(workbook, { sku: 'FG-MAG120', lot: 'MAG-2311', to: 'released', why: 'oops', coaRef: 'C' }, ctx());
    expect(final).toMatchObject({ ok: false, code: 'not-allowed', message: 'Lot FG-MAG120 / MAG-2311 cannot go from rejected to released. Rejected is final.' });
    expect(rowsOf(fake, 'Log').filter((r) => r['Action'] === 'status-change')).toHaveLength(2);
    // Only the two allowed changes were written; every refused one left its lot as it was.
    expect(rowsOf(fake, 'Lots').find((r) => r['Lot'] === 'ASH-2409-B')).toMatchObject({ Status: 'quarantine', 'COA Ref': '' });
  });

  it('says so when Lots is filtered in Excel, writes nothing, and works once the filter is cleared', async () => {
    const { fake, workbook } = await setup();
    fake.user.filter('Lots', 'Status', (v) => v === 'quarantine');
    const c = ctx();
    const logBefore = rowsOf(fake, 'Log').length;
    const out = await decideLot(workbook, release, c);
    expect(out).toMatchObject({ ok: false, code: 'table-filtered' });
    expect(!out.ok && out.message).toMatch(/Lots is filtered in Excel.*clear the filter/);
    expect(rowsOf(fake, 'Log')).toHaveLength(logBefore);
    expect(rowsOf(fake, 'Lots').find((r) => r['Lot'] === 'ASH-2409-B')).toMatchObject({ Status: 'quarantine' });
    fake.user.clearFilter('Lots');
    expect(await decideLot(workbook, release, c)).toMatchObject({ ok: true, alreadySaved: false });
  });

  it('refuses a lot whose row a user broke in Excel, naming the cell', async () => {
    const { fake, workbook } = await setup();
    const index = rowsOf(fake, 'Lots').findIndex((r) => r['Lot'] === 'ASH-2409-B');
    fake.user.editTableCell('Lots', index, 'Status', 'approved');
    const out = await decideLot(workbook, release, ctx());
    expect(out).toMatchObject({ ok: false, code: 'lot-row-bad' });
    expect(!out.ok && out.message).toMatch(/Lots!I3/);
  });
});

describe('where a refusal belongs', () => {
  it('names the field: the reason for a hold without one, the COA reference for a release without one', async () => {
    const { workbook } = await setup();
    expect(await decideLot(workbook, { sku: 'RM-ASH', lot: 'ASH-2409-B', to: 'hold', why: ' ', coaRef: '' }, ctx())).toMatchObject({ ok: false, code: 'reason-required', field: 'why' });
    expect(await decideLot(workbook, { sku: 'RM-ASH', lot: 'ASH-2409-B', to: 'released', why: 'ok', coaRef: '' }, ctx())).toMatchObject({ ok: false, code: 'coa-required', field: 'coaRef' });
    const missing = await decideLot(workbook, { sku: 'RM-ASH', lot: 'NOPE', to: 'hold', why: 'x', coaRef: '' }, ctx());
    expect(missing).toMatchObject({ ok: false, code: 'lot-not-found' });
    expect(missing).not.toHaveProperty('field');
  });
});

describe('the lots view', () => {
  it('lists lots waiting for QA first, with on hand from the ledger, and finds them by lot, SKU, supplier lot or supplier', async () => {
    const { fake, workbook } = await setup();
    // Someone typed over the stored On Hand: the view counts the ledger.
    fake.user.editTableCell('Lots', 1, 'On Hand', 999);
    const view = await readLotsView(workbook, TODAY);
    const all = filterLots(view.rows, { status: 'all', search: '' });
    expect(all.map((r) => `${r.lot.lot}:${r.status}`).slice(0, 3)).toEqual(['ASH-2409-B:quarantine', 'MAG-2311:hold', 'ASH-2407-A:released']);
    const ash = all[0]!;
    expect(ash).toMatchObject({ onHand: 20000, onHandDiffers: true, decisions: ['released', 'hold', 'rejected'], product: { unit: 'kg' } });
    expect(all.find((r) => r.lot.lot === 'MGC-0311')).toMatchObject({ status: 'expired', decisions: ['hold'] });
    expect(filterLots(view.rows, { status: 'quarantine', search: '' }).map((r) => r.lot.lot)).toEqual(['ASH-2409-B']);
    expect(filterLots(view.rows, { status: 'all', search: 'sh-80144' }).map((r) => r.lot.lot)).toEqual(['ASH-2409-B']);
    expect(filterLots(view.rows, { status: 'all', search: 'fg-mag' }).map((r) => r.lot.lot)).toEqual(['MAG-2311']);
    expect(filterLots(view.rows, { status: 'all', search: 'jost' }).map((r) => r.lot.lot)).toEqual(['MGC-0311']);
  });
});
