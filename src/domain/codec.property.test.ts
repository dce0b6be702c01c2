import fc from 'fast-check';
import { decodeTable, encodeRow, rowKey } from './codec';
import type { CellValue } from './codec';
import { MAX_DATE_SERIAL, serialToIsoDate, serialToIsoDateTime } from './dates';
import { TABLES, TABLE_NAMES } from './schema';
import type { ColumnDef, TableDef } from './schema';
import type { EntityByTable, MovementType, TableName } from './types';

const runs = { numRuns: 200 };

/** Text as users type it: plain words, ids with leading zeros, and values that would become formulas. */
const text = fc
  .oneof(
    fc.string({ maxLength: 12 }),
    fc.constantFrom('=SUM(A1:A9)', '+31 20 555', '-5 damaged', '@risk', '000123', '1E5', '3-4', '#N/A', 'Müller & Söhne', 'TRUE'),
  )
  .map((s) => s.trim());

function cellArbitrary(c: ColumnDef<any>): fc.Arbitrary<unknown> {
  const value: fc.Arbitrary<unknown> = (() => {
    switch (c.type) {
      case 'id':
      case 'text':
        return c.required ? text.filter((s) => s !== '') : text;
      case 'enum':
        return fc.constantFrom(...(c.values ?? []));
      case 'int':
        return fc.integer({ min: -100000, max: 100000 });
      case 'qty':
        return fc.integer({ min: c.nonNegative ? 0 : -1e12, max: 1e12 });
      case 'money':
        return fc.integer({ min: -1e12, max: 1e12 });
      case 'date':
        return fc.integer({ min: 1, max: MAX_DATE_SERIAL }).filter((s) => s !== 60).map(serialToIsoDate);
      case 'datetime':
        return fc
          .tuple(fc.integer({ min: 1, max: MAX_DATE_SERIAL }).filter((s) => s !== 60), fc.integer({ min: 0, max: 86399 }))
          .map(([d, s]) => serialToIsoDateTime(d + s / 86400));
    }
  })();
  // Optional text is '' when blank, other optional values null.
  return c.required || c.type === 'id' || c.type === 'text' ? value : fc.option(value, { nil: null });
}

const SIGN: Readonly<Record<MovementType, 1 | -1 | 0>> = { RECEIVE: 1, PRODUCE: 1, RETURN: 1, CONSUME: -1, SHIP: -1, DESTROY: -1, ADJUST: 0, TRANSFER: 0 };

function entityArbitrary<N extends TableName>(def: TableDef<N>): fc.Arbitrary<EntityByTable[N]> {
  const shape: Record<string, fc.Arbitrary<unknown>> = {};
  for (const c of def.columns) shape[c.field] = cellArbitrary(c);
  return fc.record(shape).map((e) => {
    if (def.name !== 'Movements') return e as unknown as EntityByTable[N];
    // Movements obey the sign of their type and are never 0.
    const sign = SIGN[e.type as MovementType];
    const magnitude = Math.abs(e.qty as number) || 1;
    return { ...e, qty: sign === -1 ? -magnitude : sign === 1 ? magnitude : (e.qty as number) || 1 } as unknown as EntityByTable[N];
  });
}

/** What Excel gives back for a written value: the leading apostrophe is a mark, numbers keep 15 digits. */
function readBack(v: CellValue): CellValue {
  if (typeof v === 'string') return v.startsWith("'") ? v.slice(1) : v;
  if (typeof v === 'number') return Number(v.toPrecision(15));
  return v;
}

function valueType(v: CellValue): string {
  return typeof v === 'number' ? 'Double' : typeof v === 'boolean' ? 'Boolean' : v === '' ? 'Empty' : 'String';
}

describe.each(TABLE_NAMES.map((n) => [n]))('%s: decode(encode(x)) == x', (name) => {
  const def = TABLES[name] as unknown as TableDef<TableName>;
  const own = def.columns.map((c) => c.header);

  it('for rows with distinct keys, under any column order with users’ own columns', () => {
    const table = fc.record({
      rows: fc.uniqueArray(entityArbitrary(def), { maxLength: 5, selector: (e) => rowKey(def, e) }),
      headers: fc.shuffledSubarray([...own, 'My Notes', 'Margin'], { minLength: own.length + 2 }),
      headerRow: fc.integer({ min: 1, max: 50 }),
      firstColumn: fc.integer({ min: 0, max: 30 }),
      userValue: fc.oneof(fc.string(), fc.integer(), fc.constant('#DIV/0!')),
    });
    fc.assert(
      fc.property(table, ({ rows, headers, headerRow, firstColumn, userValue }) => {
        const body = rows.map((e) =>
          encodeRow(def, e, headers).map((v, i) => (own.includes(headers[i] as string) ? readBack(v) : userValue)),
        );
        const types = body.map((r) => r.map(valueType));
        const d = decodeTable(def, headers, body, { sheet: name, headerRow, firstColumn }, types);
        expect(d.problems).toEqual([]);
        expect(d.rows).toEqual(rows);
        expect(d.rowNumbers).toEqual(rows.map((_, i) => headerRow + 1 + i));
      }),
      runs,
    );
  });
});

describe('duplicate keys', () => {
  it('every repeat of a key is reported on its row, naming the row of the first', () => {
    const keys = fc.array(fc.string({ minLength: 1, maxLength: 3, unit: fc.constantFrom('a', 'b', 'c', '1') }), { maxLength: 300 });
    fc.assert(
      fc.property(keys, (ks) => {
        const d = decodeTable(TABLES.Settings, ['Key', 'Value'], ks.map((k) => [k, 'v']), { sheet: 'Settings', headerRow: 1, firstColumn: 0 });
        const first = new Map<string, number>();
        const expected: [number, string][] = [];
        ks.forEach((k, i) => {
          const row = i + 2;
          const f = first.get(k);
          if (f === undefined) first.set(k, row);
          else expected.push([row, `row ${f};`]);
        });
        expect(d.problems.map((p) => [p.row, /row \d+;/.exec(p.message)?.[0]])).toEqual(expected);
        expect(d.rows.map((r) => r.key)).toEqual([...first.keys()]);
      }),
      { numRuns: 200 },
    );
  });
});
