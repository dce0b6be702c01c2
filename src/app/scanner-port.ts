/**
 * The scanner port: what the receiving pane needs from barcode input. src/scanner implements it with quagga2
 * (webcam) and a keyboard-wedge buffer (handheld scanners that type).
 *
 * A scan's text is what the device produced, ready for parseGs1: GS1-128 from the camera arrives with a leading
 * GS (quagga2 turns the leading FNC1 into one), from a handheld with a `]C1` prefix; both parse.
 */

export type ScanSource = 'camera' | 'wedge';

export interface Scan {
  readonly text: string;
  readonly source: ScanSource;
  /** quagga2's format name for camera scans, e.g. `code_128`, `ean_13`, `upc_e`. */
  readonly format?: string;
  /** Epoch milliseconds. */
  readonly at: number;
}

export type CameraErrorCode =
  | 'no-camera'
  | 'permission-denied'
  | 'camera-in-use'
  | 'insecure-context'
  | 'not-supported'
  | 'needs-reload'
  | 'camera-failed';

export interface CameraError {
  readonly code: CameraErrorCode;
  /** Plain words for the user: what happened and what to do. */
  readonly message: string;
}

export interface CameraDevice {
  readonly deviceId: string;
  /** Empty until the user has granted camera access once (browsers hide labels before that). */
  readonly label: string;
}

export interface CameraStartOptions {
  readonly deviceId?: string;
  readonly onScan: (scan: Scan) => void;
  /** A failure after start() resolved, e.g. the camera was unplugged. */
  readonly onError?: (e: CameraError) => void;
}

export type CameraStartResult = { readonly ok: true } | { readonly ok: false; readonly error: CameraError };

export interface CameraScanner {
  listCameras(): Promise<CameraDevice[]>;
  /** Starts the camera into `target` (a visible aiming area is drawn); resolves when frames flow. */
  start(target: HTMLElement, options: CameraStartOptions): Promise<CameraStartResult>;
  /** Stops quagga, ends every MediaStreamTrack and removes the video; safe to call twice. */
  stop(): Promise<void>;
  readonly running: boolean;
}
