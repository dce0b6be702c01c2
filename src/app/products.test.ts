/**
 * Adding and editing products against the real Excel adapter over the Office.js fake: what a new user sees in
 * Products after saving, and what is refused (next to which field, in which words).
 */
import { demoFake, rowsOf } from '../../test/support/demo-workbook';
import { gtin } from '../demo/demo-data';
import { isoDate } from '../domain/dates';
import type { IsoDate } from '../domain/types';
import { createExcelWorkbook } from '../excel/excel-workbook';
import { FakeExcel } from '../office-fake/fake-excel';
import { parseCsv } from './csv-import';
import { guessProductMapping, importProducts, planProductImport } from './product-import';
import { WorkbookError } from './ports';
import { checkGtin, readProducts, saveProduct, type ProductInput, type ProductMode } from './products';

const TODAY = isoDate('2026-11-30') as IsoDate;

const vitc: ProductInput = {
  sku: 'RM-VITC',
  gtin: gtin('0950600013466'),
  description: 'Vitamin C (ascorbic acid) powder',
  unit: 'kg',
  decimals: '3',
  shelfLifeDays: '1095',
  minShipLifeDays: '',
  kind: 'raw',
};

async function empty() {
  const fake = new FakeExcel();
  const workbook = createExcelWorkbook((b) => fake.run(b));
  await workbook.setUp();
  return { fake, workbook };
}

describe('products', () => {
  it('adds a product to an empty workbook, with the GTIN kept as text, and writes it once when saved twice', async () => {
    const { fake, workbook } = await empty();
    const out = await saveProduct(workbook, vitc, { mode: 'add' });
    expect(out).toMatchObject({ ok: true, written: 1, alreadySaved: false });
    expect(rowsOf(fake, 'Products')).toEqual([
      { SKU: 'RM-VITC', GTIN: gtin('0950600013466'), Description: 'Vitamin C (ascorbic acid) powder', Unit: 'kg', Decimals: 3, 'Shelf Life Days': 1095, 'Min Ship Life Days': '', Kind: 'raw' },
    ]);
    const again = await saveProduct(workbook, vitc, { mode: 'add' });
    expect(again).toMatchObject({ ok: true, written: 0, alreadySaved: true });
    expect(rowsOf(fake, 'Products')).toHaveLength(1);
  });

  it('refuses a SKU that differs only in case and outer spaces, with "did you mean"', async () => {
    const { workbook } = await demoFake(TODAY);
    const out = await saveProduct(workbook, { ...vitc, sku: ' fg-ash60 ', gtin: '' }, { mode: 'add' });
    expect(out).toMatchObject({ ok: false, code: 'sku-similar', field: 'sku', existing: 'FG-ASH60' });
    expect(out.ok ? '' : out.message).toContain('Did you mean FG-ASH60?');
  });

  it('says which digit a GTIN should end in, and refuses a GTIN another product has', async () => {
    expect(checkGtin('09506000134')).toMatchObject({ ok: false, code: 'bad-gtin' });
    const bad = checkGtin('09506000134661');
    expect(bad).toMatchObject({ ok: false, code: 'gtin-check-digit', expected: gtin('0950600013466') });
    const { workbook } = await demoFake(TODAY);
    const out = await saveProduct(workbook, { ...vitc, gtin: gtin('0950600013435') }, { mode: 'add' });
    expect(out).toMatchObject({ ok: false, code: 'gtin-taken', field: 'gtin', existing: 'FG-ASH60' });
  });

  it('refuses what cannot be a product, naming the field', async () => {
    const { workbook } = await empty();
    const cases: Array<[Partial<ProductInput>, string, string]> = [
      [{ sku: '' }, 'missing-sku', 'sku'],
      [{ description: ' ' }, 'missing-description', 'description'],
      [{ decimals: '4' }, 'bad-decimals', 'decimals'],
      [{ decimals: '1.5' }, 'bad-decimals', 'decimals'],
      [{ shelfLifeDays: 'two years' }, 'bad-days', 'shelfLifeDays'],
      [{ shelfLifeDays: '365', minShipLifeDays: '400' }, 'min-ship-beyond-shelf-life', 'minShipLifeDays'],
      [{ kind: '' }, 'bad-kind', 'kind'],
    ];
    for (const [change, code, field] of cases) {
      expect(await saveProduct(workbook, { ...vitc, ...change }, { mode: 'add' })).toMatchObject({ ok: false, code, field });
    }
    expect((await readProducts(workbook)).rows).toHaveLength(0);
  });

  it('edits a product in place, keeping its SKU, and keeps a column the user added', async () => {
    const { fake, workbook } = await demoFake(TODAY);
    fake.user.addTableColumn('Products', 'Buyer', ['Ana', 'Ben', 'Cy', 'Dee', 'Eve']);
    const products = await readProducts(workbook);
    const ash = products.rows.find((p) => p.sku === 'RM-ASH')!;
    const out = await saveProduct(workbook, { sku: 'ignored', gtin: ash.gtin, description: ash.description, unit: 'kg', decimals: '2', shelfLifeDays: '700', minShipLifeDays: '', kind: 'raw' }, { mode: 'edit', sku: 'RM-ASH' });
    expect(out).toMatchObject({ ok: true, written: 1 });
    const row = rowsOf(fake, 'Products').find((r) => r['SKU'] === 'RM-ASH');
    expect(row).toMatchObject({ Decimals: 2, 'Shelf Life Days': 700, Buyer: 'Ana' });
  });

  it('imports products from a CSV file with a problem per row, and writes nothing twice', async () => {
    const { fake, workbook } = await demoFake(TODAY);
    const csv = await parseCsv(
      ['Item code,Name,UOM,Decimals,Shelf life,Type,EAN', 'RM-ZINC,Zinc gluconate,kg,3,1095,raw,', 'rm-ash,Ashwagandha again,kg,3,730,raw,', 'FG-ZN30,Zinc 30 mg,ea,0,730,finished,09506000134661', 'PK-LID,Cap 38 mm,ea,0,,packaging,'].join('\n'),
    );
    const mapping = guessProductMapping(csv.headers);
    expect(mapping).toEqual({ sku: 0, description: 1, unit: 2, decimals: 3, shelfLifeDays: 4, kind: 5, gtin: 6 });
    const preview = planProductImport(csv, mapping, (await readProducts(workbook)));
    expect(preview.ready.map((r) => r.line)).toEqual([2, 5]);
    expect(preview.problems.map((p) => [p.line, p.column, p.code])).toEqual([
      [3, 'Item code', 'sku-similar'],
      [4, 'EAN', 'gtin-check-digit'],
    ]);
    const out = await importProducts(workbook, csv, mapping);
    expect(out).toMatchObject({ ok: true, written: 2 });
    const again = await importProducts(workbook, csv, mapping);
    expect(again).toMatchObject({ ok: true, written: 0, plan: { alreadyThere: [2, 5] } });
    expect(rowsOf(fake, 'Products').map((r) => r['SKU'])).toEqual(['RM-ASH', 'RM-MGC', 'PK-BTL150', 'FG-ASH60', 'FG-MAG120', 'RM-ZINC', 'PK-LID']);
  });

  it('a retry after any failed sync (nothing applied, part applied, applied but the answer lost) ends as a clean run', async () => {
    const cases: Array<[string, ProductInput, ProductMode]> = [
      ['add', vitc, { mode: 'add' }],
      ['edit', { sku: 'RM-ASH', gtin: gtin('0950600013411'), description: 'Ashwagandha root extract powder', unit: 'kg', decimals: '2', shelfLifeDays: '700', minShipLifeDays: '', kind: 'raw' }, { mode: 'edit', sku: 'RM-ASH' }],
    ];
    for (const [name, input, mode] of cases) {
      const clean = await demoFake(TODAY);
      const syncsBefore = clean.fake.stats.syncs;
      expect(await saveProduct(clean.workbook, input, mode)).toMatchObject({ ok: true, written: 1 });
      const syncs = clean.fake.stats.syncs - syncsBefore;
      const expected = rowsOf(clean.fake, 'Products');
      for (let nth = 1; nth <= syncs; nth++) {
        for (const afterCommands of [0, 1, 10_000]) {
          const { fake, workbook } = await demoFake(TODAY);
          fake.failSync(nth, { afterCommands, code: 'ConnectionFailure' });
          await saveProduct(workbook, input, mode).then(
            () => undefined,
            (e: unknown) => expect(e).toBeInstanceOf(WorkbookError),
          );
          const retry = await saveProduct(workbook, input, mode);
          expect([name, nth, afterCommands, retry.ok]).toEqual([name, nth, afterCommands, true]);
          expect(rowsOf(fake, 'Products')).toEqual(expected);
        }
      }
    }
  });
});
