// A printed GS1-128 label, read back by quagga2 with the camera's readers, gives the same data through parseGs1.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseGs1, summarizeGs1 } from '../../src/domain/gs1';
import { normalizeCameraCode } from '../../src/scanner/scan-filter';
import { decodeImage, labelToY4m, renderGs1Label, y4mFrameToPng } from '../support/labels';

const HRI = '(01)09506000134352(10)LOT-A1(17)271231(30)24';

function summary(text: string) {
  const parsed = parseGs1(text, { today: '2026-11-30' });
  if (!parsed.ok) throw new Error(parsed.message);
  return summarizeGs1(parsed.elements);
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lotbook-labels-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a bwip-js GS1-128 label read by quagga2 in Node', () => {
  it('decodes from a file to the GTIN, lot, expiry and quantity it was printed with', async () => {
    const file = join(dir, 'label.png');
    await writeFile(file, await renderGs1Label(HRI));
    const decoded = await decodeImage(file);
    expect(decoded?.format).toBe('code_128');
    const text = normalizeCameraCode(decoded?.code, decoded?.format ?? '');
    expect(text).toBe('\x1d010950600013435210LOT-A1\x1d172712313024');
    expect(summary(text ?? '')).toEqual({ gtin: '09506000134352', lot: 'LOT-A1', expiry: '2027-12-31', count: 24 });
  }, 30_000);

  it('decodes from a data: URL, with a separator after a variable-length lot', async () => {
    const png = await renderGs1Label('(01)04012345678901(10)B-77(21)SN1(30)6');
    const decoded = await decodeImage(`data:image/png;base64,${png.toString('base64')}`);
    expect(summary(normalizeCameraCode(decoded?.code, decoded?.format ?? '') ?? '')).toEqual({
      gtin: '04012345678901',
      lot: 'B-77',
      serial: 'SN1',
      count: 6,
    });
  }, 30_000);

  it('decodes a frame of the fake-camera video: the label tilted, blurred and grainy on a 1280x720 frame', async () => {
    const y4m = await labelToY4m(await renderGs1Label(HRI), { width: 1280, height: 720, tiltDeg: 8, blurSigma: 1.2, noise: 6 });
    // 4 frames of 1280x720 4:2:0 after the header, each with its own grain.
    const start = 'YUV4MPEG2 W1280 H720 F25:1 Ip A1:1 C420jpeg\nFRAME\n';
    expect(y4m.subarray(0, start.length).toString('ascii')).toBe(start);
    expect(y4m.length).toBe(start.length - 'FRAME\n'.length + 4 * ('FRAME\n'.length + 1280 * 720 * 1.5));
    const file = join(dir, 'frame.png');
    await writeFile(file, await y4mFrameToPng(y4m, 0));
    // Full resolution, as the live camera reads it.
    const decoded = await decodeImage(file, { size: 1280 });
    expect(summary(normalizeCameraCode(decoded?.code, decoded?.format ?? '') ?? '')).toEqual({
      gtin: '09506000134352',
      lot: 'LOT-A1',
      expiry: '2027-12-31',
      count: 24,
    });
  }, 30_000);
});
