/**
 * Labels and fake-camera videos for tests (Node only).
 *
 * renderGs1Label draws a GS1-128 label with bwip-js; labelToY4m puts it on a white 1280x720 frame the way a
 * webcam would see it (tilted, blurred, noisy) and writes the 4:2:0 y4m that Chromium's fake camera plays
 * (`--use-file-for-fake-video-capture`, see docs/excel-facts.md); decodeImage reads an image with quagga2 in Node.
 * Images go through sharp (quagga2's optional dependency, which ships prebuilt binaries), so no ffmpeg is needed.
 */
import { writeFile } from 'node:fs/promises';
import bwipjs from 'bwip-js/node';
import sharp from 'sharp';
import Quagga from '@ericblade/quagga2';
import { CAMERA_READERS, LOCATOR } from '../../src/scanner/quagga-config';

export interface LabelOptions {
  /** Pixels per module (default 3). */
  readonly scale?: number;
  /** Bar height in millimetres (default 15). */
  readonly height?: number;
  /** Print the human-readable text under the bars (default true). */
  readonly includeText?: boolean;
}

/** A GS1-128 label as a PNG, for a text like `(01)09506000134352(10)LOT-A1(17)271231(30)24`. */
export function renderGs1Label(hri: string, options: LabelOptions = {}): Promise<Buffer> {
  return bwipjs.toBuffer({
    bcid: 'gs1-128',
    text: hri,
    scale: options.scale ?? 3,
    height: options.height ?? 15,
    includetext: options.includeText ?? true,
    textxalign: 'center',
    // A quiet zone and a white background, as on a printed label.
    paddingwidth: 10,
    paddingheight: 6,
    backgroundcolor: 'FFFFFF',
  });
}

export interface VideoOptions {
  readonly width: number;
  readonly height: number;
  /** Rotation of the label in degrees (a label held slightly askew). */
  readonly tiltDeg?: number;
  /** Gaussian blur sigma in pixels (out of focus); sharp needs at least 0.3. */
  readonly blurSigma?: number;
  /** Standard deviation of Gaussian noise on the luma, in levels of 0..255 (sensor noise in dim light). */
  readonly noise?: number;
  /** Width of the label as a fraction of the frame (default 0.625: 800 of 1280 pixels, as in docs/excel-facts.md). */
  readonly labelFraction?: number;
  /** Frames in the file (default 4; Chromium loops the file). With noise each frame gets its own. */
  readonly frames?: number;
  /** Seed for the noise, so a failing run can be repeated (default 1). */
  readonly seed?: number;
  /**
   * Print and light contrast: the label's black and white end up this fraction of the full range apart, around
   * mid-grey (1 = black on white; 0.3 = a faded thermal print in a dim aisle). Default 1.
   */
  readonly contrast?: number;
  /**
   * The label seen at an angle, its right edge farther from the camera: that edge is this fraction shorter than
   * the left one, and the label foreshortened to match (0 = square on; 0.3 = a label turned about 35°).
   */
  readonly perspective?: number;
}

/** Solves the 8x8 system for the homography that maps each `from` point to its `to` point (h33 = 1). */
function homography(from: ReadonlyArray<[number, number]>, to: ReadonlyArray<[number, number]>): number[] {
  const a: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = from[i]!;
    const [u, v] = to[i]!;
    a.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u]);
    a.push([0, 0, 0, x, y, 1, -v * x, -v * y, v]);
  }
  // Gaussian elimination with partial pivoting.
  for (let c = 0; c < 8; c++) {
    let pivot = c;
    for (let r = c + 1; r < 8; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[pivot]![c]!)) pivot = r;
    [a[c], a[pivot]] = [a[pivot]!, a[c]!];
    for (let r = 0; r < 8; r++) {
      if (r === c) continue;
      const f = a[r]![c]! / a[c]![c]!;
      for (let k = c; k < 9; k++) a[r]![k]! -= f * a[c]![k]!;
    }
  }
  return [...a.map((row, i) => row[8]! / row[i]!), 1];
}

/**
 * The label (RGB on white) as seen with its right edge farther away. sharp only does affine transforms, so the
 * perspective warp is done here: each output pixel is looked up in the flat label through the inverse
 * homography, with bilinear interpolation.
 */
function perspectiveWarp(rgb: Uint8Array, width: number, height: number, amount: number): Uint8Array {
  const right = width * (1 - amount / 2);
  const inset = (height * amount) / 2;
  const dest: Array<[number, number]> = [[0, 0], [right, inset], [right, height - inset], [0, height]];
  const src: Array<[number, number]> = [[0, 0], [width, 0], [width, height], [0, height]];
  const h = homography(dest, src);
  const out = new Uint8Array(rgb.length).fill(255);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const w = h[6]! * x + h[7]! * y + h[8]!;
      const sx = (h[0]! * x + h[1]! * y + h[2]!) / w;
      const sy = (h[3]! * x + h[4]! * y + h[5]!) / w;
      if (sx < 0 || sy < 0 || sx >= width - 1 || sy >= height - 1) continue;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      for (let c = 0; c < 3; c++) {
        const p = (y0 * width + x0) * 3 + c;
        const top = rgb[p]! * (1 - fx) + rgb[p + 3]! * fx;
        const bottom = rgb[p + width * 3]! * (1 - fx) + rgb[p + width * 3 + 3]! * fx;
        out[(y * width + x) * 3 + c] = Math.round(top * (1 - fy) + bottom * fy);
      }
    }
  }
  return out;
}

/** mulberry32: small, seedable, good enough for pixel noise. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Gaussian grain of standard deviation `sigma`: a table of samples drawn once, then picked by a fast integer
 * generator (drawing millions of samples with Math.log and Math.cos is slow under jest).
 */
function grain(sigma: number, seed: number): () => number {
  const next = random(seed);
  const table = new Float32Array(1 << 16);
  for (let i = 0; i < table.length; i++) {
    const u = Math.max(next(), Number.EPSILON);
    table[i] = sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
  }
  let state = (seed * 2654435761) >>> 0 || 1;
  return () => {
    // xorshift32
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return table[(state >>> 0) & 0xffff]!;
  };
}

const clampByte = (v: number): number => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

/** The frame as it reaches the camera sensor: RGB, label centred on white, tilted and blurred. */
export async function labelFrame(png: Buffer, options: VideoOptions): Promise<{ data: Uint8Array; width: number; height: number }> {
  const { width, height } = options;
  const labelWidth = Math.round(width * (options.labelFraction ?? 0.625));
  const white = { r: 255, g: 255, b: 255, alpha: 1 };
  let label = await sharp(png).flatten({ background: white }).resize({ width: labelWidth }).png().toBuffer();
  if (options.perspective) {
    const { data, info } = await sharp(label).removeAlpha().raw().toBuffer({ resolveWithObject: true });
    const warped = perspectiveWarp(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), info.width, info.height, options.perspective);
    label = await sharp(Buffer.from(warped.buffer), { raw: { width: info.width, height: info.height, channels: 3 } }).png().toBuffer();
  }
  if (options.tiltDeg) label = await sharp(label).rotate(options.tiltDeg, { background: white }).png().toBuffer();
  const meta = await sharp(label).metadata();
  if ((meta.width ?? 0) > width || (meta.height ?? 0) > height) throw new Error('the label does not fit in the frame');
  const composed = await sharp({ create: { width, height, channels: 3, background: white } })
    .composite([{ input: label, gravity: 'centre' }])
    .png()
    .toBuffer();
  let frame = sharp(composed);
  if (options.blurSigma) frame = frame.blur(Math.max(0.3, options.blurSigma));
  const { data, info } = await frame.removeAlpha().raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`expected RGB, got ${info.channels} channels`);
  const contrast = options.contrast ?? 1;
  if (contrast !== 1) {
    const low = 127.5 * (1 - contrast);
    for (let i = 0; i < data.length; i++) data[i] = Math.round(low + (data[i]! * contrast));
  }
  // A plain Uint8Array: indexing a Buffer is many times slower under jest's module sandbox.
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
}

/**
 * RGB to planar YUV 4:2:0 with JPEG (full-range BT.601) coefficients, as the y4m `C420jpeg` header says.
 * Noise goes on the luma only, as a webcam's grain mostly does.
 */
function toYuv420(rgb: Uint8Array, width: number, height: number, noise: () => number): Buffer {
  const ySize = width * height;
  const cw = width / 2;
  const ch = height / 2;
  const out = new Uint8Array(ySize + 2 * cw * ch);
  for (let i = 0, p = 0; i < ySize; i++, p += 3) {
    out[i] = clampByte(0.299 * rgb[p]! + 0.587 * rgb[p + 1]! + 0.114 * rgb[p + 2]! + noise());
  }
  const row = 3 * width;
  for (let y = 0; y < ch; y++) {
    for (let x = 0; x < cw; x++) {
      // The average of the 2x2 block the chroma sample covers.
      const p = 2 * y * row + 6 * x;
      const r = (rgb[p]! + rgb[p + 3]! + rgb[p + row]! + rgb[p + row + 3]!) / 4;
      const g = (rgb[p + 1]! + rgb[p + 4]! + rgb[p + row + 1]! + rgb[p + row + 4]!) / 4;
      const b = (rgb[p + 2]! + rgb[p + 5]! + rgb[p + row + 2]! + rgb[p + row + 5]!) / 4;
      out[ySize + y * cw + x] = clampByte(128 - 0.168736 * r - 0.331264 * g + 0.5 * b);
      out[ySize + cw * ch + y * cw + x] = clampByte(128 + 0.5 * r - 0.418688 * g - 0.081312 * b);
    }
  }
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

/** A y4m video (4:2:0, 25 fps) of the label on white, degraded as the options say. */
export async function labelToY4m(png: Buffer, options: VideoOptions): Promise<Buffer> {
  const { width, height } = options;
  if (width % 2 !== 0 || height % 2 !== 0) throw new Error('4:2:0 needs an even width and height');
  const frame = await labelFrame(png, options);
  const sigma = options.noise ?? 0;
  const noise = sigma > 0 ? grain(sigma, options.seed ?? 1) : () => 0;
  const count = sigma > 0 ? (options.frames ?? 4) : 1;
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F25:1 Ip A1:1 C420jpeg\n`, 'ascii');
  const parts: Buffer[] = [header];
  for (let i = 0; i < count; i++) parts.push(Buffer.from('FRAME\n', 'ascii'), toYuv420(frame.data, width, height, noise));
  return Buffer.concat(parts);
}

export async function writeLabelVideo(path: string, hri: string, options: VideoOptions): Promise<void> {
  await writeFile(path, await labelToY4m(await renderGs1Label(hri), options));
}

export interface DecodedImage {
  readonly code: string;
  readonly format: string;
}

/**
 * quagga2's decodeSingle in Node, with the camera's readers and locator. Takes a file path or a `data:` URL
 * (a Buffer `src` never settles in quagga2 1.12.1). Resolves null when nothing decodes.
 */
export async function decodeImage(pathOrDataUrl: string, options: { size?: number } = {}): Promise<DecodedImage | null> {
  const result = await Quagga.decodeSingle({
    src: pathOrDataUrl,
    numOfWorkers: 0,
    locate: true,
    inputStream: { size: options.size ?? 800 },
    locator: { ...LOCATOR },
    decoder: { readers: [...CAMERA_READERS] },
  });
  const code = result?.codeResult?.code;
  return code ? { code, format: result.codeResult.format } : null;
}

/** One frame of a y4m from labelToY4m as a greyscale PNG (its luma plane), to decode it outside a browser. */
export async function y4mFrameToPng(y4m: Buffer, index = 0): Promise<Buffer> {
  const headerEnd = y4m.indexOf(0x0a);
  const header = y4m.subarray(0, headerEnd).toString('ascii');
  const width = Number(/ W(\d+)/.exec(header)?.[1]);
  const height = Number(/ H(\d+)/.exec(header)?.[1]);
  const frameSize = 'FRAME\n'.length + (width * height * 3) / 2;
  const start = headerEnd + 1 + index * frameSize + 'FRAME\n'.length;
  if (!width || !height || start + width * height > y4m.length) throw new Error(`no frame ${index} in this y4m`);
  const luma = y4m.subarray(start, start + width * height);
  return sharp(luma, { raw: { width, height, channels: 1 } }).png().toBuffer();
}

/**
 * What a page in Chromium gets from the fake camera playing labelToY4m's video: the luma of each frame. Chromium
 * reads the y4m's full-range (`C420jpeg`) luma as limited range, so 16..235 is stretched to 0..255 and the rest
 * clipped; checked here against frames grabbed from the fake camera in Chromium (identical to within 1 level).
 * Each frame gets its own grain, as from a sensor.
 */
export async function cameraLumaFrames(png: Buffer, options: VideoOptions, count: number): Promise<Uint8Array[]> {
  const frame = await labelFrame(png, options);
  const sigma = options.noise ?? 0;
  const noise = sigma > 0 ? grain(sigma, options.seed ?? 1) : () => 0;
  const size = frame.width * frame.height;
  const frames: Uint8Array[] = [];
  for (let f = 0; f < count; f++) {
    const out = new Uint8Array(size);
    for (let i = 0, p = 0; i < size; i++, p += 3) {
      const y = clampByte(0.299 * frame.data[p]! + 0.587 * frame.data[p + 1]! + 0.114 * frame.data[p + 2]! + noise());
      out[i] = clampByte(((y - 16) * 255) / 219);
    }
    frames.push(out);
  }
  return frames;
}
