/**
 * A person typing and pasting into the sheet (FakeExcel.user.typeCell and paste): Excel parses what is typed, and a
 * row typed just below a table joins the table. Lotbook then reads the hand-typed row like any other.
 */
import { createExcelWorkbook } from '../excel/excel-workbook';
import { FakeExcel } from './fake-excel';

async function setUpEmpty() {
  const fake = new FakeExcel();
  const workbook = createExcelWorkbook((b) => fake.run(b));
  await workbook.setUp();
  return { fake, workbook };
}

describe('typing into the sheet as a person does', () => {
  it('fills the blank row of an empty table, then a row typed just below it joins the table', async () => {
    const { fake, workbook } = await setUpEmpty();
    const row2 = ['RM-ASH', '09506000134114', 'Ashwagandha powder', 'kg', '3', '730', '', 'raw'];
    row2.forEach((v, c) => fake.user.typeCell('Products', `${'ABCDEFGH'[c]}2`, v));
    fake.user.typeCell('Products', 'A3', 'PK-CAP');
    expect(fake.table('Products')!.address).toBe('Products!A1:H3');
    ['Cap 38 mm', 'ea', '0', '', '', 'packaging'].forEach((v, i) => fake.user.typeCell('Products', `${'CDEFGH'[i]}3`, v));

    // Typed text in text-formatted columns stays text (the GTIN keeps its zero); numbers become numbers.
    expect(fake.table('Products')!.rows[0]).toEqual(['RM-ASH', '09506000134114', 'Ashwagandha powder', 'kg', 3, 730, '', 'raw']);
    const products = await workbook.transact(async (tx) => (await tx.read(['Products'])).Products);
    expect(products.problems).toEqual([]);
    expect(products.rows.map((p) => [p.sku, p.gtin, p.decimals, p.kind])).toEqual([
      ['RM-ASH', '09506000134114', 3, 'raw'],
      ['PK-CAP', '', 0, 'packaging'],
    ]);
  });

  it('pastes a block below a table, which grows by the pasted rows; a blank typed below it does not grow it', async () => {
    const { fake } = await setUpEmpty();
    fake.user.paste('Products', 'A2', [
      ['A-1', '', 'First', 'ea', '0', '', '', 'raw'],
      ['A-2', '', 'Second', 'ea', '0', '', '', 'raw'],
    ]);
    expect(fake.table('Products')!.address).toBe('Products!A1:H3');
    fake.user.typeCell('Products', 'A4', '');
    expect(fake.table('Products')!.address).toBe('Products!A1:H3');
    // Outside the table's columns, typing leaves the table alone.
    fake.user.typeCell('Products', 'J4', 'note');
    expect(fake.table('Products')!.address).toBe('Products!A1:H3');
    expect(fake.cell('Products', 'J4').value).toBe('note');
  });
});
