/**
 * The webcam side of the scanner port, on quagga2's LiveStream.
 *
 * quagga2 is a module-level singleton: one camera at a time per page, and init only after the previous stop has
 * finished. Every scanner created here shares that one instance, so start() of one stops any other first.
 */
import Quagga from '@ericblade/quagga2';
import type { QuaggaJSResultObject } from '@ericblade/quagga2';
import type { CameraDevice, CameraError, CameraScanner, CameraStartOptions, CameraStartResult } from '../app/scanner-port';
import { cameraError, cameraErrorFrom, cameraSupportError } from './camera-errors';
import type { CameraEnvironment } from './camera-errors';
import { liveStreamConfig } from './quagga-config';
import { createScanFilter, isConfidentDecode, normalizeCameraCode } from './scan-filter';

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

function environment(): CameraEnvironment {
  const nav = typeof navigator === 'undefined' ? undefined : navigator;
  return {
    secureContext: typeof window !== 'undefined' && window.isSecureContext === true,
    hasMediaDevices: typeof nav?.mediaDevices?.getUserMedia === 'function',
  };
}

/** The video fills the width; the aiming rectangle is where a label about 60% of the frame wide sits. */
function buildView(target: HTMLElement): { root: HTMLElement; viewport: HTMLElement } {
  const root = document.createElement('div');
  root.setAttribute(CAMERA_VIEW_ATTRIBUTE, '');
  root.style.cssText = 'position:relative;width:100%;overflow:hidden;background:#000;line-height:0';
  const viewport = document.createElement('div');
  // quagga2 appends its <video> here; the canvas it reads frames from is never attached to the page.
  viewport.style.cssText = 'width:100%';
  const aim = document.createElement('div');
  aim.setAttribute('aria-hidden', 'true');
  aim.setAttribute('data-aim', '');
  aim.style.cssText = [
    'position:absolute',
    'left:12%',
    'right:12%',
    'top:28%',
    'bottom:28%',
    // Amber reads against both a white label and a dark room.
    'border:3px solid #ffb900',
    'border-radius:8px',
    // Darkens everything outside the rectangle, so the eye goes to where the label belongs.
    'box-shadow:0 0 0 100vmax rgba(0,0,0,0.35)',
    'pointer-events:none',
  ].join(';');
  root.append(viewport, aim);
  target.append(root);
  return { root, viewport };
}

function styleVideo(viewport: HTMLElement): HTMLVideoElement | null {
  const video = viewport.querySelector('video');
  if (video) {
    video.muted = true;
    video.playsInline = true;
    video.style.cssText = 'display:block;width:100%;height:auto';
  }
  return video;
}

function endVideoTracks(container: HTMLElement): void {
  container.querySelectorAll('video').forEach((video) => {
    if (video.srcObject instanceof MediaStream) video.srcObject.getTracks().forEach((track) => track.stop());
    video.srcObject = null;
  });
}

let activeScanner: { stop(): Promise<void> } | null = null;

export function createCameraScanner(options: CameraScannerOptions = {}): CameraScanner {
  const filter = createScanFilter({ repeatAfterMs: options.repeatAfterMs });
  let running = false;
  // Bumped by stop(), so that a start() still waiting on quagga knows it was cancelled.
  let generation = 0;
  let view: HTMLElement | null = null;
  let stream: MediaStream | null = null;
  let ownsQuagga = false;
  let stopping: Promise<void> | null = null;

  const release = async (): Promise<void> => {
    running = false;
    if (ownsQuagga) {
      const grabbed = Quagga.CameraAccess.getActiveStream();
      try {
        await Quagga.stop();
      } catch {
        // Stopping a quagga that never finished init can throw; the tracks are ended below either way.
      }
      // The scanner owned the singleton, so every handler on it was its own.
      Quagga.offDetected();
      Quagga.offProcessed();
      // quagga2 ends only the video tracks of the stream it still holds; end every track we ever saw.
      grabbed?.getTracks().forEach((track) => track.stop());
      ownsQuagga = false;
    }
    stream?.getTracks().forEach((track) => track.stop());
    if (view) endVideoTracks(view);
    view?.remove();
    view = null;
    stream = null;
    filter.reset();
    if (activeScanner === scanner) activeScanner = null;
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
      ownsQuagga = true;
      // After a failure or a stop() during init: a stream that arrived late would otherwise stay live.
      const abandon = async (error: CameraError): Promise<CameraStartResult> => {
        if (activeScanner === null || activeScanner === scanner) ownsQuagga = true;
        await release();
        endVideoTracks(built.viewport);
        return { ok: false, error };
      };
      try {
        await Quagga.init(liveStreamConfig(built.viewport, startOptions.deviceId));
      } catch (err) {
        return abandon(myGeneration === generation ? cameraErrorFrom(err, env) : cameraError('camera-failed'));
      }
      if (myGeneration !== generation) return abandon(cameraError('camera-failed'));

      const video = styleVideo(built.viewport);
      stream = Quagga.CameraAccess.getActiveStream() ?? (video?.srcObject instanceof MediaStream ? video.srcObject : null);
      const reportFailure = (error: CameraError): void => {
        if (myGeneration !== generation) return;
        void scanner.stop().then(() => startOptions.onError?.(error));
      };
      // An unplugged camera or one taken by the system ends its track; quagga2 would wait for frames forever.
      stream?.getVideoTracks().forEach((track) => track.addEventListener('ended', () => reportFailure(cameraError('camera-failed'))));

      const detected = (data: QuaggaJSResultObject): void => {
        const format = data.codeResult?.format ?? '';
        if (!isConfidentDecode(data.codeResult?.decodedCodes)) return;
        const text = normalizeCameraCode(data.codeResult?.code, format);
        if (text === null) return;
        const accepted = filter.push(text, performance.now());
        if (accepted !== null) startOptions.onScan({ text: accepted, source: 'camera', format, at: Date.now() });
      };
      Quagga.onDetected(detected);
      Quagga.start();
      running = true;
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
