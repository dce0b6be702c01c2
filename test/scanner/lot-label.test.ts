// A lot label as the Lots pane prints it (the same element list and bwip-js options), read back by quagga2 with
// the camera's readers, gives the lot's GTIN, lot, expiry and quantity.
import bwipjs from 'bwip-js/node';
import { parseGs1, summarizeGs1 } from '../../src/domain/gs1';
import { labelBarcodeOptions, lotLabel, type LabelInput } from '../../src/domain/label';
import type { IsoDate, Qty } from '../../src/domain/types';
import { normalizeCameraCode } from '../../src/scanner/scan-filter';
import { decodeImage } from '../support/labels';

async function printAndScan(input: LabelInput) {
  const label = lotLabel(input);
  if (!label.ok) throw new Error(label.message);
  const png = await bwipjs.toBuffer(labelBarcodeOptions(label));
  const decoded = await decodeImage(`data:image/png;base64,${png.toString('base64')}`);
  const text = normalizeCameraCode(decoded?.code, decoded?.format ?? '') ?? '';
  const parsed = parseGs1(text, { today: '2026-11-30' });
  if (!parsed.ok) throw new Error(`${parsed.message} in ${JSON.stringify(text)}`);
  return summarizeGs1(parsed.elements);
}

describe('a printed lot label', () => {
  it('decodes to the GTIN, lot, expiry and count of the lot', async () => {
    const lot: LabelInput = { sku: 'FG-ASH60', description: 'Ashwagandha', unit: 'ea', gtin: '09506000134352', lot: '2611-ASH60-001', expiry: '2028-10-31' as IsoDate, qty: 240_000 as Qty };
    expect(await printAndScan(lot)).toEqual({ gtin: '09506000134352', lot: '2611-ASH60-001', expiry: '2028-10-31', count: 240 });
  }, 30_000);

  it('decodes a lot code with a bracket and a net weight in kg', async () => {
    const lot: LabelInput = { sku: 'RM-ASH', description: 'Ashwagandha powder', unit: 'kg', gtin: '09506000134352', lot: 'ASH(2409)-B', expiry: '2028-06-30' as IsoDate, qty: 20_500 as Qty };
    expect(await printAndScan(lot)).toEqual({ gtin: '09506000134352', lot: 'ASH(2409)-B', expiry: '2028-06-30', netWeightKg: 20.5 });
  }, 30_000);
});
