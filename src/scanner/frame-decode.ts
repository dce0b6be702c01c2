/**
 * How one camera frame is read: the same code in the browser (camera-scanner.ts) and in Node (the scan
 * benchmark and tests), so that what the benchmark measures is what the pane does.
 *
 * A frame is greyscale. Its contrast is stretched to the full range, then quagga2 reads it in one of two passes:
 * - 'frame': the whole frame at up to 1280 pixels wide with every reader, as quagga2's live stream read it before;
 * - 'aim': only the aiming rectangle, scaled up twice (relative to a 1280-wide frame), with the Code 128 reader
 *   only. Long, thin GS1-128 symbols (a 20-character lot at under 2 px per bar module) are found and read there
 *   when the whole frame misses them: first with quagga2's locator; when that reads nothing, along the middle of
 *   the rectangle with the locator off after a light sharpening, which reads blurred labels the locator loses
 *   (cheap: no locating).
 * Every frame gets the whole-frame pass; one it leaves unread gets the aim pass too (decodeFrame). Both passes on
 * the same frame rather than one pass a frame in turn: with passes taken in turn, a camera whose frames repeat
 * (a looping test video, a label held still under flickering light) can line up so that each frame only ever
 * meets the pass that cannot read it, and a fast machine would then read worse than a slow one.
 *
 * quagga2 reads the grey pixels directly (quagga-direct.ts). Should a quagga2 release move the internals that
 * relies on, reads fall back to decodeSingle, which loads an image from a URL: the caller says how a frame becomes
 * one (`encode`): a BMP blob URL in the browser (bmp.ts), a PNG data URL in Node.
 */
import Quagga from '@ericblade/quagga2';
import type { QuaggaJSCodeReader, QuaggaJSResultObject } from '@ericblade/quagga2';
import { directReader, type DirectReader } from './quagga-direct';
import { CAMERA_READERS, LOCATOR } from './quagga-config';

export interface GreyFrame {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/**
 * The aiming rectangle as fractions of the frame, the same numbers the view draws (camera-scanner.ts), so the
 * rectangle a person aims with is the one the second pass reads.
 */
export const AIM = { left: 0.12, right: 0.12, top: 0.28, bottom: 0.28 } as const;

/** The width the whole-frame pass reads at; larger frames (1920x1080 cameras) are scaled down to it. */
export const FRAME_PASS_WIDTH = 1280;

export type DecodePass = 'frame' | 'aim';

/**
 * How long the decoder rests after a read that took `costMs`, so the pane stays responsive: reads run on the
 * page's main thread (quagga2 1.12's only public decode, decodeSingle, loads an <img>, which a worker cannot), so the decoder gives
 * back at least 60% of its own time to the page, and never reads more than 10 frames a second (as before).
 */
export function pauseAfterRead(costMs: number): number {
  return Math.max(100 - costMs, 0.6 * costMs);
}

/**
 * Stretches the frame's grey levels so that the darkest 1% and the brightest 1% of pixels reach 0 and 255. A
 * faded label in a dim aisle then has the contrast quagga2's locator and binarizer expect; a clean frame is
 * hardly changed. Percentiles rather than the extremes, so a few specular or dead pixels do not decide. (A
 * histogram and a lookup table: small enough that a dependency would cost more than it saves.)
 */
export function stretchContrast(frame: GreyFrame, tailFraction = 0.01): GreyFrame {
  const { data } = frame;
  const histogram = new Uint32Array(256);
  for (let i = 0; i < data.length; i++) histogram[data[i]!]! += 1;
  const tail = Math.floor(data.length * tailFraction);
  let low = 0;
  for (let seen = 0; low < 255 && seen + histogram[low]! <= tail; low++) seen += histogram[low]!;
  let high = 255;
  for (let seen = 0; high > 0 && seen + histogram[high]! <= tail; high--) seen += histogram[high]!;
  // A blank frame (or nearly): nothing to stretch, and stretching noise would invent edges.
  if (high - low < 16) return frame;
  const lut = new Uint8Array(256);
  const scale = 255 / (high - low);
  for (let v = 0; v < 256; v++) lut[v] = v <= low ? 0 : v >= high ? 255 : Math.round((v - low) * scale);
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = lut[data[i]!]!;
  return { data: out, width: frame.width, height: frame.height };
}

/** The aiming rectangle of a frame, in pixels. */
export function aimRect(width: number, height: number): Rect {
  const x = Math.round(width * AIM.left);
  const y = Math.round(height * AIM.top);
  return { x, y, width: Math.round(width * (1 - AIM.left - AIM.right)), height: Math.round(height * (1 - AIM.top - AIM.bottom)) };
}

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * The part `rect` of the frame, resampled to `width` x `height` with bilinear interpolation. Written here rather
 * than drawn with a canvas so that the browser and the Node benchmark read exactly the same pixels.
 */
export function resample(frame: GreyFrame, rect: Rect, width: number, height: number): GreyFrame {
  const src = frame.data;
  const sw = frame.width;
  const out = new Uint8Array(width * height);
  // Column positions and weights are the same on every row: computed once (this runs on 1.2 million pixels a frame).
  const x0s = new Int32Array(width);
  const x1s = new Int32Array(width);
  const wxs = new Float32Array(width);
  const maxX = rect.x + rect.width - 1;
  const maxY = rect.y + rect.height - 1;
  for (let x = 0; x < width; x++) {
    const fx = Math.min(Math.max(rect.x + ((x + 0.5) * rect.width) / width - 0.5, rect.x), maxX);
    x0s[x] = Math.floor(fx);
    x1s[x] = Math.min(x0s[x]! + 1, maxX);
    wxs[x] = fx - x0s[x]!;
  }
  for (let y = 0; y < height; y++) {
    const fy = Math.min(Math.max(rect.y + ((y + 0.5) * rect.height) / height - 0.5, rect.y), maxY);
    const y0 = Math.floor(fy);
    const wy = fy - y0;
    const row0 = y0 * sw;
    const row1 = Math.min(y0 + 1, maxY) * sw;
    const base = y * width;
    for (let x = 0; x < width; x++) {
      const a = x0s[x]!;
      const b = x1s[x]!;
      const wx = wxs[x]!;
      const top = src[row0 + a]! + (src[row0 + b]! - src[row0 + a]!) * wx;
      const bottom = src[row1 + a]! + (src[row1 + b]! - src[row1 + a]!) * wx;
      out[base + x] = top + (bottom - top) * wy + 0.5;
    }
  }
  return { data: out, width, height };
}

/**
 * A light unsharp mask (the pixel minus its 3x3 mean, added back once): blur spreads a one-module bar into its
 * neighbours, and this undoes a little of that before the locator-off read. Written here because it is nine
 * additions a pixel; the image libraries that offer it (sharp) do not run in the browser.
 */
export function sharpen(frame: GreyFrame): GreyFrame {
  const { width, height, data } = frame;
  const out = new Uint8Array(data);
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const sum =
        data[i - width - 1]! + data[i - width]! + data[i - width + 1]! + data[i - 1]! + data[i]! + data[i + 1]! + data[i + width - 1]! + data[i + width]! + data[i + width + 1]!;
      const v = 2 * data[i]! - sum / 9;
      out[i] = v < 0 ? 0 : v > 255 ? 255 : v;
    }
  }
  return { data: out, width, height };
}

/** quagga2's locator tiles the image with square patches; sizes that are multiples of 80 always tile. */
const TILE = 80;

export function crop(frame: GreyFrame, rect: Rect): GreyFrame {
  const out = new Uint8Array(rect.width * rect.height);
  for (let row = 0; row < rect.height; row++) {
    const from = (rect.y + row) * frame.width + rect.x;
    out.set(frame.data.subarray(from, from + rect.width), row * rect.width);
  }
  return { data: out, width: rect.width, height: rect.height };
}

/** The aiming-pass image: the rectangle of a 1280x720 frame (973x317) scaled up about twice. */
export const AIM_IMAGE = { width: 1920, height: 640 } as const;

/** The image a pass hands to quagga2; `sharpened`: the aim pass's second, locator-off read. */
export function passImage(frame: GreyFrame, pass: DecodePass, sharpened = false): GreyFrame {
  if (pass === 'frame') {
    const width = Math.max(TILE, Math.floor(Math.min(frame.width, FRAME_PASS_WIDTH) / TILE) * TILE);
    const height = Math.max(TILE, Math.round((width * frame.height) / frame.width / TILE) * TILE);
    if (width === frame.width && height === frame.height) return stretchContrast(frame);
    return stretchContrast(resample(frame, { x: 0, y: 0, width: frame.width, height: frame.height }, width, height));
  }
  const rect = aimRect(frame.width, frame.height);
  // Sharpened at the camera's resolution, where a bar module is one or two pixels wide, before scaling up.
  const source = sharpened ? sharpen(crop(frame, rect)) : frame;
  const from = sharpened ? { x: 0, y: 0, width: rect.width, height: rect.height } : rect;
  // Stretched after cropping: the label's own contrast decides, not the room around it.
  return stretchContrast(resample(source, from, AIM_IMAGE.width, AIM_IMAGE.height));
}

export interface FrameRead {
  /** quagga2's text, before normalizeCameraCode. */
  readonly code: string;
  readonly format: string;
  readonly decodedCodes: ReadonlyArray<{ readonly error?: number }>;
}

export interface FrameResult {
  readonly read: FrameRead | null;
  /** Which pass read it, or null. */
  readonly pass: DecodePass | null;
  /** quagga2's locator found something barcode-like (read or not): a label is in view. */
  readonly located: boolean;
}

/**
 * Turns a grey image into something quagga2's decodeSingle can load; `release` is called after the read. Only used
 * where quagga-direct.ts cannot reach quagga2's reader (a quagga2 release that moved its internals).
 */
export type FrameEncoder = (image: GreyFrame) => Promise<{ readonly src: string; readonly release?: () => void }>;

/** The aim pass looks for GS1-128 only: a retail reader run over part of a long Code 128 finds EAN-8s in it. */
const AIM_READERS: readonly QuaggaJSCodeReader[] = ['code_128_reader'];

/**
 * How much of the scan line across the located symbol a retail read (EAN, UPC) must span. quagga2's retail readers
 * find EAN-13s inside the bars of a blurred long GS1-128 label (seen in the scan benchmark: "4151121021422" from a
 * lot label, reported by the old scanner as a GTIN), spanning a quarter of the line; a real EAN-13 spans about
 * three quarters of it.
 */
export const MIN_RETAIL_SPAN = 0.5;

/** quagga2's result as a read, or null when there is none or it is a retail code found inside a longer symbol. */
export function readFromResult(result: QuaggaJSResultObject | null | undefined): FrameRead | null {
  const code = result?.codeResult?.code;
  if (!code) return null;
  const format = result.codeResult.format ?? '';
  if (format !== 'code_128') {
    const { start, end } = result.codeResult as { start?: number; end?: number };
    const line = (result as { pattern?: ArrayLike<number> }).pattern?.length ?? 0;
    if (typeof start === 'number' && typeof end === 'number' && line > 0 && Math.abs(end - start) / line < MIN_RETAIL_SPAN) return null;
  }
  return { code, format, decodedCodes: result.codeResult.decodedCodes ?? [] };
}

let direct: Promise<DirectReader | null> | null = null;

/** Which way reads go: 'direct' (quagga-direct.ts) or 'decodeSingle' (the fallback). For tests and the benchmark. */
export async function readPath(): Promise<'direct' | 'decodeSingle'> {
  direct ??= directReader();
  return (await direct) ? 'direct' : 'decodeSingle';
}

async function quaggaRead(image: GreyFrame, locate: boolean, readers: readonly QuaggaJSCodeReader[], encode: FrameEncoder): Promise<{ read: FrameRead | null; located: boolean }> {
  direct ??= directReader();
  const reader = await direct;
  if (reader) {
    const { result, located } = await reader.read(image, locate, readers);
    const read = readFromResult(result);
    return { read, located: located || read !== null };
  }
  const { src, release } = await encode(image);
  let result: QuaggaJSResultObject | undefined;
  try {
    result = await Quagga.decodeSingle({ src, numOfWorkers: 0, locate, inputStream: { size: image.width }, locator: { ...LOCATOR }, decoder: { readers: [...readers] } });
  } finally {
    release?.();
  }
  const read = readFromResult(result);
  return { read, located: (locate && (result?.boxes?.length ?? 0) > 0) || read !== null };
}

const yieldToPage = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Reads one frame: the whole frame, then, when that read nothing, the aiming rectangle (located, then along its
 * middle with the locator off). quagga2 keeps its locator in module state, so calls must not overlap: the caller
 * awaits each before starting the next.
 */
export async function decodeFrame(frame: GreyFrame, encode: FrameEncoder): Promise<FrameResult> {
  const whole = await quaggaRead(passImage(frame, 'frame'), true, CAMERA_READERS, encode);
  if (whole.read) return { pass: 'frame', ...whole };
  // Each read is one stretch of work on the page's main thread: the page handles input and paints in between.
  await yieldToPage();
  const aimed = await quaggaRead(passImage(frame, 'aim'), true, AIM_READERS, encode);
  if (aimed.read) return { pass: 'aim', ...aimed };
  await yieldToPage();
  const line = await quaggaRead(passImage(frame, 'aim', true), false, AIM_READERS, encode);
  return { pass: line.read ? 'aim' : null, read: line.read, located: whole.located || aimed.located };
}
