/**
 * Recall exports and the mock recall, against the real Excel adapter over the Office.js fake, seeded with the demo
 * workbook plus a second level of genealogy (the finished lot went into a gift kit shipped to a customer missing
 * from Customers) and a customer whose name and address a spreadsheet would read as formulas.
 */
import Papa from 'papaparse';
import { FORMULA_START } from '../domain/cell-text';
import { demoFake, rowsOf } from '../../test/support/demo-workbook';
import { isoDate, isoDateToSerial } from '../domain/dates';
import type { IsoDate, IsoDateTime, Qty } from '../domain/types';
import type { createExcelWorkbook } from '../excel/excel-workbook';
import { customerCsv, customerTsv, fsmaEvents, toSafeDelimited, writeFsmaSheet, type FsmaEvent } from './recall-exports';
import { RECALL_TABLES, fitSheetName, overallAccounted, runRecall, traceTables, writeRecallReport, type RecallTrace } from './recall';
import { storedText } from '../../test/support/variants';

const TODAY = isoDate('2026-11-30') as IsoDate;
const NOW = `${TODAY}T10:15:00` as IsoDateTime;
const FG_LOT = '2611-ASH60-001';
const FACILITY = 'Lotbook Demo Co, 1 Main St, Austin TX 78701, US';
const EVIL_NAME = '=HYPERLINK("http://evil.example","Click")';
const q = (n: number) => Math.round(n * 1000) as Qty;
const d = (n: number) => `2026-11-${String(n).padStart(2, '0')}` as IsoDate;

async function setup() {
  const { fake, workbook } = await demoFake(TODAY, `${TODAY}T09:00:00` as IsoDateTime);
  const user = 'demo';
  await workbook.transact((tx) =>
    tx.write({
      append: {
        Products: [{ sku: 'KIT-ASH', gtin: '', description: 'Calm gift kit', unit: 'ea', decimals: 0, shelfLifeDays: null, minShipLifeDays: null, kind: 'finished' }],
        Lots: [{ sku: 'KIT-ASH', lot: 'KIT-01', supplier: '', supplierLot: '', origin: '', manufactured: d(20), expiry: null, received: d(20), status: 'released', unitCost: null, location: 'FG-A2', coaRef: '', onHand: q(13) }],
        Customers: [{ id: 'C-EVIL', name: EVIL_NAME, contact: '@ops', email: 'x@evil.example', phone: '-1 555', address: '=1+1\nSuite 2', city: 'Reno', region: 'NV', postalCode: '89501', country: 'US', minShelfLifeDays: null }],
        Movements: [
          { id: 'M-0100', date: d(20), type: 'CONSUME', sku: 'FG-ASH60', lot: FG_LOT, qty: q(-20), location: 'FG-A1', ref: 'R-0100', unitCost: null, user, note: '' },
          { id: 'M-0101', date: d(20), type: 'PRODUCE', sku: 'KIT-ASH', lot: 'KIT-01', qty: q(20), location: 'FG-A2', ref: 'R-0100', unitCost: null, user, note: '' },
          { id: 'M-0102', date: d(25), type: 'SHIP', sku: 'KIT-ASH', lot: 'KIT-01', qty: q(-5), location: 'FG-A2', ref: 'S-0100', unitCost: null, user, note: '' },
          { id: 'M-0103', date: d(26), type: 'SHIP', sku: 'KIT-ASH', lot: 'KIT-01', qty: q(-2), location: 'FG-A2', ref: 'S-0101', unitCost: null, user, note: '' },
        ],
        Shipments: [
          { id: 'S-0100', line: 1, orderId: 'SO-4000', date: d(25), customerId: 'C-POPUP', sku: 'KIT-ASH', lot: 'KIT-01', qty: q(5), carrier: 'UPS', tracking: '' },
          { id: 'S-0101', line: 1, orderId: '', date: d(26), customerId: 'C-EVIL', sku: 'KIT-ASH', lot: 'KIT-01', qty: q(2), carrier: '', tracking: '' },
        ],
        Settings: [{ key: 'facility', value: FACILITY }],
      },
    }),
  );
  return { fake, workbook };
}

async function trace(workbook: ReturnType<typeof createExcelWorkbook>, lot = 'ASH-2407-A'): Promise<RecallTrace> {
  const r = await runRecall(workbook, { query: lot, direction: 'forward' }, { today: TODAY });
  if (!r.ok || r.kind !== 'traced') throw new Error(`expected a trace, got ${JSON.stringify(r)}`);
  return r.trace;
}

describe('toSafeDelimited', () => {
  it('quotes every field and puts an apostrophe before anything a spreadsheet would run as a formula', () => {
    const text = toSafeDelimited(['Name', 'Qty'], [
      ['=1+1', 5],
      ['+1 512 555 0199', 0],
      ['-2', 1.5],
      ['@SUM(A1)', 2],
      ['\tcmd', 3],
      ['\rcmd', 4],
      ['=cmd|"/c calc"!A0\nsecond line', 6],
      ['plain "quoted" text', 7],
      ['a=b, no formula', 8],
    ]);
    const lines = Papa.parse<string[]>(text).data;
    expect(lines.map((l) => l[0])).toEqual(['Name', "'=1+1", "'+1 512 555 0199", "'-2", "'@SUM(A1)", "'\tcmd", "'\rcmd", '\'=cmd|"/c calc"!A0\nsecond line', 'plain "quoted" text', 'a=b, no formula']);
    // Numbers are numbers, never escaped; every field is quoted, the header too.
    expect(lines.map((l) => l[1])).toEqual(['Qty', '5', '0', '1.5', '2', '3', '4', '6', '7', '8']);
    expect(text.startsWith('"Name","Qty"\r\n"\'=1+1","5"\r\n')).toBe(true);
  });

  it('leaves the fields `keep` names as typed and defuses every other one', () => {
    const keepPhone = (_row: ReadonlyArray<string | number>, column: number) => column === 1;
    const text = toSafeDelimited(['Name', 'Phone'], [['=1+1', '+1 512 555 0199'], ['+44 20 7946 0000', '+1 (512) 555-0199']], ',', keepPhone);
    expect(Papa.parse<string[]>(text).data).toEqual([['Name', 'Phone'], ["'=1+1", '+1 512 555 0199'], ["'+44 20 7946 0000", '+1 (512) 555-0199']]);
  });

  it('uses its own pattern because papaparse `escapeFormulae: true` misses a multi-line field', () => {
    const row = [['=cmd\nx']];
    expect(Papa.unparse({ fields: ['A'], data: row }, { quotes: true, escapeFormulae: true })).toBe('"A"\r\n"=cmd\nx"');
    expect(Papa.unparse({ fields: ['A'], data: row }, { quotes: true, escapeFormulae: FORMULA_START })).toBe('"A"\r\n"\'=cmd\nx"');
  });
});

describe('customerCsv', () => {
  it('lists every customer line, flags a customer missing from Customers, and defuses formulas from Customers', async () => {
    const { workbook } = await setup();
    const t = await trace(workbook);
    const csv = customerCsv(t, TODAY);
    expect(csv.fileName).toBe('Recall customers ASH-2407-A 2026-11-30.csv');
    expect(csv.rows).toBe(3);
    const [header, ...rows] = Papa.parse<string[]>(csv.text).data;
    expect(header).toEqual(['Customer', 'Customer ID', 'Contact', 'Email', 'Phone', 'Address', 'City', 'Region', 'Postal Code', 'Country', 'Order', 'Shipment', 'Line', 'Ship Date', 'SKU', 'Product', 'Lot', 'Qty', 'Unit', 'Flag']);
    const byId = new Map(rows.map((r) => [r[1], Object.fromEntries(header!.map((h, i) => [h, r[i]]))]));
    // Sorted by customer name, else id: '=HYPERLINK…' sorts before 'c-popup'.
    expect([...byId.keys()]).toEqual(['C-EVIL', 'C-POPUP', 'C-VITAHUB']);
    expect(byId.get('C-POPUP')).toMatchObject({ Customer: '', Order: 'SO-4000', Shipment: 'S-0100', SKU: 'KIT-ASH', Lot: 'KIT-01', Qty: '5', Unit: 'ea', Flag: 'not in Customers' });
    // A plain phone number goes out as typed (nothing in it can run), so a mail merge prints no apostrophe.
    expect(byId.get('C-EVIL')).toMatchObject({ Customer: `'${EVIL_NAME}`, Contact: "'@ops", Phone: '-1 555', Address: "'=1+1\nSuite 2", City: 'Reno', Flag: '' });
    expect(byId.get('C-VITAHUB')).toMatchObject({ Customer: 'VitaHub Online', Phone: '+1 512 555 0199', Order: 'SO-3010', 'Ship Date': '2026-11-18', Lot: FG_LOT, Qty: '50', Flag: '' });
    // Every field of every line is quoted (a field is either a quoted string or nothing at all).
    expect(csv.text.split('\r\n')[0]).toBe(header!.map((h) => `"${h}"`).join(','));
  });

  it('names a drill file as a mock recall, and gives the same lines as tab-separated text for the clipboard', async () => {
    const { workbook } = await setup();
    const t = await trace(workbook);
    expect(customerCsv(t, TODAY, { drill: true }).fileName).toBe('Mock recall customers ASH-2407-A 2026-11-30.csv');
    const tsv = Papa.parse<string[]>(customerTsv(t), { delimiter: '\t' }).data;
    expect(tsv).toHaveLength(4);
    expect(tsv[1]![0]).toBe(`'${EVIL_NAME}`);
    expect(tsv[2]!.at(-1)).toBe('not in Customers');
  });
});

describe('fsmaEvents', () => {
  async function events(): Promise<FsmaEvent[]> {
    const { workbook } = await setup();
    const t = await trace(workbook);
    const tables = await workbook.transact((tx) => tx.read(RECALL_TABLES));
    return fsmaEvents(t, tables, { facility: FACILITY });
  }
  const pick = (es: FsmaEvent[], event: FsmaEvent['event'], lot: string) => es.filter((e) => e.event === event && e.lot === lot);

  it('gives a receipt its receiving event, with the supplier lot as the traceability lot code', async () => {
    const es = await events();
    expect(pick(es, 'Receiving', 'ASH-2407-A')).toEqual([
      expect.objectContaining({
        tlc: 'SH-77812',
        description: 'Ashwagandha root extract powder',
        qty: q(25),
        unit: 'kg',
        shipFrom: 'Sattva Herbs, IN',
        receivingLocation: `${FACILITY} (RM-01)`,
        tlcSource: 'Sattva Herbs, IN',
        referenceType: 'Purchase order',
        referenceNumber: 'PO-1042',
        sku: 'RM-ASH',
        source: 'Movements M-0001',
      }),
    ]);
  });

  it('gives a run its transformation events: the lot used and the new lot made, linked by the run', async () => {
    const es = await events();
    expect(pick(es, 'Transformation (input)', 'ASH-2407-A')).toEqual([expect.objectContaining({ tlc: 'SH-77812', qty: q(11.5), unit: 'kg', transformationLocation: `${FACILITY} (RM-01)`, referenceType: 'Production run', referenceNumber: 'R-0001' })]);
    const made = pick(es, 'Transformation (output)', FG_LOT);
    expect(made).toEqual([
      expect.objectContaining({ tlc: FG_LOT, description: 'Ashwagandha 500 mg, 60 capsules', qty: q(390), unit: 'ea', transformationLocation: `${FACILITY} (FG-A1)`, tlcSource: `${FACILITY} (FG-A1)`, referenceType: 'Production run', referenceNumber: 'R-0001' }),
    ]);
    expect(made[0]!.date).toBe(es.find((e) => e.source === 'Movements M-0004')!.date);
    // The second run: the finished lot went into the kit.
    expect(pick(es, 'Transformation (input)', FG_LOT).map((e) => [e.qty, e.referenceNumber])).toEqual([[q(20), 'R-0100']]);
    expect(pick(es, 'Transformation (output)', 'KIT-01').map((e) => [e.tlc, e.qty, e.referenceNumber])).toEqual([['KIT-01', q(20), 'R-0100']]);
  });

  it('gives a shipment its shipping event with where it left from and the recipient, flagged when not in Customers', async () => {
    const es = await events();
    expect(pick(es, 'Shipping', FG_LOT)).toEqual([
      expect.objectContaining({
        tlc: FG_LOT,
        qty: q(50),
        unit: 'ea',
        shipFrom: `${FACILITY} (FG-A1)`,
        shipTo: 'VitaHub Online, 88 Commerce Park, Austin, TX 78701, US',
        date: '2026-11-18',
        tlcSource: `${FACILITY} (FG-A1)`,
        referenceType: 'Shipment (order SO-3010)',
        referenceNumber: 'S-0002',
        source: 'Shipments S-0002 line 1',
      }),
    ]);
    expect(pick(es, 'Shipping', 'KIT-01').map((e) => [e.shipTo, e.referenceNumber, e.qty])).toEqual([
      ['C-POPUP (not in Customers)', 'S-0100', q(5)],
      [`${storedText(EVIL_NAME)}, ${storedText('=1+1\nSuite 2')}, Reno, NV 89501, US`, 'S-0101', q(2)],
    ]);
    // One event per shipment line: the SHIP movements named by Shipments add none.
    expect(es.filter((e) => e.event === 'Shipping')).toHaveLength(3);
    // Sorted by date.
    expect(es.map((e) => e.date)).toEqual([...es.map((e) => e.date)].sort());
  });

  it('shows units that left through a SHIP movement no Shipments line names, with an unknown recipient', async () => {
    const { workbook } = await setup();
    await workbook.transact((tx) =>
      tx.write({ append: { Movements: [{ id: 'M-0200', date: d(27), type: 'SHIP', sku: 'KIT-ASH', lot: 'KIT-01', qty: q(-3), location: 'FG-A2', ref: 'S-0999', unitCost: null, user: 'demo', note: '' }] } }),
    );
    const t = await trace(workbook);
    const tables = await workbook.transact((tx) => tx.read(RECALL_TABLES));
    const lost = fsmaEvents(t, tables, { facility: '' }).filter((e) => e.referenceNumber === 'S-0999');
    expect(lost).toEqual([expect.objectContaining({ event: 'Shipping', qty: q(3), shipFrom: 'FG-A2', shipTo: expect.stringContaining('unknown'), source: 'Movements M-0200' })]);
  });
});

describe('writeFsmaSheet', () => {
  it('writes the sortable spreadsheet as a sheet with one table row per event, once however often it is pressed', async () => {
    const { fake, workbook } = await setup();
    const input = { starts: [{ sku: 'RM-ASH', lot: 'ASH-2407-A' }], direction: 'forward' as const, reportId: 'FSMA-TEST-1', user: 'Quinn (QA)', now: NOW };
    const r = await writeFsmaSheet(workbook, input);
    expect(r).toMatchObject({ ok: true, sheetName: 'FSMA 204 ASH-2407-A 2026-11-30' });
    await writeFsmaSheet(workbook, input);
    expect(fake.sheetNames().filter((s) => s.startsWith('FSMA'))).toHaveLength(1);
    const table = fake.table(fake.tableNames().find((n) => n.startsWith('FSMA204_'))!)!;
    const rows = table.rows.map((row) => Object.fromEntries(table.headers.map((h, i) => [h, row[i]])));
    expect(table.headers.slice(0, 13)).toEqual(['Event', 'Traceability Lot Code', 'Product Description', 'Quantity', 'Unit of Measure', 'Ship-From Location', 'Ship-To Location', 'Receiving Location', 'Transformation Location', 'Date', 'Traceability Lot Code Source', 'Reference Document Type', 'Reference Document Number']);
    expect(rows.map((x) => x['Event'])).toEqual(['Receiving', 'Transformation (input)', 'Transformation (output)', 'Shipping', 'Transformation (input)', 'Transformation (output)', 'Shipping', 'Shipping']);
    expect(rows[0]).toMatchObject({ 'Traceability Lot Code': 'SH-77812', Quantity: 25, 'Unit of Measure': 'kg', 'Reference Document Number': 'PO-1042', 'Lotbook Lot': 'ASH-2407-A' });
    expect(rows[3]).toMatchObject({ Event: 'Shipping', Date: isoDateToSerial('2026-11-18' as IsoDate), 'Ship-To Location': 'VitaHub Online, 88 Commerce Park, Austin, TX 78701, US' });
    // Text from Customers stays text in the sheet (column G is Ship-To Location).
    const sheetName = 'FSMA 204 ASH-2407-A 2026-11-30';
    const evilRow = rowOf(fake, sheetName, storedText(EVIL_NAME));
    expect(evilRow).toBeGreaterThan(0);
    expect(fake.cell(sheetName, `G${evilRow}`)).toMatchObject({ formula: null });
    expect(String(fake.cell(sheetName, `G${evilRow}`).value).startsWith(storedText('=HYPERLINK'))).toBe(true);
  });
});

/** The Excel row number of the first cell of a sheet whose text starts with `prefix`. */
function rowOf(fake: Awaited<ReturnType<typeof setup>>['fake'], sheet: string, prefix: string): number {
  const values = fake.usedRange(sheet)!.values;
  return values.findIndex((r) => r.some((v) => typeof v === 'string' && v.startsWith(prefix))) + 1;
}

describe('mock recall', () => {
  const meta = { reason: 'Drill: supplier reports Salmonella in SH-77812', recallClass: 'I' as const, user: 'Quinn (QA)', now: NOW };

  it('writes the report as a drill with the time taken and the percentage accounted for, and changes no lot and no Log', async () => {
    const { fake, workbook } = await setup();
    const lotsBefore = rowsOf(fake, 'Lots');
    const logBefore = rowsOf(fake, 'Log');
    const r = await writeRecallReport(workbook, { ...meta, reportId: 'RCL-DRILL-1', starts: [{ sku: 'RM-ASH', lot: 'ASH-2407-A' }], direction: 'forward', drill: { startedAt: `${TODAY}T10:02:55` as IsoDateTime } });
    expect(r).toMatchObject({ ok: true, sheetName: 'Mock recall ASH-2407-A 20261130' });
    const sheet = fake.usedRange('Mock recall ASH-2407-A 20261130')!.values;
    expect(sheet[0]![0]).toBe('Mock recall (drill): RM-ASH / ASH-2407-A');
    expect(sheet[1]!.slice(0, 2)).toEqual(['Drill', 'No lot status was changed']);
    const header = new Map(sheet.map((row) => [row[0], row[1]]));
    expect(header.get('Drill started')).toBe('2026-11-30 10:02:55');
    expect(header.get('Time taken')).toBe('12 min 5 s from the start of the trace to this report');
    expect(header.has('Trace time')).toBe(false);
    // RM 25 kg, FG 390 ea, kit 20 ea all accounted for.
    expect(header.get('Accounted for')).toBe('100% of the units received or produced across the affected lots');
    expect(rowsOf(fake, 'Lots')).toEqual(lotsBefore);
    expect(rowsOf(fake, 'Log')).toEqual(logBefore);
  });

  it('counts units that left without a customer record against the percentage', async () => {
    const { workbook } = await setup();
    await workbook.transact((tx) =>
      tx.write({ append: { Movements: [{ id: 'M-0200', date: d(27), type: 'SHIP', sku: 'KIT-ASH', lot: 'KIT-01', qty: q(-3), location: 'FG-A2', ref: 'S-0999', unitCost: null, user: 'demo', note: '' }] } }),
    );
    const tables = await workbook.transact((tx) => tx.read(RECALL_TABLES));
    const t = traceTables(tables, [{ sku: 'RM-ASH', lot: 'ASH-2407-A' }], 'forward');
    if (!('massBalance' in t)) throw new Error('expected a trace');
    // 3 of the 435 units in (25 kg + 390 ea + 20 ea) are unaccounted: floor(432 / 435 × 10000) / 100.
    expect(overallAccounted(t.massBalance)).toEqual({ accounted: q(432), base: q(435), percent: 99.31 });
    expect(overallAccounted([])).toEqual({ accounted: 0, base: 0, percent: null });
  });

  it('writes the FSMA sheet of a drill under a mock name with the drill line', async () => {
    const { fake, workbook } = await setup();
    const r = await writeFsmaSheet(workbook, { starts: [{ sku: 'RM-ASH', lot: 'ASH-2407-A' }], direction: 'forward', reportId: 'FSMA-DRILL-1', user: 'Quinn (QA)', now: NOW, drill: true });
    expect(r).toMatchObject({ ok: true, sheetName: 'Mock FSMA ASH-2407-A 20261130' });
    expect(fake.usedRange('Mock FSMA ASH-2407-A 20261130')!.values[1]!.slice(0, 2)).toEqual(['Drill', 'No lot status was changed']);
  });

  it('keeps the date in a sheet name and shortens the lot part instead', () => {
    expect(fitSheetName('Mock recall', 'A-VERY-LONG-LOT-CODE-2024', '20261130')).toBe('Mock recall A-VERY-LON 20261130');
    expect(fitSheetName('Mock recall', 'A-VERY-LONG-LOT-CODE-2024', '20261130')).toHaveLength(31);
    expect(fitSheetName('FSMA 204', 'ASH-2407-A', '2026-11-30')).toBe('FSMA 204 ASH-2407-A 2026-11-30');
  });
});
