// The Recall pane's mock recall and exports in the playground, used as a QA lead running a drill for an auditor:
// trace a raw lot forward with "Mock recall" on, see that no status can be changed, write the drill report, download
// the customer CSV and write the FSMA 204 sheet. The workbook is checked through window.lotbookPlayground.fake.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import Papa from 'papaparse';
import { rows, openPane, usePlayground } from './harness.mjs';

const TODAY = '2026-11-30';
const RAW_LOT = 'ASH-2407-A';
const FG_LOT = '2611-ASH60-001'; // src/demo/demo-data.ts names the run's output lot after `today`

describe('recall exports and mock recall', () => {
  const ctx = usePlayground();

  it('runs a mock recall that changes no lot, downloads the customer CSV and writes the FSMA 204 sheet', async () => {
    const { page, errors, pane } = await openPane(ctx.browser, ctx.server.url, 'Recall', { today: TODAY });
    const lotsBefore = await rows(page, 'Lots');
    const logBefore = await rows(page, 'Log');

    await pane.getByRole('switch', { name: /Mock recall/ }).check();
    // Typed key by key, as a person types (the field is bound to the handheld-scanner input).
    await pane.getByLabel('Lot or scan').pressSequentially(RAW_LOT);
    await pane.getByRole('button', { name: 'Trace' }).click();
    await pane.getByLabel('Customers').getByText('VitaHub Online').waitFor();

    // A drill offers no status change, and says why.
    assert.equal(await pane.getByRole('button', { name: 'Put lots on hold' }).isDisabled(), true);
    assert.equal(await pane.getByRole('button', { name: 'Recall lots' }).isDisabled(), true);
    await pane.getByText('A mock recall changes no lot status.', { exact: false }).waitFor();

    // The drill report.
    await pane.getByLabel('Reason for the recall').fill('Drill: supplier reports Salmonella in SH-77812');
    await pane.getByRole('button', { name: 'Write report' }).click();
    await pane.getByRole('group', { name: 'Report', exact: true }).getByText('Mock recall report written').waitFor();
    const sheet = `Mock recall ${RAW_LOT} ${TODAY.replaceAll('-', '')}`;
    const cells = await page.evaluate((name) => window.lotbookPlayground.fake.usedRange(name)?.values ?? null, sheet);
    assert.ok(cells, `sheet ${sheet} exists`);
    assert.deepEqual(cells[1].slice(0, 2), ['Drill', 'No lot status was changed']);
    const header = new Map(cells.map((r) => [r[0], r[1]]));
    assert.match(header.get('Time taken'), /^\d+ (min \d+ )?s from the start of the trace to this report$/);
    assert.equal(header.has('Trace time'), false); // no internal timings on a sheet customers see
    assert.equal(header.get('Accounted for'), '100% of the units received or produced across the affected lots');
    assert.deepEqual(await rows(page, 'Lots'), lotsBefore);
    assert.deepEqual(await rows(page, 'Log'), logBefore);

    // The customer CSV, as the browser saves it.
    const [download] = await Promise.all([page.waitForEvent('download'), pane.getByRole('button', { name: 'Download customer CSV' }).click()]);
    assert.equal(download.suggestedFilename(), `Mock recall customers ${RAW_LOT} ${TODAY}.csv`);
    const text = await readFile(await download.path(), 'utf8');
    assert.equal(text.charCodeAt(0), 0xfeff, 'starts with a byte order mark so that Excel reads UTF-8');
    const csv = Papa.parse(text.slice(1), { header: true }).data;
    assert.equal(csv.length, 1);
    assert.equal(csv[0].Customer, 'VitaHub Online');
    assert.equal(csv[0]['Customer ID'], 'C-VITAHUB');
    // A plain phone number goes out as typed: a mail merge prints it without an apostrophe (nothing in it can run).
    assert.equal(csv[0].Phone, '+1 512 555 0199');
    assert.equal(csv[0].Order, 'SO-3010');
    assert.equal(csv[0]['Ship Date'], '2026-11-18');
    assert.equal(csv[0].Lot, FG_LOT);
    assert.equal(csv[0].Qty, '50');
    assert.equal(csv[0].Flag, '');
    assert.ok(text.slice(1).startsWith('"Customer","Customer ID",'), 'every field quoted');
    await pane.getByLabel('Exports').getByText('CSV downloaded').waitFor();

    // The FSMA 204 sortable spreadsheet of the drill.
    await pane.getByRole('button', { name: 'Write FSMA 204 sheet' }).click();
    await pane.getByLabel('Exports').getByText('FSMA 204 sheet written').waitFor();
    const fsma = await page.evaluate(() => {
      const fake = window.lotbookPlayground.fake;
      const t = fake.table(fake.tableNames().find((n) => n.startsWith('FSMA204_')));
      return { sheet: t.sheet, rows: t.rows.map((r) => Object.fromEntries(t.headers.map((h, i) => [h, r[i]]))) };
    });
    assert.equal(fsma.sheet, `Mock FSMA ${RAW_LOT} ${TODAY.replaceAll('-', '')}`);
    assert.deepEqual(
      fsma.rows.map((r) => [r.Event, r['Traceability Lot Code'], r.Quantity, r['Unit of Measure'], r['Reference Document Number']]),
      [
        ['Receiving', 'SH-77812', 25, 'kg', 'PO-1042'],
        ['Transformation (input)', 'SH-77812', 11.5, 'kg', 'R-0001'],
        ['Transformation (output)', FG_LOT, 390, 'ea', 'R-0001'],
        ['Shipping', FG_LOT, 50, 'ea', 'S-0002'],
      ],
    );
    assert.match(fsma.rows[3]['Ship-To Location'], /^VitaHub Online, /);
    assert.deepEqual(await rows(page, 'Lots'), lotsBefore);
    assert.deepEqual(errors, []);
  });
});
