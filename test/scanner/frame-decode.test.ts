// The camera's frame reader (src/scanner/frame-decode.ts) on rendered labels degraded as a webcam sees them, frame
// by frame as Chromium's fake camera delivers them. What a user would see follows from it: the scan filter reports
// a label once two reads agree, so a label is scanned when its frames read, and never as something else.
import bwipjs from 'bwip-js/node';
import sharp from 'sharp';
import { decodeFrame, readFromResult, readPath, type FrameEncoder, type GreyFrame } from '../../src/scanner/frame-decode';
import { CAMERA_READERS } from '../../src/scanner/quagga-config';
import { directReader } from '../../src/scanner/quagga-direct';
import { isConfidentDecode, isWellFormedRead, normalizeCameraCode } from '../../src/scanner/scan-filter';
import { cameraLumaFrames, renderGs1Label, type VideoOptions } from '../support/labels';

const encodePng: FrameEncoder = async (image) => {
  const png = await sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength), { raw: { width: image.width, height: image.height, channels: 1 } })
    .png()
    .toBuffer();
  return { src: `data:image/png;base64,${png.toString('base64')}` };
};

/** What each frame gives the scan filter: the normalized text, or null. */
async function readFrames(label: string | Buffer, options: Omit<VideoOptions, 'width' | 'height'>, count: number): Promise<Array<string | null>> {
  const png = typeof label === 'string' ? await renderGs1Label(label) : label;
  const luma = await cameraLumaFrames(png, { width: 1280, height: 720, ...options }, count);
  const texts: Array<string | null> = [];
  for (const data of luma) {
    const frame: GreyFrame = { data, width: 1280, height: 720 };
    const { read } = await decodeFrame(frame, encodePng);
    const text = read && isConfidentDecode(read.decodedCodes) ? normalizeCameraCode(read.code, read.format) : null;
    texts.push(text !== null && isWellFormedRead(text, read?.format ?? '') ? text : null);
  }
  return texts;
}

const GS = '\x1d';

describe('reading camera frames', () => {
  it("reads quagga2's pixels directly, not through decodeSingle's image loading", async () => {
    expect(await readPath()).toBe('direct');
  }, 30_000);

  it('reads every frame of the camera browser test video, the two the whole-frame read alone misses included', async () => {
    // camera.test.mjs's video: 4 looping frames, each with its own grain. Whole-frame reads (quagga2's live stream
    // before) missed two of them here and one in Chromium, so a sampler that kept meeting those never read the label.
    const texts = await readFrames('(01)09506000134352(10)LOT-A1(17)271231(30)24', { tiltDeg: 8, blurSigma: 1.2, noise: 6 }, 4);
    expect(texts).toEqual(Array(4).fill(`${GS}010950600013435210LOT-A1${GS}172712313024`));
  }, 60_000);

  const LONG = '(01)09506000134352(17)271231(10)ABCD2611XYZ9000170QR';
  const LONG_TEXT = `${GS}01095060001343521727123110ABCD2611XYZ9000170QR`;
  it.each([
    ['blurred', { blurSigma: 1.2, noise: 3 }],
    ['faded (35% contrast)', { contrast: 0.35, noise: 3 }],
    ['seen at an angle (perspective)', { perspective: 0.2, noise: 3 }],
  ])('reads a 20-character lot label %s in at least two of four frames, and never as anything else', async (_, options) => {
    const texts = await readFrames(LONG, options, 4);
    expect(texts.filter((t) => t === LONG_TEXT).length).toBeGreaterThanOrEqual(2);
    expect(texts.filter((t) => t !== null && t !== LONG_TEXT)).toEqual([]);
  }, 60_000);

  it('never takes an EAN-13 found inside the bars of a blurred long label for a product code', async () => {
    // quagga2's EAN-13 reader finds "4151121021422" in these frames read whole, as the old scanner read them
    // (the scan benchmark's blurred case, seed 27); the old scanner reported it as a GTIN.
    const luma = await cameraLumaFrames(await renderGs1Label('(01)09506000134352(17)280630(10)2611-ASH60-0001-LONG'), { width: 1280, height: 720, seed: 27, blurSigma: 1.2, noise: 3 }, 8);
    const reader = await directReader();
    const retail = [];
    for (const data of luma) {
      const { result } = (await reader?.read({ data, width: 1280, height: 720 }, true, CAMERA_READERS)) ?? { result: null };
      if (result?.codeResult?.format === 'ean_13') retail.push(result);
    }
    expect(retail.map((r) => r.codeResult.code)).toContain('4151121021422');
    expect(retail.map(readFromResult)).toEqual(retail.map(() => null));
    // And what the scanner reads from the same frames is the label, or nothing.
    const texts = await readFrames('(01)09506000134352(17)280630(10)2611-ASH60-0001-LONG', { seed: 27, blurSigma: 1.2, noise: 3 }, 8);
    expect(texts.filter((t) => t !== null && t !== `${GS}01095060001343521728063010${'2611-ASH60-0001-LONG'}`)).toEqual([]);
  }, 60_000);

  it("still reads a product's own EAN-13", async () => {
    const ean = await bwipjs.toBuffer({ bcid: 'ean13', text: '9506000134352', scale: 3, height: 15, includetext: true, paddingwidth: 10, paddingheight: 6, backgroundcolor: 'FFFFFF' });
    const texts = await readFrames(ean, { labelFraction: 0.4, blurSigma: 1, noise: 3 }, 2);
    expect(texts).toEqual(['9506000134352', '9506000134352']);
  }, 60_000);
});
