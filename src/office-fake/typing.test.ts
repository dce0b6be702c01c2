import { FakeExcel } from './fake-excel';
import { dateToSerial, evaluateFormula, serialToDate } from './typing';

/** Write one value through Range.values (after an optional number format in an earlier sync) and read it back. */
async function typeIn(input: unknown, numberFormat?: string, via: 'values' | 'formulas' = 'values') {
  const fake = new FakeExcel();
  fake.user.addSheet('S');
  return fake.run(async (context) => {
    const cell = context.workbook.worksheets.getItem('S').getRange('B2');
    if (numberFormat !== undefined) {
      cell.numberFormat = [[numberFormat]];
      await context.sync();
    }
    cell[via] = [[input]];
    cell.load('values, formulas, valueTypes, numberFormat');
    await context.sync();
    return { value: cell.values[0]?.[0], formula: cell.formulas[0]?.[0], type: cell.valueTypes[0]?.[0], format: cell.numberFormat[0]?.[0] };
  });
}

describe('writing values is like typing', () => {
  it.each([
    ['=1+2*3', 7, '=1+2*3'],
    ['+1', 1, '=+1'],
    ['-2+3', 1, '=-2+3'],
    ['=(1+2)/4', 0.75, '=(1+2)/4'],
  ])('turns %j into a formula and evaluates plain arithmetic', async (input, value, formula) => {
    expect(await typeIn(input)).toMatchObject({ value, formula, type: 'Double' });
  });

  it('turns @SUM(A1) into =SUM(A1), which the fake cannot evaluate: #NAME? with valueTypes Error', async () => {
    expect(await typeIn('@SUM(A1)')).toEqual({ value: '#NAME?', formula: '=SUM(A1)', type: 'Error', format: 'General' });
  });

  it('gives #NAME? for a dash followed by text, and #DIV/0! for a division by zero', async () => {
    expect(await typeIn('-abc')).toMatchObject({ value: '#NAME?', formula: '=-abc', type: 'Error' });
    expect(await typeIn('=1/0')).toMatchObject({ value: '#DIV/0!', type: 'Error' });
  });

  it.each([
    ['000123', 123],
    ['1E5', 100000],
    ['09506000134352', 9506000134352],
    ['-5', -5],
    ['1,234', 1234],
    ['12345678901234567890', 12345678901234500000],
    ['0.1234567890123456789', 0.123456789012345],
  ])('turns the number-looking %j into a number', async (input, value) => {
    expect(await typeIn(input)).toMatchObject({ value, type: 'Double' });
  });

  it('gives a typed 1E5 the scientific format and 12% a percent, as Excel does', async () => {
    expect(await typeIn('1E5')).toMatchObject({ value: 100000, format: '0.00E+00' });
    expect(await typeIn('12%')).toMatchObject({ value: 0.12, format: '0%' });
  });

  it('turns date-looking text into a serial number and gives the cell a date format', async () => {
    const year = new Date().getFullYear();
    expect(await typeIn('2024-01-05')).toEqual({ value: 45296, formula: 45296, type: 'Double', format: 'm/d/yyyy' });
    expect(await typeIn('1/5/2024')).toMatchObject({ value: 45296, format: 'm/d/yyyy' });
    // US locale: month first.
    expect(await typeIn('3-4')).toMatchObject({ value: dateToSerial(year, 3, 4), format: 'd-mmm' });
    expect(await typeIn('12/10')).toMatchObject({ value: dateToSerial(year, 12, 10), format: 'd-mmm' });
  });

  it('keeps an existing non-General format when a date is typed', async () => {
    expect(await typeIn('2024-01-05', 'yyyy-mm-dd')).toMatchObject({ value: 45296, format: 'yyyy-mm-dd' });
  });

  it('leaves impossible dates as text', async () => {
    expect(await typeIn('2023-02-29')).toMatchObject({ value: '2023-02-29', type: 'String' });
    expect(await typeIn('13/45')).toMatchObject({ value: '13/45', type: 'String' });
  });

  it('turns TRUE and FALSE into booleans', async () => {
    expect(await typeIn('TRUE')).toMatchObject({ value: true, type: 'Boolean' });
    expect(await typeIn('false')).toMatchObject({ value: false, type: 'Boolean' });
  });

  it('reads a typed error literal back as its text with valueTypes Error', async () => {
    expect(await typeIn('#N/A')).toMatchObject({ value: '#N/A', type: 'Error' });
  });

  it('stores text as it is in a text-formatted cell', async () => {
    for (const input of ['000123', '=SUM(A1)', '+1', '-2+3', '@SUM(A1)', '3-4', 'TRUE', '09506000134352']) {
      expect(await typeIn(input, '@')).toEqual({ value: input, formula: input, type: 'String', format: '@' });
    }
  });

  it('treats a leading apostrophe as a text prefix that values and formulas do not return (office-js #6687)', async () => {
    expect(await typeIn("'=AVERAGE(A1)")).toEqual({ value: '=AVERAGE(A1)', formula: '=AVERAGE(A1)', type: 'String', format: 'General' });
    expect(await typeIn("'000123")).toMatchObject({ value: '000123', type: 'String' });
    expect(await typeIn("'=AVERAGE(A1)", '@')).toMatchObject({ value: '=AVERAGE(A1)' });
  });

  it('shows why the apostrophe must be written again: text read back and written unescaped becomes a formula', async () => {
    const first = await typeIn("'=1+1");
    expect(first.value).toBe('=1+1');
    expect(await typeIn(first.value)).toMatchObject({ value: 2, formula: '=1+1' });
  });

  it('stores formulas written through formulas, and types other text there too', async () => {
    expect(await typeIn('=2*21', undefined, 'formulas')).toMatchObject({ value: 42, formula: '=2*21' });
    expect(await typeIn('000123', undefined, 'formulas')).toMatchObject({ value: 123 });
  });

  it('keeps numbers and booleans written as such', async () => {
    expect(await typeIn(12.5)).toMatchObject({ value: 12.5, type: 'Double' });
    expect(await typeIn(true)).toMatchObject({ value: true, type: 'Boolean' });
  });

  it('reads blank cells back as empty strings with valueTypes Empty', async () => {
    expect(await typeIn('')).toEqual({ value: '', formula: '', type: 'Empty', format: 'General' });
  });
});

describe('date serials', () => {
  it('counts from 1899-12-30 after serial 60, and keeps the fictitious 1900-02-29 as serial 60', () => {
    expect(dateToSerial(1900, 1, 1)).toBe(1);
    expect(dateToSerial(1900, 2, 28)).toBe(59);
    expect(dateToSerial(1900, 2, 29)).toBe(60);
    expect(dateToSerial(1900, 3, 1)).toBe(61);
    expect(dateToSerial(2024, 1, 5)).toBe(45296);
    expect(serialToDate(60)).toEqual({ year: 1900, month: 2, day: 29 });
    expect(serialToDate(61)).toEqual({ year: 1900, month: 3, day: 1 });
    expect(serialToDate(45296)).toEqual({ year: 2024, month: 1, day: 5 });
  });
});

describe('evaluateFormula', () => {
  it('follows operator precedence and unary minus', () => {
    expect(evaluateFormula('=2+3*4^2')).toEqual({ value: 50, isError: false });
    expect(evaluateFormula('=-(1+2)*-2')).toEqual({ value: 6, isError: false });
    expect(evaluateFormula('=1+')).toEqual({ value: '#NAME?', isError: true });
    expect(evaluateFormula('=A1+1')).toEqual({ value: '#NAME?', isError: true });
  });
});
