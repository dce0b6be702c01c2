import { ancestors, buildGenealogy, childrenOf, descendants, parentsOf, runLinks, walkLineage, type LinkMovement } from './genealogy';
import type { LotKey, MovementType } from './types';

const key = (sku: string, lot: string) => `${sku}\u0000${lot}` as LotKey;
let seq = 0;
const mv = (type: MovementType, sku: string, lot: string, ref = ''): LinkMovement => ({ id: `M${++seq}`, type, sku, lot, ref });
const run = (id: string, inputs: [string, string][], outputs: [string, string][]): LinkMovement[] => [
  ...inputs.map(([s, l]) => mv('CONSUME', s, l, id)),
  ...outputs.map(([s, l]) => mv('PRODUCE', s, l, id)),
];
const names = (lots: readonly { sku: string; lot: string; depth?: number }[]) => lots.map((l) => `${l.sku}/${l.lot}${l.depth !== undefined ? `@${l.depth}` : ''}`);

describe('genealogy: a three-level tree', () => {
  // Raw powder and capsules -> bulk blend -> bottled product; bottles and labels join at the last step.
  const movements = [
    mv('RECEIVE', 'POWDER', 'P1', 'PO-1'),
    mv('RECEIVE', 'SHELL', 'S1', 'PO-2'),
    mv('RECEIVE', 'BOTTLE', 'B1', 'PO-3'),
    ...run('R1', [['POWDER', 'P1'], ['SHELL', 'S1']], [['CAPS', 'C1']]),
    ...run('R2', [['CAPS', 'C1'], ['BOTTLE', 'B1']], [['JAR', 'J1'], ['JAR', 'J2']]),
    ...run('R3', [['JAR', 'J1']], [['CASE', 'K1']]),
    mv('SHIP', 'CASE', 'K1', 'SH-1'),
  ];
  const g = buildGenealogy(movements);

  it('knows the direct parents and children, with the runs that link them', () => {
    expect(parentsOf(g, key('CAPS', 'C1'))).toEqual([
      { key: key('POWDER', 'P1'), sku: 'POWDER', lot: 'P1', runs: ['R1'] },
      { key: key('SHELL', 'S1'), sku: 'SHELL', lot: 'S1', runs: ['R1'] },
    ]);
    expect(names(childrenOf(g, key('CAPS', 'C1')))).toEqual(['JAR/J1', 'JAR/J2']);
    expect(parentsOf(g, key('POWDER', 'P1'))).toEqual([]);
    expect(childrenOf(g, key('CASE', 'K1'))).toEqual([]);
  });

  it('finds ancestors and descendants at any depth with their depth', () => {
    const up = ancestors(g, key('CASE', 'K1'));
    expect(up.ok && names(up.lots)).toEqual(['JAR/J1@1', 'BOTTLE/B1@2', 'CAPS/C1@2', 'POWDER/P1@3', 'SHELL/S1@3']);
    const down = descendants(g, key('POWDER', 'P1'));
    expect(down.ok && names(down.lots)).toEqual(['CAPS/C1@1', 'JAR/J1@2', 'JAR/J2@2', 'CASE/K1@3']);
  });

  it('has no relatives for an unknown lot', () => {
    expect(ancestors(g, key('NOPE', 'X'))).toEqual({ ok: true, lots: [] });
    expect(g.lots.has(key('NOPE', 'X'))).toBe(false);
    expect(g.lots.has(key('BOTTLE', 'B1'))).toBe(true);
  });
});

describe('genealogy: links come only from runs', () => {
  it('ignores receipts, transfers, adjustments, returns, shipments and destruction even when they carry a ref', () => {
    const g = buildGenealogy([
      mv('RECEIVE', 'A', '1', 'R1'),
      mv('TRANSFER', 'A', '1', 'R1'),
      mv('ADJUST', 'A', '1', 'R1'),
      mv('RETURN', 'B', '1', 'R1'),
      mv('SHIP', 'B', '1', 'R1'),
      mv('DESTROY', 'B', '1', 'R1'),
    ]);
    expect(g.runNames).toEqual([]);
    expect(childrenOf(g, key('A', '1'))).toEqual([]);
    expect(parentsOf(g, key('B', '1'))).toEqual([]);
  });

  it('lists CONSUME and PRODUCE movements without a run id instead of guessing a link', () => {
    const g = buildGenealogy([{ id: 'X1', type: 'CONSUME', sku: 'A', lot: '1', ref: '' }, { id: 'X2', type: 'PRODUCE', sku: 'B', lot: '1' }]);
    expect(g.unlinked).toEqual(['X1', 'X2']);
    expect(g.runNames).toEqual([]);
  });
});

describe('genealogy: a diamond', () => {
  // A splits into B and C in two runs; B and C are blended into D.
  const g = buildGenealogy([...run('R1', [['A', '1']], [['B', '1']]), ...run('R2', [['A', '1']], [['C', '1']]), ...run('R3', [['B', '1'], ['C', '1']], [['D', '1']])]);

  it('reports each lot once, at its shortest depth', () => {
    const down = descendants(g, key('A', '1'));
    expect(down.ok && names(down.lots)).toEqual(['B/1@1', 'C/1@1', 'D/1@2']);
    const up = ancestors(g, key('D', '1'));
    expect(up.ok && names(up.lots)).toEqual(['B/1@1', 'C/1@1', 'A/1@2']);
    expect(g.cycles).toEqual([]);
  });

  it('lists each run’s inputs and outputs once, in the order they were booked', () => {
    const g2 = buildGenealogy([mv('CONSUME', 'A', '1', 'R1'), mv('PRODUCE', 'A', '1', 'R1'), mv('CONSUME', 'B', '1', 'R2'), mv('CONSUME', 'A', '1', 'R1'), mv('CONSUME', 'C', '1', 'R1'), mv('PRODUCE', 'A', '1', 'R1')]);
    expect(runLinks(g2, 'R1')).toEqual({ id: 'R1', inputs: [key('A', '1'), key('C', '1')], outputs: [key('A', '1')] });
    expect(runLinks(g2, 'R2')).toEqual({ id: 'R2', inputs: [key('B', '1')], outputs: [] });
    expect(runLinks(g2, 'R9')).toBeUndefined();
  });

  it('names both runs when two runs link the same pair of lots', () => {
    const g2 = buildGenealogy([...run('R1', [['A', '1']], [['B', '1']]), ...run('R9', [['A', '1']], [['B', '1']])]);
    expect(parentsOf(g2, key('B', '1'))).toEqual([{ key: key('A', '1'), sku: 'A', lot: '1', runs: ['R1', 'R9'] }]);
  });
});

describe('genealogy: cycles', () => {
  // Rework: lot B1 is made from A1, then B1 is booked back into A1 by run R2.
  const g = buildGenealogy([mv('RECEIVE', 'X', '0', 'PO'), ...run('R0', [['X', '0']], [['A', '1']]), ...run('R1', [['A', '1']], [['B', '1']]), ...run('R2', [['B', '1']], [['A', '1']]), ...run('R3', [['B', '1']], [['C', '1']])]);

  it('finds the cycle when the graph is built, naming its runs and lots', () => {
    expect(g.cycles).toEqual([{ runs: ['R1', 'R2'], lots: [key('A', '1'), key('B', '1')] }]);
  });

  it('returns a cycle error from a traversal that reaches the cycle instead of looping', () => {
    for (const result of [descendants(g, key('X', '0')), ancestors(g, key('C', '1')), ancestors(g, key('A', '1'))]) {
      expect(result).toMatchObject({ ok: false, code: 'cycle', runs: ['R1', 'R2'], lots: [key('A', '1'), key('B', '1')] });
    }
  });

  it('still answers traversals that stay clear of the cycle', () => {
    const up = ancestors(g, key('X', '0'));
    expect(up).toEqual({ ok: true, lots: [] });
    const down = descendants(g, key('C', '1'));
    expect(down).toEqual({ ok: true, lots: [] });
  });

  it('treats a run that produces into the lot it consumed as a cycle', () => {
    const self = buildGenealogy(run('RW', [['A', '1']], [['A', '1']]));
    expect(self.cycles).toEqual([{ runs: ['RW'], lots: [key('A', '1')] }]);
    expect(descendants(self, key('A', '1'))).toMatchObject({ ok: false, code: 'cycle', runs: ['RW'] });
  });

  it('lets the low-level walk finish on a cycle and say which cycles it met', () => {
    const { depths, cycles } = walkLineage(g, [g.lots.get(key('X', '0'))!], 'down');
    expect([...depths].map(([id, depth]) => [g.lots.ref(id).key, depth])).toEqual([[key('X', '0'), 0], [key('A', '1'), 1], [key('B', '1'), 2], [key('C', '1'), 3]]);
    expect([...cycles]).toEqual([0]);
  });
});

describe('genealogy: long chains', () => {
  it('walks a 20,000-level chain without running out of stack', () => {
    const movements: LinkMovement[] = [];
    for (let i = 1; i <= 20_000; i++) movements.push(...run(`R${i}`, [['T', String(i - 1)]], [['T', String(i)]]));
    const g = buildGenealogy(movements);
    const down = descendants(g, key('T', '0'));
    expect(down.ok && down.lots.length).toBe(20_000);
    expect(down.ok && down.lots[19_999]).toEqual({ key: key('T', '20000'), sku: 'T', lot: '20000', depth: 20_000 });
    expect(g.cycles).toEqual([]);
  });
});
