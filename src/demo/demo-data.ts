/**
 * The playground's demo workbook: a small supplement brand with raw materials, packaging, one production run,
 * customers and open orders. Dates are relative to `today` so that the demo never goes stale.
 */
import { addDays, nowIsoDateTime } from '../domain/dates';
import type { AppendRows } from '../app/ports';
import type { IsoDate, IsoDateTime, Money, Qty } from '../domain/types';
import { gs1CheckDigit } from '../domain/gs1';

const q = (n: number) => Math.round(n * 1000) as Qty;
const m = (n: number) => Math.round(n * 10000) as Money;
export const gtin = (first13: string) => `${first13}${gs1CheckDigit(first13)}`;

export function demoWorkbook(today: IsoDate, now: IsoDateTime = nowIsoDateTime()): AppendRows {
  const d = (days: number) => addDays(today, days);
  const user = 'demo';
  // The finished lot made a month ago, named before the Settings lot pattern was in use (new runs get {yy}{mm}-{sku}-{seq}).
  const fgLot = `${today.slice(2, 4)}${today.slice(5, 7)}-ASH60-001`;
  return {
    Products: [
      { sku: 'RM-ASH', gtin: gtin('0950600013411'), description: 'Ashwagandha root extract powder', unit: 'kg', decimals: 3, shelfLifeDays: 730, minShipLifeDays: null, kind: 'raw' },
      { sku: 'RM-MGC', gtin: '', description: 'Magnesium citrate', unit: 'kg', decimals: 3, shelfLifeDays: 1095, minShipLifeDays: null, kind: 'raw' },
      { sku: 'PK-BTL150', gtin: '', description: 'HDPE bottle 150 cc with cap', unit: 'ea', decimals: 0, shelfLifeDays: null, minShipLifeDays: null, kind: 'packaging' },
      { sku: 'FG-ASH60', gtin: gtin('0950600013435'), description: 'Ashwagandha 500 mg, 60 capsules', unit: 'ea', decimals: 0, shelfLifeDays: 730, minShipLifeDays: 180, kind: 'finished' },
      { sku: 'FG-MAG120', gtin: gtin('0950600013442'), description: 'Magnesium 200 mg, 120 capsules', unit: 'ea', decimals: 0, shelfLifeDays: 1095, minShipLifeDays: 180, kind: 'finished' },
    ],
    Lots: [
      { sku: 'RM-ASH', lot: 'ASH-2407-A', supplier: 'Sattva Herbs', supplierLot: 'SH-77812', origin: 'IN', manufactured: d(-150), expiry: d(580), received: d(-120), status: 'released', unitCost: m(38.5), location: 'RM-01', coaRef: 'COA-77812', onHand: q(13.5) },
      { sku: 'RM-ASH', lot: 'ASH-2409-B', supplier: 'Sattva Herbs', supplierLot: 'SH-80144', origin: 'IN', manufactured: d(-40), expiry: d(690), received: d(-10), status: 'quarantine', unitCost: m(39.25), location: 'QC-HOLD', coaRef: '', onHand: q(20) },
      { sku: 'RM-MGC', lot: 'MGC-0311', supplier: 'Jost Minerals', supplierLot: '000311', origin: 'US', manufactured: d(-400), expiry: d(-5), received: d(-380), status: 'released', unitCost: m(12.1), location: 'RM-02', coaRef: 'COA-0311', onHand: q(4.2) },
      { sku: 'PK-BTL150', lot: 'BTL-5521', supplier: 'Pacific Pack', supplierLot: '5521', origin: 'US', manufactured: null, expiry: null, received: d(-90), status: 'released', unitCost: m(0.185), location: 'PK-01', coaRef: '', onHand: q(1600) },
      { sku: 'FG-ASH60', lot: fgLot, supplier: '', supplierLot: '', origin: '', manufactured: d(-30), expiry: d(700), received: d(-30), status: 'released', unitCost: null, location: 'FG-A1', coaRef: '', onHand: q(340) },
      { sku: 'FG-MAG120', lot: 'MAG-2311', supplier: 'Contract Caps Co', supplierLot: 'CC-2311', origin: 'US', manufactured: d(-300), expiry: d(60), received: d(-290), status: 'hold', unitCost: m(4.4), location: 'FG-B2', coaRef: 'COA-CC-2311', onHand: q(96) },
    ],
    Movements: [
      { id: 'M-0001', date: d(-120), type: 'RECEIVE', sku: 'RM-ASH', lot: 'ASH-2407-A', qty: q(25), location: 'RM-01', ref: 'PO-1042', unitCost: m(38.5), user, note: '' },
      { id: 'M-0002', date: d(-380), type: 'RECEIVE', sku: 'RM-MGC', lot: 'MGC-0311', qty: q(4.2), location: 'RM-02', ref: 'PO-0977', unitCost: m(12.1), user, note: '' },
      { id: 'M-0003', date: d(-90), type: 'RECEIVE', sku: 'PK-BTL150', lot: 'BTL-5521', qty: q(2000), location: 'PK-01', ref: 'PO-1051', unitCost: m(0.185), user, note: '' },
      { id: 'M-0004', date: d(-30), type: 'CONSUME', sku: 'RM-ASH', lot: 'ASH-2407-A', qty: q(-11.5), location: 'RM-01', ref: 'R-0001', unitCost: null, user, note: '' },
      { id: 'M-0005', date: d(-30), type: 'CONSUME', sku: 'PK-BTL150', lot: 'BTL-5521', qty: q(-400), location: 'PK-01', ref: 'R-0001', unitCost: null, user, note: '' },
      { id: 'M-0006', date: d(-30), type: 'PRODUCE', sku: 'FG-ASH60', lot: fgLot, qty: q(390), location: 'FG-A1', ref: 'R-0001', unitCost: null, user, note: '' },
      { id: 'M-0007', date: d(-10), type: 'RECEIVE', sku: 'RM-ASH', lot: 'ASH-2409-B', qty: q(20), location: 'QC-HOLD', ref: 'PO-1077', unitCost: m(39.25), user, note: '' },
      { id: 'M-0008', date: d(-290), type: 'RECEIVE', sku: 'FG-MAG120', lot: 'MAG-2311', qty: q(120), location: 'FG-B2', ref: 'PO-0990', unitCost: m(4.4), user, note: '' },
      { id: 'M-0009', date: d(-200), type: 'SHIP', sku: 'FG-MAG120', lot: 'MAG-2311', qty: q(-24), location: 'FG-B2', ref: 'S-0001', unitCost: null, user, note: '' },
      { id: 'M-0010', date: d(-12), type: 'SHIP', sku: 'FG-ASH60', lot: fgLot, qty: q(-50), location: 'FG-A1', ref: 'S-0002', unitCost: null, user, note: '' },
    ],
    Shipments: [
      { id: 'S-0001', line: 1, orderId: 'SO-3001', date: d(-200), customerId: 'C-GREENLEAF', sku: 'FG-MAG120', lot: 'MAG-2311', qty: q(24), carrier: 'UPS', tracking: '1Z999AA10123456784' },
      { id: 'S-0002', line: 1, orderId: 'SO-3010', date: d(-12), customerId: 'C-VITAHUB', sku: 'FG-ASH60', lot: fgLot, qty: q(50), carrier: 'FedEx', tracking: '449044304137821' },
    ],
    Customers: [
      { id: 'C-GREENLEAF', name: 'Greenleaf Natural Foods', contact: 'Dana Ortiz', email: 'purchasing@greenleaf.example', phone: '+1 503 555 0142', address: '1200 SE Division St', city: 'Portland', region: 'OR', postalCode: '97202', country: 'US', minShelfLifeDays: 240 },
      { id: 'C-VITAHUB', name: 'VitaHub Online', contact: 'Sam Lee', email: 'ops@vitahub.example', phone: '+1 512 555 0199', address: '88 Commerce Park', city: 'Austin', region: 'TX', postalCode: '78701', country: 'US', minShelfLifeDays: null },
      { id: 'C-MORNINGSIDE', name: 'Morningside Pharmacy', contact: 'Priya Shah', email: 'priya@morningside.example', phone: '+1 212 555 0173', address: '410 W 116th St', city: 'New York', region: 'NY', postalCode: '10027', country: 'US', minShelfLifeDays: 365 },
    ],
    Orders: [
      { orderId: 'SO-3010', line: 1, customerId: 'C-VITAHUB', sku: 'FG-ASH60', qty: q(50), dueDate: d(-12), status: 'shipped' },
      { orderId: 'SO-3021', line: 1, customerId: 'C-GREENLEAF', sku: 'FG-ASH60', qty: q(120), dueDate: d(3), status: 'open' },
      { orderId: 'SO-3021', line: 2, customerId: 'C-GREENLEAF', sku: 'FG-MAG120', qty: q(24), dueDate: d(3), status: 'open' },
      { orderId: 'SO-3022', line: 1, customerId: 'C-MORNINGSIDE', sku: 'FG-ASH60', qty: q(60), dueDate: d(7), status: 'open' },
    ],
    Runs: [
      { id: 'R-0001', date: d(-30), outputSku: 'FG-ASH60', outputLot: fgLot, plannedQty: q(400), actualQty: q(390), conversionCost: m(312.5), user, note: 'Encapsulation line 1' },
    ],
    Log: [
      { id: 'L-0001', when: now, user, action: 'status', table: 'Lots', key: 'FG-MAG120 / MAG-2311', from: 'released', to: 'hold', why: 'Customer complaint: capsules sticking; QA investigating' },
    ],
    Settings: [
      { key: 'lotPattern', value: '{yy}{mm}-{sku}-{seq}' },
      { key: 'expiryWarningDays', value: '30,60,90' },
    ],
  };
}
