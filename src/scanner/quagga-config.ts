/**
 * quagga2 settings and camera constraints, shared by the live camera and the Node tests and benchmark that decode
 * rendered labels, so all read codes the same way.
 */
import type { QuaggaJSCodeReader } from '@ericblade/quagga2';

/** code_128 covers GS1-128; the retail symbologies cover the products' own EAN/UPC codes. */
export const CAMERA_READERS: readonly QuaggaJSCodeReader[] = [
  'code_128_reader',
  'ean_reader',
  'ean_8_reader',
  'upc_reader',
  'upc_e_reader',
];

/**
 * Full-resolution frames (no half sampling) with medium patches: the settings that decoded tilted, blurred and
 * noisy webcam frames in the probe in bench/scan-results.md; 640x480 with the defaults decoded none of them.
 */
export const LOCATOR = { halfSample: false, patchSize: 'medium' } as const;

/**
 * What the scanner asks the camera for. 1920x1080 where the camera offers it: a long label's thinnest bars then
 * get 1.5 times the pixels (frame-decode.ts reads the whole frame at 1280 wide and the aiming rectangle from the
 * full frame). `ideal`, not `exact`: a 1280x720 or 640x480 webcam still starts (and reads less well) instead of
 * failing.
 */
export function cameraConstraints(deviceId?: string): MediaTrackConstraints {
  return {
    width: { ideal: 1920 },
    height: { ideal: 1080 },
    ...(deviceId ? { deviceId: { exact: deviceId } } : { facingMode: { ideal: 'environment' } }),
  };
}

/**
 * Continuous autofocus where the track offers it: many webcams start in a fixed focus that blurs a label held
 * at reading distance. Not a getUserMedia constraint (browsers without focusMode would reject it), so it is
 * applied after the track started, only when its capabilities list it; a refusal changes nothing.
 */
export async function preferContinuousFocus(track: MediaStreamTrack): Promise<void> {
  const capabilities = (typeof track.getCapabilities === 'function' ? track.getCapabilities() : {}) as { focusMode?: string[] };
  if (!capabilities.focusMode?.includes('continuous')) return;
  try {
    await track.applyConstraints({ advanced: [{ focusMode: 'continuous' } as MediaTrackConstraintSet] });
  } catch {
    // The camera keeps its own focus.
  }
}
