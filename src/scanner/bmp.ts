/**
 * A greyscale frame as an 8-bit BMP, for quagga2's decodeSingle in the browser (it loads an image from a URL; see
 * frame-decode.ts). BMP because it is the one format every browser decodes that needs no compression: written
 * here in a few lines, it costs a copy of the pixels, where a canvas PNG encode of a 1280x720 frame costs tens of
 * milliseconds. Pure, so it is tested in Node.
 */
import type { GreyFrame } from './frame-decode';

const FILE_HEADER = 14;
const INFO_HEADER = 40;
const PALETTE = 256 * 4;

export function greyBmp(frame: GreyFrame): Uint8Array {
  const { width, height, data } = frame;
  // Each row is padded to a multiple of 4 bytes.
  const stride = (width + 3) & ~3;
  const offset = FILE_HEADER + INFO_HEADER + PALETTE;
  const out = new Uint8Array(new ArrayBuffer(offset + stride * height));
  const view = new DataView(out.buffer);
  out[0] = 0x42; // 'B'
  out[1] = 0x4d; // 'M'
  view.setUint32(2, out.length, true);
  view.setUint32(10, offset, true);
  view.setUint32(14, INFO_HEADER, true);
  view.setInt32(18, width, true);
  // A negative height stores the rows top-down, in the frame's own order.
  view.setInt32(22, -height, true);
  view.setUint16(26, 1, true); // planes
  view.setUint16(28, 8, true); // bits per pixel
  view.setUint32(30, 0, true); // BI_RGB, uncompressed
  view.setUint32(34, stride * height, true);
  view.setUint32(46, 256, true); // colours in the palette
  for (let v = 0; v < 256; v++) {
    const p = FILE_HEADER + INFO_HEADER + v * 4;
    out[p] = v;
    out[p + 1] = v;
    out[p + 2] = v;
  }
  for (let y = 0; y < height; y++) out.set(data.subarray(y * width, (y + 1) * width), offset + y * stride);
  return out;
}
