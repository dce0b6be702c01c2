/**
 * `npm run bench:scan` — reading damaged labels with the camera (a script, never a test). It renders its own
 * GS1-128 labels with bwip-js (long and short lots, weights, dates, SSCC), degrades each as a 1280x720 webcam would
 * see it (tilt, blur, noise, low contrast, perspective, and stronger versions of each), and plays each case to the
 * camera's decoder as Chromium's fake camera would: 25 frames a second, each with its own sensor grain, the luma
 * read as Chromium reads a y4m (labels.ts, cameraLumaFrames). Time is simulated: the decoder takes the frame on
 * screen when it starts, and the clock moves by what each read really cost here (the process's CPU time for quagga2
 * in Node, so that other work on a shared machine does not count), plus the pause the scheduler leaves between
 * reads. A case is read when the scanner would report the label (the scan filter
 * included) within 3 s; a wrong report is counted apart, and is the one thing that must never happen.
 *
 * Two decoders are compared on the same frames:
 * - before: the whole frame through quagga2 as its live stream read it (1280x720, medium patches, no half
 *   sampling, up to 10 reads a second);
 * - after: src/scanner/frame-decode.ts, the code the pane runs (contrast stretch, whole frame and aiming
 *   rectangle passes in turn, the scheduler's pauses).
 *
 * Options: --no-write (print only), --only after|before, --cases N (the first N labels), --frames N (distinct
 * frames per case, default 8). Writes bench/scan-results.md, newest run first.
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { prependResults } from './results-file';
import { join } from 'node:path';
import sharp from 'sharp';
import { cameraLumaFrames, renderGs1Label, type VideoOptions } from '../test/support/labels';
import { decodeFrame, passImage, pauseAfterRead, readPath, type FrameEncoder, type GreyFrame } from '../src/scanner/frame-decode';
import { CAMERA_READERS } from '../src/scanner/quagga-config';
import { directReader } from '../src/scanner/quagga-direct';
import { createScanFilter, isConfidentDecode, isWellFormedRead, normalizeCameraCode } from '../src/scanner/scan-filter';
import { parseGs1 } from '../src/domain/gs1';

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const WRITE = !args.includes('--no-write');
const ONLY = opt('only');
const FRAMES = Number(opt('frames') ?? 8);
const LIMIT_MS = 3000;
const FRAME_MS = 40;

/** The labels: what a supplier's pallet and carton labels carry. */
export const SCAN_LABELS: ReadonlyArray<{ name: string; hri: string }> = [
  { name: 'long lot (20 characters)', hri: '(01)09506000134352(17)271231(10)ABCD2611XYZ9000170QR' },
  { name: 'long lot, punctuated', hri: '(01)09506000134352(17)280630(10)2611-ASH60-0001-LONG' },
  { name: 'short lot, count', hri: '(01)09506000134352(10)LOT-A1(17)271231(30)24' },
  { name: 'net weight kg, lot', hri: '(01)09506000134352(3103)020500(10)ASH2409B(17)280630' },
  { name: 'production and best-before dates', hri: '(01)04012345678901(11)261115(15)280630(10)L7' },
  { name: 'SSCC', hri: '(00)095060001234567893' },
];

/** The conditions: the issue's (clean, tilted, blurred, noisy, low contrast, perspective), then stronger ones. */
export const SCAN_CONDITIONS: ReadonlyArray<{ name: string; strong: boolean; options: Omit<VideoOptions, 'width' | 'height'> }> = [
  { name: 'clean', strong: false, options: { noise: 2 } },
  { name: 'tilted 8°', strong: false, options: { tiltDeg: 8, noise: 3 } },
  { name: 'blurred σ1.2', strong: false, options: { blurSigma: 1.2, noise: 3 } },
  { name: 'noisy σ6', strong: false, options: { noise: 6 } },
  { name: 'low contrast 35%', strong: false, options: { contrast: 0.35, noise: 3 } },
  { name: 'perspective 20%', strong: false, options: { perspective: 0.2, noise: 3 } },
  { name: 'tilted 15°', strong: true, options: { tiltDeg: 15, noise: 3 } },
  { name: 'blurred σ1.6', strong: true, options: { blurSigma: 1.6, noise: 3 } },
  { name: 'noisy σ12', strong: true, options: { noise: 12 } },
  { name: 'low contrast 20%', strong: true, options: { contrast: 0.2, noise: 3 } },
  { name: 'perspective 35%', strong: true, options: { perspective: 0.35, noise: 3 } },
  { name: 'warehouse: tilt 5°, blur σ1, noise σ8, contrast 40%, perspective 15%', strong: true, options: { tiltDeg: 5, blurSigma: 1, noise: 8, contrast: 0.4, perspective: 0.15 } },
];

/** Only used if quagga2's reader cannot be reached directly (the bench then stops, see main). */
let encodeMs = 0;
const encodePng: FrameEncoder = async (image) => {
  const t = performance.now();
  const png = await sharp(Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength), { raw: { width: image.width, height: image.height, channels: 1 } })
    .png({ compressionLevel: 1 })
    .toBuffer();
  encodeMs += performance.now() - t;
  return { src: `data:image/png;base64,${png.toString('base64')}` };
};

interface Outcome {
  /** What the scanner reported, when it was not the label's text. */
  readonly wrongText?: string;
  readonly read: boolean;
  readonly wrong: boolean;
  readonly ms: number;
  readonly reads: number;
  readonly readMs: number;
}

/** The scanner's decision on one decode, as camera-scanner.ts makes it. */
type Decoder = (frame: GreyFrame, index: number) => Promise<{ code: string | null; format: string; decodedCodes: ReadonlyArray<{ error?: number }> }>;

async function play(frames: readonly GreyFrame[], expected: string, decode: Decoder, pause: (costMs: number, index: number) => number): Promise<Outcome> {
  const filter = createScanFilter();
  let now = 0;
  let reads = 0;
  let readMs = 0;
  while (now < LIMIT_MS) {
    const frame = frames[Math.floor(now / FRAME_MS) % frames.length]!;
    encodeMs = 0;
    const cpu = process.cpuUsage();
    const r = await decode(frame, reads);
    const used = process.cpuUsage(cpu);
    const cost = (used.user + used.system) / 1000 - encodeMs;
    reads += 1;
    readMs += cost;
    now += cost;
    if (r.code && isConfidentDecode(r.decodedCodes)) {
      const text = normalizeCameraCode(r.code, r.format);
      if (text !== null && isWellFormedRead(text, r.format)) {
        const accepted = filter.push(text, now);
        if (accepted !== null) return { read: accepted === expected, wrong: accepted !== expected, ...(accepted !== expected ? { wrongText: accepted } : {}), ms: now, reads, readMs };
      }
    }
    now += pause(cost, reads);
  }
  return { read: false, wrong: false, ms: now, reads, readMs };
}

/**
 * Before: what quagga2's live stream did with each frame, one whole-frame read of the frame as the camera gave it
 * (no contrast stretch), with the same locator and readers, at most 10 a second (its `frequency: 10`). Run through
 * the same direct reader as after, so that the two are timed alike.
 */
const before: Decoder = async (frame) => {
  const reader = await directReader();
  if (!reader) throw new Error("quagga-direct.ts cannot reach quagga2's reader");
  const { result } = await reader.read(frame, true, CAMERA_READERS);
  return { code: result?.codeResult?.code ?? null, format: result?.codeResult?.format ?? '', decodedCodes: result?.codeResult?.decodedCodes ?? [] };
};
const beforePause = (cost: number) => Math.max(0, 100 - cost);

function after(): Decoder {
  return async (frame) => {
    const r = await decodeFrame(frame, encodePng);
    return { code: r.read?.code ?? null, format: r.read?.format ?? '', decodedCodes: r.read?.decodedCodes ?? [] };
  };
}

/** What quagga2 reports for a GS1-128 label: FNC1 as GS, the leading one too, none after fixed-length AIs. */
function expectedText(hri: string): string {
  const parsed = parseGs1(hri);
  if (!parsed.ok) throw new Error(`${hri}: ${parsed.message}`);
  const FIXED = /^(00|01|02|03|04|1[1-9]|20|3[1-6]\d\d|41\d)$/;
  let text = '\x1d';
  parsed.elements.forEach((el, i) => {
    text += el.ai + el.raw;
    if (i < parsed.elements.length - 1 && !FIXED.test(el.ai)) text += '\x1d';
  });
  return text;
}

const median = (xs: number[]) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const secs = (ms: number) => (Number.isNaN(ms) ? '—' : `${(ms / 1000).toFixed(2)} s`);

async function main() {
  const machine = `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${cpus().length} cores, ${Math.round(totalmem() / 1024 ** 3)} GiB, Node ${process.version}`;
  const labels = SCAN_LABELS.slice(0, Number(opt('cases') ?? SCAN_LABELS.length));
  const decoders: Array<{ name: 'before' | 'after'; make: () => Decoder; pause: (cost: number, index: number) => number }> = [
    { name: 'before' as const, make: () => before, pause: beforePause },
    { name: 'after' as const, make: after, pause: (cost: number) => pauseAfterRead(cost) },
  ].filter((d) => !ONLY || d.name === ONLY);
  type Row = { condition: string; strong: boolean; label: string; decoder: string; outcome: Outcome };
  const rows: Row[] = [];
  if ((await readPath()) !== 'direct') throw new Error("quagga-direct.ts cannot reach quagga2's reader: the benchmark would time decodeSingle instead");
  const started = performance.now();
  for (const condition of SCAN_CONDITIONS) {
    for (const label of labels) {
      const png = await renderGs1Label(label.hri);
      const seed = rows.length + 1;
      const luma = await cameraLumaFrames(png, { width: 1280, height: 720, seed, ...condition.options }, FRAMES);
      const frames = luma.map((data) => ({ data, width: 1280, height: 720 }));
      const expected = expectedText(label.hri);
      for (const d of decoders) {
        const outcome = await play(frames, expected, d.make(), d.pause);
        rows.push({ condition: condition.name, strong: condition.strong, label: label.name, decoder: d.name, outcome });
        const o = outcome;
        console.log(`${condition.name} | ${label.name} | ${d.name}: ${o.wrong ? 'WRONG' : o.read ? `read in ${secs(o.ms)}` : 'not read'} (${o.reads} reads, ${(o.readMs / o.reads).toFixed(0)} ms each)`);
      }
    }
  }
  // What each pass costs, in CPU time, on the frames of one hard case (every pass runs on each frame here).
  const costFrames = (await cameraLumaFrames(await renderGs1Label(SCAN_LABELS[0]!.hri), { width: 1280, height: 720, blurSigma: 1.2, noise: 3 }, FRAMES)).map((data) => ({ data, width: 1280, height: 720 }));
  const reader = await directReader();
  const cpuOf = async (f: () => Promise<unknown>): Promise<number> => {
    const cpu = process.cpuUsage();
    await f();
    const used = process.cpuUsage(cpu);
    return (used.user + used.system) / 1000;
  };
  const passCosts: Array<[string, number[]]> = [
    ['before: whole frame as the camera gives it', []],
    ['after: whole frame (contrast stretched)', []],
    ['after: aiming rectangle scaled to 1920x640, located', []],
    ['after: aiming rectangle sharpened, locator off (middle line)', []],
  ];
  for (const frame of costFrames) {
    passCosts[0]![1].push(await cpuOf(() => reader!.read(frame, true, CAMERA_READERS)));
    passCosts[1]![1].push(await cpuOf(() => reader!.read(passImage(frame, 'frame'), true, CAMERA_READERS)));
    passCosts[2]![1].push(await cpuOf(() => reader!.read(passImage(frame, 'aim'), true, ['code_128_reader'])));
    passCosts[3]![1].push(await cpuOf(() => reader!.read(passImage(frame, 'aim', true), false, ['code_128_reader'])));
  }
  const elapsed = (performance.now() - started) / 1000;
  const load = loadavg().map((l) => l.toFixed(1)).join(', ');

  const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
  let report = `## ${date}\n\nMachine: ${machine}. ${labels.length} labels x ${SCAN_CONDITIONS.length} conditions, ${FRAMES} distinct frames a case at 25 fps, read within ${LIMIT_MS / 1000} s of simulated time; bench took ${elapsed.toFixed(0)} s; load average at the end ${load} (the machine is shared: times scale with load).\n\n`;
  report += `| condition | before: read | before: median | after: read | after: median | wrong reports (before / after) |\n|---|---|---|---|---|---|\n`;
  const by = (cond: string, dec: string) => rows.filter((r) => r.condition === cond && r.decoder === dec);
  const cell = (rs: Row[]) => (rs.length === 0 ? ['—', '—'] : [`${rs.filter((r) => r.outcome.read).length}/${rs.length}`, secs(median(rs.filter((r) => r.outcome.read).map((r) => r.outcome.ms)))]);
  for (const c of SCAN_CONDITIONS) {
    const b = by(c.name, 'before');
    const a = by(c.name, 'after');
    const wrong = (rs: Row[]) => (rs.length ? String(rs.filter((r) => r.outcome.wrong).length) : '—');
    report += `| ${c.name}${c.strong ? ' (stronger)' : ''} | ${cell(b).join(' | ')} | ${cell(a).join(' | ')} | ${wrong(b)} / ${wrong(a)} |\n`;
  }
  for (const group of [false, true]) {
    const pick = (dec: string) => rows.filter((r) => r.strong === group && r.decoder === dec);
    const total = (rs: Row[]) => (rs.length ? `${rs.filter((r) => r.outcome.read).length}/${rs.length}, median ${secs(median(rs.filter((r) => r.outcome.read).map((r) => r.outcome.ms)))}` : '—');
    report += `| **${group ? 'stronger conditions' : "the issue's conditions"}** | ${total(pick('before'))} | | ${total(pick('after'))} | | ${pick('before').filter((r) => r.outcome.wrong).length} / ${pick('after').filter((r) => r.outcome.wrong).length} |\n`;
  }
  for (const dec of decoders) {
    const rs = rows.filter((r) => r.decoder === dec.name);
    const reads = rs.reduce((n, r) => n + r.outcome.reads, 0);
    const ms = rs.reduce((n, r) => n + r.outcome.readMs, 0);
    report += `\n${dec.name}: ${reads} frame reads, ${(ms / reads).toFixed(0)} ms of CPU a frame on average in Node (quagga2 1.12).`;
    const missed = rs.filter((r) => !r.outcome.read);
    if (missed.length) report += ` Not read in ${LIMIT_MS / 1000} s: ${missed.map((r) => `${r.label} / ${r.condition}${r.outcome.wrong ? ` (WRONG: ${JSON.stringify(r.outcome.wrongText)})` : ''}`).join('; ')}.`;
  }
  report += `\n\nCPU time of each pass in Node, median over the ${FRAMES} frames of the blurred 20-character lot (image preparation included): ${passCosts.map(([what, ms]) => `${what} ${median(ms).toFixed(0)} ms`).join('; ')}. A frame the whole-frame pass reads costs that pass only; one it does not read costs all three after passes.\n`;
  console.log(`\n${report}`);
  if (WRITE) {
    const file = join(__dirname, 'scan-results.md');
    const head =
      '# Camera scanning benchmark results\n\nNewest first; each run is `npm run bench:scan` on the machine it names (bench/scan.ts says what is simulated). Times are simulated from what each read cost in Node; the per-frame cost in Chromium is measured apart (see the notes under each run).\n\n';
    prependResults(file, head, report);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
