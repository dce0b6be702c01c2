import { parseGs1, summarizeGs1 } from './gs1';
import { labelBarcodeOptions, lotLabel, type LabelInput } from './label';
import type { IsoDate, Qty } from './types';

const capsules: LabelInput = { sku: 'FG-ASH60', description: 'Ashwagandha 500 mg, 60 capsules', unit: 'ea', gtin: '09506000134352', lot: '2611-ASH60-001', expiry: '2028-10-31' as IsoDate, qty: 240_000 as Qty };

describe('lotLabel', () => {
  it('carries (01) GTIN, (10) lot, (17) expiry and (30) count, and the scanner reads the same back', () => {
    const label = lotLabel(capsules);
    expect(label).toMatchObject({ ok: true, hri: '(01)09506000134352(10)2611-ASH60-001(17)281031(30)240', barcodeText: '(01)09506000134352(10)2611-ASH60-001(17)281031(30)240', warnings: [] });
    const parsed = label.ok ? parseGs1(label.hri, { today: '2026-11-30' }) : null;
    expect(parsed?.ok && summarizeGs1(parsed.elements)).toEqual({ gtin: '09506000134352', lot: '2611-ASH60-001', expiry: '2028-10-31', count: 240 });
  });

  it('pads a GTIN-13 to 14 digits and puts kilograms with decimals in (310n)', () => {
    const good = lotLabel({ ...capsules, unit: 'kg', gtin: '9506000134352', qty: 20_500 as Qty });
    expect(good).toMatchObject({ ok: true, hri: '(01)09506000134352(10)2611-ASH60-001(17)281031(3101)000205' });
    expect(lotLabel({ ...capsules, unit: 'kg', qty: 1_234 as Qty })).toMatchObject({ ok: true, hri: expect.stringMatching(/\(3103\)001234$/) });
  });

  it('escapes a bracket in a lot for bwip-js and omits (17) without an expiry, saying so', () => {
    const label = lotLabel({ ...capsules, lot: 'A(1)', expiry: null });
    expect(label).toMatchObject({ ok: true, hri: '(01)09506000134352(10)A(1)(30)240', barcodeText: '(01)09506000134352(10)A^0401^041(30)240' });
    expect(label.ok && label.warnings).toEqual(['Lot FG-ASH60 / A(1) has no expiry date: the label carries no (17).']);
    expect(label.ok && labelBarcodeOptions(label)).toMatchObject({ bcid: 'gs1-128', parse: true, text: '(01)09506000134352(10)A^0401^041(30)240' });
  });

  it('refuses what cannot be a GS1 label, naming why', () => {
    expect(lotLabel({ ...capsules, gtin: '' })).toMatchObject({ ok: false, code: 'no-gtin' });
    expect(lotLabel({ ...capsules, gtin: '09506000134353' })).toMatchObject({ ok: false, code: 'bad-gtin' });
    expect(lotLabel({ ...capsules, qty: 0 as Qty })).toMatchObject({ ok: false, code: 'quantity-not-positive' });
    expect(lotLabel({ ...capsules, qty: 2_500 as Qty })).toMatchObject({ ok: false, code: 'quantity-not-encodable' });
    expect(lotLabel({ ...capsules, qty: 1_000_000_000_000 as Qty })).toMatchObject({ ok: false, code: 'quantity-not-encodable' });
    const long = lotLabel({ ...capsules, lot: 'L'.repeat(21) });
    expect(long).toMatchObject({ ok: false, code: 'not-encodable' });
    expect(!long.ok && long.message).toMatch(/\(10\)|AI 10/);
    expect(lotLabel({ ...capsules, lot: 'LOT Ä' })).toMatchObject({ ok: false, code: 'not-encodable' });
  });
});
