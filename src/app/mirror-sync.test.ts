import { EMPTY_FINGERPRINT, fingerprintRows, planTableSync } from './mirror-sync';
import type { IsoDate, Movement, Qty } from '../domain/types';

const m = (id: string, qty = 1): Movement => ({ id, date: '2026-11-30' as IsoDate, type: 'ADJUST', sku: 'RM-ASH', lot: 'A', qty: qty as Qty, location: '', ref: '', unitCost: null, user: '', note: '' });
const rows = [m('M-1'), m('M-2'), m('M-3')];
const metaOf = (rs: readonly Movement[]) => ({ rows: rs.length, fingerprint: fingerprintRows('Movements', rs).full });

describe('planTableSync', () => {
  it('builds a table the mirror has never seen', () => {
    expect(planTableSync('Movements', undefined, rows)).toMatchObject({ kind: 'rebuild', why: 'new', rows: 3 });
  });
  it('does nothing when the workbook has the same rows', () => {
    expect(planTableSync('Movements', metaOf(rows), rows)).toMatchObject({ kind: 'unchanged' });
  });
  it('appends only the rows added at the end', () => {
    expect(planTableSync('Movements', metaOf(rows.slice(0, 1)), rows)).toMatchObject({ kind: 'append', from: 1, rows: 3, fingerprint: metaOf(rows).fingerprint });
    expect(planTableSync('Movements', { rows: 0, fingerprint: EMPTY_FINGERPRINT }, rows)).toMatchObject({ kind: 'append', from: 0 });
  });
  it('rebuilds after an edit, a deletion or a sort', () => {
    expect(planTableSync('Movements', metaOf(rows), [rows[0]!, m('M-2', 7), rows[2]!])).toMatchObject({ kind: 'rebuild', why: 'changed' });
    expect(planTableSync('Movements', metaOf(rows), [rows[0]!, rows[2]!])).toMatchObject({ kind: 'rebuild' });
    expect(planTableSync('Movements', metaOf(rows), [rows[1]!, rows[0]!, rows[2]!])).toMatchObject({ kind: 'rebuild' });
    // An edit in the old rows plus new rows at the end is still an edit.
    expect(planTableSync('Movements', metaOf(rows.slice(0, 2)), [m('M-1', 2), rows[1]!, rows[2]!])).toMatchObject({ kind: 'rebuild' });
  });
  it('hashes fields, not the order of an object\'s keys', () => {
    const reordered = Object.fromEntries(Object.entries(rows[0]!).reverse()) as unknown as Movement;
    expect(fingerprintRows('Movements', [reordered]).full).toBe(fingerprintRows('Movements', [rows[0]!]).full);
  });
  it('tells rows apart from the same text split differently', () => {
    const a = { ...m('M-1'), note: 'x', user: '' };
    const b = { ...m('M-1'), note: '', user: 'x' };
    expect(fingerprintRows('Movements', [a]).full).not.toBe(fingerprintRows('Movements', [b]).full);
  });
});
