import fc from 'fast-check';
import { ancestors, buildGenealogy, descendants, type LinkMovement } from './genealogy';
import { MOVEMENT_TYPES, type LotKey } from './types';

const key = (sku: string, lot: string) => `${sku}\u0000${lot}` as LotKey;
const lotsArb = fc.constantFrom('1', '2', '3', '4', '5');
const movementsArb = fc
  .array(fc.record({ type: fc.constantFrom(...MOVEMENT_TYPES, 'CONSUME', 'PRODUCE'), lot: lotsArb, ref: fc.constantFrom('R1', 'R2', 'R3', 'R4', '') }), { maxLength: 25 })
  .map((rows) => rows.map((r, i): LinkMovement => ({ id: `M${i}`, type: r.type, sku: 'S', lot: r.lot, ref: r.ref })));

/** Lots reachable from `from` through one or more runs, by brute force over the rows. */
function reachable(movements: readonly LinkMovement[], from: string): Set<string> {
  const seen = new Set<string>();
  let frontier = [from];
  while (frontier.length > 0) {
    const runs = new Set(movements.filter((m) => m.type === 'CONSUME' && m.ref && frontier.includes(m.lot)).map((m) => m.ref));
    frontier = movements.filter((m) => m.type === 'PRODUCE' && m.ref && runs.has(m.ref) && !seen.has(m.lot)).map((m) => m.lot);
    frontier = [...new Set(frontier)];
    frontier.forEach((l) => seen.add(l));
  }
  return seen;
}

describe('genealogy properties', () => {
  it('finds exactly the lots that are their own ancestors as lots on a cycle', () => {
    fc.assert(
      fc.property(movementsArb, (movements) => {
        const g = buildGenealogy(movements);
        const onCycle = new Set(g.cycles.flatMap((c) => c.lots));
        for (const lot of ['1', '2', '3', '4', '5']) expect(onCycle.has(key('S', lot))).toBe(reachable(movements, lot).has(lot));
      }),
      { numRuns: 200 },
    );
  });

  it('descendants match brute force, and B descends from A exactly when A is an ancestor of B', () => {
    fc.assert(
      fc.property(movementsArb, (movements) => {
        const g = buildGenealogy(movements);
        for (const a of ['1', '2', '3', '4', '5']) {
          const down = descendants(g, key('S', a));
          if (!down.ok) {
            expect(g.cycles.length).toBeGreaterThan(0);
            continue;
          }
          expect(new Set(down.lots.map((l) => l.lot))).toEqual(reachable(movements, a));
          for (const b of down.lots) {
            const up = ancestors(g, b.key);
            // B may have a cycle among its other ancestors; then the error is the answer.
            if (!up.ok) continue;
            expect(up.lots.some((l) => l.lot === a && l.depth === b.depth)).toBe(true);
          }
        }
      }),
      { numRuns: 200 },
    );
  });
});
