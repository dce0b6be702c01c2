/**
 * The webcam side of the scanner port: getUserMedia, a <video> in the pane, and a read loop over its frames with
 * frame-decode.ts (quagga2).
 *
 * Why not quagga2's LiveStream: it reads every frame the same way (the whole frame, as the camera gives it), on a
 * fixed timer. Damaged long labels need the frame's contrast stretched and a second pass over the aiming rectangle
 * scaled up (frame-decode.ts), which LiveStream cannot do; and its fixed timer let the camera browser test's
 * four looping frames alias, so that on an idle machine only frames that never decode were read (see
 * test/browser/camera.test.mjs). This loop reads the newest frame after each read and its pause.
 *
 * quagga2 is a module-level singleton: one decode at a time per page. Every scanner created here shares one
 * queue of decodes, and start() of one stops any other first.
 */
import type { CameraDevice, CameraError, CameraScanner, CameraStartOptions, CameraStartResult } from '../app/scanner-port';
import { greyBmp } from './bmp';
import { cameraError, cameraErrorFrom, cameraSupportError } from './camera-errors';
import type { CameraEnvironment } from './camera-errors';
import { AIM, decodeFrame, pauseAfterRead, type DecodePass, type FrameEncoder, type FrameResult, type GreyFrame } from './frame-decode';
import { cameraConstraints, preferContinuousFocus } from './quagga-config';
import { createScanFilter, isConfidentDecode, isWellFormedRead, normalizeCameraCode } from './scan-filter';

export type CameraPermission = 'granted' | 'needs-reload' | 'denied';

export interface CameraScannerOptions {
  /**
   * Asked before the camera is opened. In Excel on the web the composition root passes
   * `officeCameraPermission(Office)` (office-camera-permission.ts); elsewhere the browser asks by itself.
   */
  readonly requestPermission?: () => Promise<CameraPermission>;
  /** A code seen again within this time after it was reported is the same scan (default 2000 ms). */
  readonly repeatAfterMs?: number;
}

/** Marks the element the scanner inserts into the target; a test or the pane can find (and miss) it. */
export const CAMERA_VIEW_ATTRIBUTE = 'data-lotbook-camera';

/**
 * Shown over the video when a label has been in view this long without being read: long labels with thin bars
 * read once they fill more of the frame.
 */
export const HOLD_CLOSER_AFTER_MS = 1500;
export const HOLD_CLOSER_TEXT = 'Not read yet: hold the label closer, so that it fills the frame.';

function environment(): CameraEnvironment {
  const nav = typeof navigator === 'undefined' ? undefined : navigator;
  return {
    secureContext: typeof window !== 'undefined' && window.isSecureContext === true,
    hasMediaDevices: typeof nav?.mediaDevices?.getUserMedia === 'function',
  };
}

const percent = (f: number): string => `${Math.round(f * 100)}%`;

/** The video fills the width; the aiming rectangle is where a label about 60% of the frame wide sits. */
function buildView(target: HTMLElement): { root: HTMLElement; video: HTMLVideoElement; hint: HTMLElement } {
  const root = document.createElement('div');
  root.setAttribute(CAMERA_VIEW_ATTRIBUTE, '');
  root.style.cssText = 'position:relative;width:100%;overflow:hidden;background:#000;line-height:0';
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.autoplay = true;
  video.style.cssText = 'display:block;width:100%;height:auto';
  const aim = document.createElement('div');
  aim.setAttribute('aria-hidden', 'true');
  aim.setAttribute('data-aim', '');
  aim.style.cssText = [
    'position:absolute',
    // The rectangle the second decoding pass reads (frame-decode.ts AIM).
    `left:${percent(AIM.left)}`,
    `right:${percent(AIM.right)}`,
    `top:${percent(AIM.top)}`,
    `bottom:${percent(AIM.bottom)}`,
    // Amber reads against both a white label and a dark room.
    'border:3px solid #ffb900',
    'border-radius:8px',
    // Darkens everything outside the rectangle, so the eye goes to where the label belongs.
    'box-shadow:0 0 0 100vmax rgba(0,0,0,0.35)',
    'pointer-events:none',
  ].join(';');
  const hint = document.createElement('div');
  hint.setAttribute('data-hint', '');
  // Read out when it appears, without taking the role of the pane's own status line.
  hint.setAttribute('aria-live', 'polite');
  hint.style.cssText = [
    'position:absolute',
    'left:0',
    'right:0',
    'bottom:0',
    'padding:6px 10px',
    'line-height:1.3',
    'font:600 14px/1.3 system-ui,sans-serif',
    'color:#fff',
    'background:rgba(0,0,0,0.7)',
    'text-align:center',
  ].join(';');
  hint.textContent = HOLD_CLOSER_TEXT;
  hint.hidden = true;
  root.append(video, aim, hint);
  target.append(root);
  return { root, video, hint };
}

/** Resolves when the video shows a frame newer than the last one read (or after one animation frame). */
function nextVideoFrame(video: HTMLVideoElement): Promise<void> {
  return new Promise((resolve) => {
    if (typeof video.requestVideoFrameCallback === 'function') video.requestVideoFrameCallback(() => resolve());
    else requestAnimationFrame(() => resolve());
  });
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The frame on screen as grey levels (BT.601 luma, in integers: (77 R + 150 G + 29 B) / 256). */
function grabFrame(video: HTMLVideoElement, canvas: HTMLCanvasElement): GreyFrame | null {
  const width = video.videoWidth;
  const height = video.videoHeight;
  if (width === 0 || height === 0) return null;
  if (canvas.width !== width) canvas.width = width;
  if (canvas.height !== height) canvas.height = height;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  if (!ctx) return null;
  ctx.drawImage(video, 0, 0, width, height);
  const rgba = ctx.getImageData(0, 0, width, height).data;
  const grey = new Uint8Array(width * height);
  for (let i = 0, p = 0; i < grey.length; i++, p += 4) grey[i] = (77 * rgba[p]! + 150 * rgba[p + 1]! + 29 * rgba[p + 2]!) >> 8;
  return { data: grey, width, height };
}

const encodeBmp: FrameEncoder = async (image) => {
  const src = URL.createObjectURL(new Blob([greyBmp(image)], { type: 'image/bmp' }));
  return { src, release: () => URL.revokeObjectURL(src) };
};

/** quagga2 decodes one image at a time per page: every read, of every scanner, waits for the one before. */
let decodeQueue: Promise<unknown> = Promise.resolve();
function queuedDecode(frame: GreyFrame): Promise<FrameResult> {
  const run = decodeQueue.then(() => decodeFrame(frame, encodeBmp));
  decodeQueue = run.catch(() => undefined);
  return run;
}

/** Costs of the last reads, for the scan benchmark and for anyone profiling the pane (window.lotbookScanStats). */
export interface ScanStats {
  readonly reads: Array<{ readonly pass: DecodePass | null; readonly ms: number; readonly width: number; readonly height: number }>;
}

let activeScanner: { stop(): Promise<void> } | null = null;

export function createCameraScanner(options: CameraScannerOptions = {}): CameraScanner {
  const filter = createScanFilter({ repeatAfterMs: options.repeatAfterMs });
  let running = false;
  // Bumped by stop(), so that a start() still waiting on the camera, or a read loop, knows it was cancelled.
  let generation = 0;
  let view: HTMLElement | null = null;
  let stream: MediaStream | null = null;
  let stopping: Promise<void> | null = null;

  const release = async (): Promise<void> => {
    running = false;
    stream?.getTracks().forEach((track) => track.stop());
    view?.querySelectorAll('video').forEach((video) => {
      if (video.srcObject instanceof MediaStream) video.srcObject.getTracks().forEach((track) => track.stop());
      video.srcObject = null;
    });
    view?.remove();
    view = null;
    stream = null;
    filter.reset();
    if (activeScanner === scanner) activeScanner = null;
  };

  const readLoop = async (myGeneration: number, video: HTMLVideoElement, hint: HTMLElement, onScan: CameraStartOptions['onScan']): Promise<void> => {
    const canvas = document.createElement('canvas');
    const stats: ScanStats = { reads: [] };
    (window as unknown as { lotbookScanStats?: ScanStats }).lotbookScanStats = stats;
    // Since when a label has been in view without being read (null: none in view).
    let seenSince: number | null = null;
    let lastSeen = 0;
    let failed = false;
    while (myGeneration === generation) {
      await nextVideoFrame(video);
      if (myGeneration !== generation) return;
      let frame: GreyFrame | null = null;
      try {
        frame = grabFrame(video, canvas);
      } catch {
        // A video between two sources (a camera restarting) has no frame to draw; the next one is tried.
      }
      if (!frame) continue;
      const started = performance.now();
      let result: FrameResult;
      try {
        result = await queuedDecode(frame);
      } catch (err) {
        // A bug, not a bad frame (quagga2 reads any pixels): said once, and the camera keeps reading.
        if (!failed) console.error('Lotbook could not read a camera frame', err);
        failed = true;
        result = { pass: null, read: null, located: false };
      }
      const now = performance.now();
      const cost = now - started;
      if (myGeneration !== generation) return;
      stats.reads.push({ pass: result.pass, ms: cost, width: frame.width, height: frame.height });
      if (stats.reads.length > 200) stats.reads.shift();

      let reported = false;
      const { read } = result;
      if (read && isConfidentDecode(read.decodedCodes)) {
        const text = normalizeCameraCode(read.code, read.format);
        if (text !== null && isWellFormedRead(text, read.format)) {
          const accepted = filter.push(text, now);
          reported = true;
          if (accepted !== null) onScan({ text: accepted, source: 'camera', format: read.format, at: Date.now() });
        }
      }
      if (reported) seenSince = null;
      else if (result.located) {
        filter.inView(now);
        seenSince ??= now;
        lastSeen = now;
      } else if (now - lastSeen > 1000) seenSince = null;
      const hide = seenSince === null || now - seenSince < HOLD_CLOSER_AFTER_MS;
      if (hint.hidden !== hide) hint.hidden = hide;

      await sleep(pauseAfterRead(cost));
    }
  };

  const scanner: CameraScanner = {
    get running() {
      return running;
    },

    async listCameras(): Promise<CameraDevice[]> {
      if (!environment().hasMediaDevices) return [];
      const devices = await navigator.mediaDevices.enumerateDevices();
      return devices.filter((d) => d.kind === 'videoinput').map((d) => ({ deviceId: d.deviceId, label: d.label }));
    },

    async start(target: HTMLElement, startOptions: CameraStartOptions): Promise<CameraStartResult> {
      await scanner.stop();
      if (activeScanner && activeScanner !== scanner) await activeScanner.stop();
      const env = environment();
      const unsupported = cameraSupportError(env);
      if (unsupported) return { ok: false, error: unsupported };

      const myGeneration = ++generation;
      activeScanner = scanner;
      if (options.requestPermission) {
        let permission: CameraPermission;
        try {
          permission = await options.requestPermission();
        } catch {
          permission = 'denied';
        }
        if (permission !== 'granted') {
          if (activeScanner === scanner) activeScanner = null;
          return { ok: false, error: cameraError(permission === 'needs-reload' ? 'needs-reload' : 'permission-denied') };
        }
        if (myGeneration !== generation) return { ok: false, error: cameraError('camera-failed') };
      }

      const built = buildView(target);
      view = built.root;
      // After a failure or a stop() during start: a stream that arrived late would otherwise stay live.
      const abandon = async (error: CameraError, late?: MediaStream): Promise<CameraStartResult> => {
        late?.getTracks().forEach((track) => track.stop());
        if (myGeneration === generation) await release();
        else built.root.remove();
        return { ok: false, error };
      };
      let media: MediaStream;
      try {
        media = await navigator.mediaDevices.getUserMedia({ video: cameraConstraints(startOptions.deviceId), audio: false });
      } catch (err) {
        return abandon(myGeneration === generation ? cameraErrorFrom(err, env) : cameraError('camera-failed'));
      }
      if (myGeneration !== generation) return abandon(cameraError('camera-failed'), media);
      stream = media;
      const { video, hint } = built;
      video.srcObject = media;
      try {
        await video.play();
      } catch {
        if (myGeneration !== generation) return abandon(cameraError('camera-failed'), media);
        // Autoplay of a muted video is allowed everywhere; a refusal here means no frames will come.
        return abandon(cameraError('camera-failed'), media);
      }
      if (myGeneration !== generation) return abandon(cameraError('camera-failed'), media);

      const reportFailure = (error: CameraError): void => {
        if (myGeneration !== generation) return;
        void scanner.stop().then(() => startOptions.onError?.(error));
      };
      // An unplugged camera or one taken by the system ends its track; the loop would wait for frames forever.
      media.getVideoTracks().forEach((track) => {
        track.addEventListener('ended', () => reportFailure(cameraError('camera-failed')));
        void preferContinuousFocus(track);
      });
      running = true;
      void readLoop(myGeneration, video, hint, startOptions.onScan);
      return { ok: true };
    },

    stop(): Promise<void> {
      generation += 1;
      if (!stopping) stopping = release().finally(() => (stopping = null));
      return stopping;
    },
  };
  return scanner;
}

let audio: AudioContext | null = null;

/**
 * A short tone for a successful scan, made with WebAudio (no file to load, works offline). Silent where the
 * browser has no AudioContext or has not allowed sound yet (autoplay rules: a click on Start counts).
 */
export function beep(options: { frequency?: number; durationMs?: number; volume?: number } = {}): void {
  const Ctor = typeof window === 'undefined' ? undefined : window.AudioContext;
  if (!Ctor) return;
  try {
    audio ??= new Ctor();
    const ctx = audio;
    if (ctx.state === 'suspended') void ctx.resume();
    const duration = (options.durationMs ?? 120) / 1000;
    const start = ctx.currentTime;
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'sine';
    osc.frequency.value = options.frequency ?? 1760;
    // A quick fade in and out, so the tone does not click.
    gain.gain.setValueAtTime(0, start);
    gain.gain.linearRampToValueAtTime(options.volume ?? 0.2, start + 0.01);
    gain.gain.linearRampToValueAtTime(0, start + duration);
    osc.connect(gain).connect(ctx.destination);
    osc.start(start);
    osc.stop(start + duration + 0.02);
  } catch {
    // Sound is a nicety; a scan never fails because of it.
  }
}
