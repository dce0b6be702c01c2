import { buildRecallIndex, traceRecall, type RecallData, type RecallMovement, type RecallShipment } from './recall';
import type { IsoDate, MovementType, Qty } from './types';

let seq = 0;
const mv = (type: MovementType, sku: string, lot: string, qty: number, ref = '', date = '2025-03-01'): RecallMovement => ({ id: `M${++seq}`, date: date as IsoDate, type, sku, lot, qty: qty as Qty, ref });
const ship = (id: string, customerId: string, sku: string, lot: string, qty: number, date = '2025-04-01'): RecallShipment => ({ id, date: date as IsoDate, customerId, orderId: `O-${id}`, sku, lot, qty: qty as Qty });
const shipBoth = (id: string, customerId: string, sku: string, lot: string, qty: number, date = '2025-04-01') => ({ m: mv('SHIP', sku, lot, -qty, id, date), s: ship(id, customerId, sku, lot, qty, date) });

// Vitamin C powder lot P1 goes into capsules C1 (run R1); C1 is bottled into J1 and J2 (run R2); J1 is cased
// into K1 (run R3). A second powder lot P2 goes only into C2. Everything shipped has a shipment row.
function plant(): RecallData {
  const s1 = shipBoth('S1', 'CUST-B', 'JAR', 'J2', 40, '2025-04-02');
  const s2 = shipBoth('S2', 'CUST-A', 'CASE', 'K1', 10, '2025-04-01');
  const s3 = shipBoth('S3', 'CUST-A', 'JAR', 'J2', 20, '2025-04-03');
  const s4 = shipBoth('S4', 'CUST-Z', 'CAPS', 'C2', 5, '2025-04-01');
  const s5 = shipBoth('S5', 'CUST-R', 'POWDER', 'P1', 1, '2025-04-05');
  const movements = [
    mv('RECEIVE', 'POWDER', 'P1', 1000, 'PO-1'),
    mv('RECEIVE', 'POWDER', 'P2', 500, 'PO-2'),
    mv('RECEIVE', 'SHELL', 'S1', 2000, 'PO-3'),
    mv('CONSUME', 'POWDER', 'P1', -900, 'R1'),
    mv('CONSUME', 'SHELL', 'S1', -1000, 'R1'),
    mv('PRODUCE', 'CAPS', 'C1', 1000, 'R1'),
    mv('CONSUME', 'POWDER', 'P2', -500, 'R4'),
    mv('PRODUCE', 'CAPS', 'C2', 500, 'R4'),
    mv('CONSUME', 'CAPS', 'C1', -1000, 'R2'),
    mv('PRODUCE', 'JAR', 'J1', 50, 'R2'),
    mv('PRODUCE', 'JAR', 'J2', 60, 'R2'),
    mv('CONSUME', 'JAR', 'J1', -50, 'R3'),
    mv('PRODUCE', 'CASE', 'K1', 10, 'R3'),
    mv('DESTROY', 'POWDER', 'P1', -50, 'D-1'),
    mv('ADJUST', 'POWDER', 'P1', -10, 'C-1'),
    mv('TRANSFER', 'POWDER', 'P1', -39, 'T-1'),
    mv('TRANSFER', 'POWDER', 'P1', 39, 'T-1'),
    s1.m, s2.m, s3.m, s4.m, s5.m,
  ];
  return { movements, shipments: [s1.s, s2.s, s3.s, s4.s, s5.s] };
}

describe('traceRecall forward', () => {
  const data = plant();
  const r = traceRecall(data, [{ sku: 'POWDER', lot: 'P1' }], 'forward');

  it('lists the start lot and every lot made from it, with depths', () => {
    expect(r.lots).toEqual([
      { sku: 'POWDER', lot: 'P1', depth: 0, direction: 'start' },
      { sku: 'CAPS', lot: 'C1', depth: 1, direction: 'forward' },
      { sku: 'JAR', lot: 'J1', depth: 2, direction: 'forward' },
      { sku: 'JAR', lot: 'J2', depth: 2, direction: 'forward' },
      { sku: 'CASE', lot: 'K1', depth: 3, direction: 'forward' },
    ]);
    expect(r.unknownStarts).toEqual([]);
  });

  it('lists the shipments of those lots by date and the customers to notify', () => {
    expect(r.shipments.map((s) => s.id)).toEqual(['S2', 'S1', 'S3', 'S5']);
    expect(r.customerIds).toEqual(['CUST-A', 'CUST-B', 'CUST-R']);
  });

  it('balances each lot: every unit received is consumed, shipped, destroyed, adjusted or on hand', () => {
    const p1 = r.massBalance.find((b) => b.lot === 'P1')!;
    expect(p1).toEqual({
      sku: 'POWDER', lot: 'P1', receivedOrProduced: 1000, returned: 0, adjusted: -10, transferred: 0, consumed: 900, shippedLedger: 1, shipped: 1, destroyed: 50, onHand: 39, unaccounted: 0, accountedPercent: 100,
    });
    const j2 = r.massBalance.find((b) => b.lot === 'J2')!;
    expect(j2).toMatchObject({ receivedOrProduced: 60, shipped: 60, onHand: 0, unaccounted: 0, accountedPercent: 100 });
    expect(r.massBalance.map((b) => b.lot)).toEqual(['P1', 'C1', 'J1', 'J2', 'K1']);
  });
});

describe('traceRecall backward and both', () => {
  const index = buildRecallIndex(plant());

  it('walks from a finished lot back to its raw materials, with only the start lot’s shipments', () => {
    const r = traceRecall(index, [{ sku: 'CASE', lot: 'K1' }], 'backward');
    expect(r.lots.map((l) => `${l.direction}:${l.sku}/${l.lot}@${l.depth}`)).toEqual([
      'start:CASE/K1@0', 'backward:JAR/J1@1', 'backward:CAPS/C1@2', 'backward:POWDER/P1@3', 'backward:SHELL/S1@3',
    ]);
    expect(r.shipments.map((s) => s.id)).toEqual(['S2']);
  });

  it('walks both ways from an intermediate lot', () => {
    const r = traceRecall(index, [{ sku: 'JAR', lot: 'J1' }], 'both');
    expect(r.lots.map((l) => `${l.direction}:${l.sku}/${l.lot}@${l.depth}`)).toEqual([
      'start:JAR/J1@0', 'forward:CASE/K1@1', 'backward:CAPS/C1@1', 'backward:POWDER/P1@2', 'backward:SHELL/S1@2',
    ]);
    // J2 is a sibling (same run, same input), not a descendant of J1.
    expect(r.shipments.map((s) => s.id)).toEqual(['S2']);
  });

  it('keeps a start lot reached from another start as a start, and lists a lot reached both ways twice', () => {
    const r = traceRecall(index, [{ sku: 'POWDER', lot: 'P1' }, { sku: 'JAR', lot: 'J1' }, { sku: 'JAR', lot: 'J1' }], 'both');
    expect(r.lots.filter((l) => l.direction === 'start').map((l) => l.lot)).toEqual(['J1', 'P1']);
    expect(r.lots.filter((l) => l.lot === 'C1').map((l) => `${l.direction}@${l.depth}`)).toEqual(['forward@1', 'backward@1']);
    expect(r.massBalance.filter((b) => b.lot === 'C1')).toHaveLength(1);
  });

  it('gives the same answer from raw data and from a prebuilt index', () => {
    const start = [{ sku: 'SHELL', lot: 'S1' }];
    expect(traceRecall(plant(), start, 'both')).toEqual(traceRecall(index, start, 'both'));
  });
});

describe('traceRecall: what a user gets from bad input', () => {
  it('names unknown start lots instead of returning an empty trace silently', () => {
    const r = traceRecall(plant(), [{ sku: 'POWDER', lot: 'P9' }, { sku: 'POWDER', lot: 'P2' }], 'forward');
    expect(r.unknownStarts).toEqual([{ sku: 'POWDER', lot: 'P9' }]);
    expect(r.lots.map((l) => l.lot)).toEqual(['P2', 'C2']);
    expect(r.customerIds).toEqual(['CUST-Z']);
  });

  it('shows units shipped without a shipment row as unaccounted, and shipment rows without SHIP movements as negative', () => {
    const data: RecallData = {
      movements: [
        mv('RECEIVE', 'A', '1', 100, 'PO'),
        mv('SHIP', 'A', '1', -30, 'S1'), // shipped, but nobody knows to whom
        mv('SHIP', 'A', '1', -20, 'S2'),
        mv('RECEIVE', 'B', '1', 100, 'PO'),
      ],
      shipments: [ship('S2', 'C1', 'A', '1', 20), ship('S3', 'C2', 'B', '1', 25)],
    };
    const r = traceRecall(data, [{ sku: 'A', lot: '1' }, { sku: 'B', lot: '1' }], 'forward');
    expect(r.massBalance).toEqual([
      expect.objectContaining({ sku: 'A', shippedLedger: 50, shipped: 20, onHand: 50, unaccounted: 30, accountedPercent: 70 }),
      expect.objectContaining({ sku: 'B', shippedLedger: 0, shipped: 25, onHand: 100, unaccounted: -25, accountedPercent: 75 }),
    ]);
  });

  it('has no percentage for a lot nothing was received into', () => {
    const r = traceRecall({ movements: [], shipments: [ship('S1', 'C1', 'A', '1', 5)] }, [{ sku: 'A', lot: '1' }], 'forward');
    expect(r.massBalance[0]).toMatchObject({ receivedOrProduced: 0, shipped: 5, unaccounted: -5, accountedPercent: null });
    expect(r.customerIds).toEqual(['C1']);
  });

  it('finishes on a genealogy cycle and reports the runs involved', () => {
    const data: RecallData = {
      movements: [mv('RECEIVE', 'A', '1', 10), mv('CONSUME', 'A', '1', -10, 'R1'), mv('PRODUCE', 'B', '1', 10, 'R1'), mv('CONSUME', 'B', '1', -5, 'R2'), mv('PRODUCE', 'A', '1', 5, 'R2'), mv('CONSUME', 'B', '1', -5, 'R3'), mv('PRODUCE', 'C', '1', 5, 'R3')],
      shipments: [ship('S1', 'X', 'C', '1', 5)],
    };
    const r = traceRecall(data, [{ sku: 'A', lot: '1' }], 'forward');
    expect(r.lots.map((l) => `${l.lot}@${l.depth}`)).toEqual(['1@0', '1@1', '1@2']);
    expect(r.lots.map((l) => l.sku)).toEqual(['A', 'B', 'C']);
    expect(r.cycles).toEqual([{ runs: ['R1', 'R2'], lots: ['A\u00001', 'B\u00001'] }]);
    expect(r.customerIds).toEqual(['X']);
  });
});
