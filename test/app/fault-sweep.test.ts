/**
 * The fault sweep (issue 13): every write command x every sync of its clean run x every way a sync can fail
 * (nothing of the batch applied, half of it applied, all of it applied but the answer lost), then the same command
 * retried with the same input, as a person presses the button again. The workbook must end exactly as after a
 * clean run: every row once, statuses and On Hand right, every report sheet once and whole, every chart and
 * conditional-format rule once.
 *
 * Each command runs through the composition root (src/app/commands.ts) on the real adapter over the Office.js fake,
 * from the playground's demo workbook.
 */
import { demoFake } from '../support/demo-workbook';
import { workbookSnapshot } from '../support/workbook-snapshot';
import { createCommands, type Commands } from '../../src/app/commands';
import { countLineKey } from '../../src/app/count';
import { parseCsv, guessMapping } from '../../src/app/csv-import';
import { orderLineKey } from '../../src/app/pick';
import { guessProductMapping } from '../../src/app/product-import';
import type { IsoDate, IsoDateTime, Qty } from '../../src/domain/types';
import type { FakeExcel } from '../../src/office-fake/fake-excel';
import { createExcelWorkbook } from '../../src/excel/excel-workbook';

const TODAY = '2026-11-30' as IsoDate;
const NOW = `${TODAY}T09:00:00` as IsoDateTime;
const FG_LOT = '2611-ASH60-001';
const q = (n: number) => (n * 1000) as Qty;
const PL = 'PL-20261130-SWEEP001';

interface Scenario {
  readonly name: string;
  /** Clean steps before the command under test (a pick list before a shipment, a count sheet before posting). */
  readonly prepare?: (c: Commands, fake: FakeExcel) => Promise<void>;
  /** The command, with the same input every time it is called. Resolves to the outcome a pane would show. */
  readonly act: (c: Commands) => Promise<unknown>;
  /** Start from an empty workbook instead of the demo one. */
  readonly empty?: boolean;
}

const CSV = [
  'Item,Batch,Expiry Date,Qty,Vendor,Unit Price,PO Number',
  'FG-ASH60,2611-ASH60-901,2028-10-31,240,Contract Caps Co,3.8125,PO-2101',
  'RM-ASH,ASH-2409-B,,5.5,Sattva Herbs,39.25,PO-2102',
].join('\n');

const recallMeta = { reason: 'Salmonella found in retained sample', recallClass: 'II' as const, user: 'Quinn (QA)', now: NOW };
const starts = [{ sku: 'RM-ASH', lot: 'ASH-2407-A' }];

const SCENARIOS: readonly Scenario[] = [
  { name: 'set up an empty workbook', empty: true, act: (c) => c.setUpWorkbook() },
  { name: 'receive a new lot', act: (c) => c.receive({ sku: 'RM-ASH', lot: 'ASH-2411-C', quantity: '25', expiry: '2028-06-30', supplier: 'Sattva Herbs', unitCost: '38.5' }, { user: 'Ben', today: TODAY, now: NOW, ids: { movement: 'M-SWEEP-1', log: 'L-SWEEP-1' } }) },
  { name: 'receive into an existing lot', act: (c) => c.receive({ sku: 'RM-ASH', lot: 'ASH-2409-B', quantity: '5' }, { user: 'Ben', today: TODAY, now: NOW, ids: { movement: 'M-SWEEP-2', log: 'L-SWEEP-2' } }) },
  { name: 'import receipts from CSV', act: async (c) => { const csv = await parseCsv(CSV); return c.importReceipts(csv, guessMapping(csv.headers), { user: 'Alex', today: TODAY }); } },
  { name: 'add a product', act: (c) => c.saveProduct({ sku: 'RM-ZINC', description: 'Zinc gluconate', unit: 'kg', decimals: '3', shelfLifeDays: '1095', kind: 'raw' }, { mode: 'add' }) },
  { name: 'edit a product', act: (c) => c.saveProduct({ sku: 'RM-ASH', description: 'Ashwagandha root extract, 5% withanolides', unit: 'kg', decimals: '3', shelfLifeDays: '730', kind: 'raw' }, { mode: 'edit', sku: 'RM-ASH' }) },
  {
    name: 'import products from CSV',
    act: async (c) => {
      const csv = await parseCsv(['Item code,Name,UOM,Decimals,Shelf life,Type', 'RM-ZINC,Zinc gluconate,kg,3,1095,raw', 'PK-LID,Cap 38 mm,ea,0,,packaging'].join('\n'));
      return c.importProducts(csv, guessProductMapping(csv.headers));
    },
  },
  { name: 'release a lot', act: (c) => c.decideLot({ sku: 'RM-ASH', lot: 'ASH-2409-B', to: 'released', why: 'Assay within spec', coaRef: 'COA-80144' }, { user: 'Maya (QA)', now: NOW, logId: 'L-QC-SWEEP' }) },
  { name: 'reject a lot', act: (c) => c.decideLot({ sku: 'FG-MAG120', lot: 'MAG-2311', to: 'rejected', why: 'Capsules fused', coaRef: '' }, { user: 'Maya (QA)', now: NOW, logId: 'L-QC-SWEEP2' }) },
  {
    name: 'record a production run',
    act: (c) =>
      c.produce(
        { outputSku: 'FG-ASH60', plannedQuantity: '500', actualQuantity: '480', conversionCost: '250', location: 'QC-HOLD', inputs: [{ sku: 'RM-ASH', lot: 'ASH-2407-A', quantity: '10' }, { sku: 'PK-BTL150', lot: 'BTL-5521', quantity: '500' }] },
        { user: 'Jo', today: TODAY, now: NOW, ids: { run: 'R-SWEEP', log: 'L-R-SWEEP' } },
      ),
  },
  { name: 'write a pick list', act: (c) => c.writePickList({ id: PL, shipDate: TODAY, lineKeys: [orderLineKey('SO-3021', 1), orderLineKey('SO-3021', 2), orderLineKey('SO-3022', 1)], user: 'Robin' }) },
  {
    name: 'confirm a shipment',
    prepare: async (c) => {
      const r = await c.writePickList({ id: PL, shipDate: TODAY, lineKeys: [orderLineKey('SO-3021', 1), orderLineKey('SO-3021', 2), orderLineKey('SO-3022', 1)], user: 'Robin' });
      if (!r.ok) throw new Error(r.message);
    },
    act: (c) => c.confirmShipment({ pickListId: PL, shipDate: TODAY, user: 'Robin', now: `${TODAY}T15:00:00` as IsoDateTime, rows: [{ index: 0, lot: FG_LOT, qty: q(120) }, { index: 1, lot: FG_LOT, qty: q(60) }], carrier: 'UPS', tracking: '1Z999' }),
  },
  { name: 'write expiring lots with a chart', act: (c) => c.writeExpirySheet({ id: 'EXP-SWEEP', today: TODAY, user: 'Robin' }) },
  { name: 'mark expiring lots in Lots', act: (c) => c.markExpiryInLots() },
  { name: 'write a count sheet', act: (c) => c.writeCountSheet({ id: 'CNT-SWEEP', scope: { kind: 'skus', skus: ['RM-ASH', 'RM-MGC', 'PK-BTL150'] }, blind: false, user: 'Ana', today: TODAY }) },
  {
    name: 'record a count',
    prepare: async (c) => void (await c.writeCountSheet({ id: 'CNT-SWEEP', scope: { kind: 'location', location: 'FG-A1' }, blind: false, user: 'Ana', today: TODAY })),
    act: (c) => c.recordCount({ countId: 'CNT-SWEEP', sku: 'FG-ASH60', lot: FG_LOT, location: 'FG-A1', counted: '336', entryId: 'L-COUNT-SWEEP', user: 'Ben', now: NOW }),
  },
  {
    name: 'post a count',
    prepare: async (c, fake) => {
      await c.writeCountSheet({ id: 'CNT-SWEEP', scope: { kind: 'skus', skus: ['RM-ASH', 'RM-MGC', 'PK-BTL150'] }, blind: false, user: 'Ana', today: TODAY });
      const table = fake.tableNames().find((t) => t.startsWith('Count_'))!;
      fake.user.editTableCell(table, 0, 'Counted', 1600);
      fake.user.editTableCell(table, 1, 'Counted', 20);
      fake.user.editTableCell(table, 2, 'Counted', 13.2);
      fake.user.editTableCell(table, 3, 'Counted', 0);
    },
    act: (c) => c.postCount({ countId: 'CNT-SWEEP', user: 'Ana', today: TODAY, reasons: { [countLineKey('RM-ASH', 'ASH-2407-A', 'RM-01')]: 'miscount', [countLineKey('RM-MGC', 'MGC-0311', 'RM-02')]: 'expired-destroyed' } }),
  },
  { name: 'receive a customer return', act: (c) => c.receiveReturn({ shipmentId: 'S-0002', line: 1, qty: '6', reason: 'Damaged in transit', location: '', user: 'Ana', today: TODAY, now: NOW, ids: { movement: 'M-RET-SWEEP', log: 'L-RET-SWEEP', statusLog: 'L-RETS-SWEEP' } }) },
  { name: 'write a recall report', // The report says how long the trace took: a fixed clock, so that two runs write the same report.
  act: (c) => c.writeRecallReport({ ...recallMeta, reportId: 'RCL-SWEEP', starts, direction: 'forward' }, { clock: () => 0 }) },
  { name: 'put affected lots on hold', act: (c) => c.holdAffectedLots({ starts, to: 'hold', why: 'Recall RCL-SWEEP', user: 'Quinn (QA)', now: NOW, operationId: 'L-HOLD-SWEEP' }) },
  { name: 'recall affected lots', act: (c) => c.holdAffectedLots({ starts, to: 'recalled', why: 'Recall RCL-SWEEP', user: 'Quinn (QA)', now: NOW, operationId: 'L-RCL-SWEEP' }) },
  { name: 'write an FSMA 204 sheet', act: (c) => c.writeFsmaSheet({ starts, direction: 'forward', reportId: 'FSMA-SWEEP', user: 'Quinn (QA)', now: NOW }) },
  { name: 'write lot costs', act: (c) => c.writeLotCostsReport({ id: 'COST-SWEEP', from: '2026-11-24', to: TODAY, user: 'Accounts', now: NOW }) },
  { name: 'save a new setting', act: (c) => c.saveSetting({ rule: 'receiptStatus', value: 'released' }) },
  { name: 'change a setting', act: (c) => c.saveSetting({ rule: 'expiryWarningDays', value: '14, 45' }) },
];

const KINDS = ['none', 'half', 'all'] as const;

async function start(s: Scenario) {
  let fake: FakeExcel;
  if (s.empty) {
    const { FakeExcel } = await import('../../src/office-fake/fake-excel');
    fake = new FakeExcel();
  } else {
    fake = (await demoFake(TODAY, NOW)).fake;
  }
  const bugs: unknown[] = [];
  const commands = createCommands({ workbook: createExcelWorkbook((b) => fake.run(b)), reportBug: (_, e) => bugs.push(e) });
  if (s.prepare) await s.prepare(commands, fake);
  return { fake, commands, bugs };
}

/** The outcome without what legitimately differs between a first run and a retry. */
function userOutcome(out: unknown): unknown {
  if (typeof out !== 'object' || out === null) return out;
  return { ok: (out as { ok?: unknown }).ok, code: (out as { code?: unknown }).code };
}

/** Which sheets and tables differ, with the first differing row: enough to see what a retry got wrong. */
function differences(a: ReturnType<typeof workbookSnapshot>, b: ReturnType<typeof workbookSnapshot>): string[] {
  const out: string[] = [];
  const names = (x: typeof a) => x.sheets.map((s) => s.name).join(', ');
  if (names(a) !== names(b)) out.push(`sheets [${names(a)}] instead of [${names(b)}]`);
  for (const t of b.tables) {
    const got = a.tables.find((x) => x.name === t.name);
    if (!got) out.push(`table ${t.name} missing`);
    else if (JSON.stringify(got) !== JSON.stringify(t)) {
      const row = t.rows.findIndex((r, i) => JSON.stringify(r) !== JSON.stringify(got.rows[i]));
      out.push(`table ${t.name} differs${row >= 0 ? ` at row ${row + 1}: ${JSON.stringify(got.rows[row])} instead of ${JSON.stringify(t.rows[row])}` : ` (${got.rows.length} rows instead of ${t.rows.length}, or its shape)`}`);
    }
  }
  for (const t of a.tables) if (!b.tables.some((x) => x.name === t.name)) out.push(`extra table ${t.name}`);
  for (const s of b.sheets) {
    const got = a.sheets.find((x) => x.name === s.name);
    if (got && JSON.stringify(got) !== JSON.stringify(s)) out.push(`sheet ${s.name} differs (cells, formats, rules or charts)`);
  }
  return out;
}

const refused = (out: unknown) => typeof out === 'object' && out !== null && (out as { ok?: unknown }).ok === false;

describe.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', (_, scenario) => {
  let clean: { snapshot: ReturnType<typeof workbookSnapshot>; syncs: number; outcome: unknown };

  beforeAll(async () => {
    const { fake, commands, bugs } = await start(scenario);
    const before = fake.stats.syncs;
    const outcome = await scenario.act(commands);
    expect(bugs).toEqual([]);
    expect(refused(outcome)).toBe(false);
    clean = { snapshot: workbookSnapshot(fake), syncs: fake.stats.syncs - before, outcome: userOutcome(outcome) };
  });

  // Every sync of the clean run fails in turn, in one way; the retry must end where the clean run ended.
  it.each(KINDS)('every sync failing with %s of its batch applied, then retried, ends as a clean run', async (kind) => {
    expect(clean.syncs).toBeGreaterThan(0);
    const wrong: string[] = [];
    for (let sync = 1; sync <= clean.syncs; sync++) {
      const { fake, commands, bugs } = await start(scenario);
      fake.failSync(sync, { applied: kind, code: 'ConnectionFailure', message: 'The network connection was lost.' });
      let failed = false;
      await scenario.act(commands).catch((e: unknown) => {
        failed = true;
        if ((e as { code?: unknown }).code !== 'workbook-unreachable') wrong.push(`sync ${sync}: failed with ${String(e)}`);
      });
      if (!failed) wrong.push(`sync ${sync}: the failure was not reported`);
      const retried = await scenario.act(commands);
      if (bugs.length) wrong.push(`sync ${sync}: bug ${String(bugs[0])}`);
      if (JSON.stringify(userOutcome(retried)) !== JSON.stringify(clean.outcome)) wrong.push(`sync ${sync}: the retry answered ${JSON.stringify(retried).slice(0, 300)}`);
      for (const d of differences(workbookSnapshot(fake), clean.snapshot)) wrong.push(`sync ${sync}: ${d}`);
    }
    expect(wrong).toEqual([]);
  });
});
