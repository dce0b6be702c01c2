/**
 * Camera failures as data with plain words: getUserMedia's DOMException names, quagga2's own errors and what the
 * page can tell before asking (no mediaDevices, not a secure context). Pure, so it is tested without a browser.
 */
import type { CameraError, CameraErrorCode } from '../app/scanner-port';

const MESSAGES: Readonly<Record<CameraErrorCode, string>> = {
  'no-camera': 'No camera was found. Connect a webcam and try again, or scan with a handheld scanner.',
  'permission-denied':
    "Lotbook is not allowed to use the camera. Allow camera access in the browser's site settings, then try again.",
  'camera-in-use': 'Another app is using the camera. Close it and try again.',
  'insecure-context': 'The camera only works when Lotbook is opened from a secure (https) address.',
  'not-supported': 'This browser cannot use a camera here. Scan with a handheld scanner or type the code.',
  'needs-reload': 'Camera access was granted. Reload Lotbook to start the camera.',
  'camera-failed': 'The camera did not start. Unplug it and plug it in again, or choose another camera.',
};

export function cameraError(code: CameraErrorCode): CameraError {
  return { code, message: MESSAGES[code] };
}

export interface CameraEnvironment {
  /** window.isSecureContext */
  readonly secureContext: boolean;
  /** navigator.mediaDevices.getUserMedia exists (browsers hide mediaDevices outside secure contexts). */
  readonly hasMediaDevices: boolean;
}

/** Whether the page can ask for a camera at all; null when it can. */
export function cameraSupportError(env: CameraEnvironment): CameraError | null {
  if (env.hasMediaDevices) return null;
  return cameraError(env.secureContext ? 'not-supported' : 'insecure-context');
}

function errorName(err: unknown): string {
  if (typeof err === 'object' && err !== null && 'name' in err && typeof err.name === 'string') return err.name;
  return '';
}

/**
 * Maps what getUserMedia (through quagga2) rejected with. The legacy names (DevicesNotFoundError,
 * PermissionDeniedError, TrackStartError, ConstraintNotSatisfiedError) are what older Chromium-based webviews
 * still report.
 */
export function cameraErrorFrom(err: unknown, env: CameraEnvironment): CameraError {
  const support = cameraSupportError(env);
  if (support) return support;
  switch (errorName(err)) {
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
    case 'ConstraintNotSatisfiedError':
      return cameraError('no-camera');
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return cameraError(env.secureContext ? 'permission-denied' : 'insecure-context');
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return cameraError('camera-in-use');
    default:
      return cameraError('camera-failed');
  }
}
