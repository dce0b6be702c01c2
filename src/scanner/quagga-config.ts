/**
 * quagga2 settings, shared by the live camera and the Node tests that decode rendered labels, so both read
 * codes the same way.
 */
import type { QuaggaJSCodeReader, QuaggaJSConfigObject } from '@ericblade/quagga2';

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
 * noisy webcam frames in the probe described in NOTES.md; 640x480 with the defaults decoded none of them.
 */
export const LOCATOR = { halfSample: false, patchSize: 'medium' } as const;

export const FRAME_WIDTH = 1280;
export const FRAME_HEIGHT = 720;

export function liveStreamConfig(target: HTMLElement, deviceId?: string): QuaggaJSConfigObject {
  const constraints: MediaTrackConstraints = {
    width: { ideal: FRAME_WIDTH },
    height: { ideal: FRAME_HEIGHT },
    // `ideal`, not `exact`: a 640x480 webcam still starts (and reads less well) instead of failing.
    ...(deviceId ? { deviceId: { exact: deviceId } } : { facingMode: { ideal: 'environment' } }),
  };
  return {
    inputStream: { type: 'LiveStream', target, constraints, willReadFrequently: true },
    locator: { ...LOCATOR, willReadFrequently: true },
    locate: true,
    numOfWorkers: 0,
    // Each frame takes a while at 1280x720; a cap keeps the pane responsive on a two-core laptop.
    frequency: 10,
    canvas: { createOverlay: false },
    decoder: { readers: [...CAMERA_READERS] },
  };
}
