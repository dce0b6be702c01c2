// Draws Lotbook's ribbon and manifest icons (a teal tile with a white barcode) as PNGs in assets/.
// Run once after changing the design: `node scripts/make-icons.mjs`. Uses only Node's zlib.
// Also draws one icon per ribbon job (src/ribbon/jobs.ts) at every size the manifest refers to: a tile in the job's
// colour with a white glyph, sampled 4x4 per pixel so that the 16 px icons stay legible.
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
};

function icon(size) {
  const bars = [1, 0, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 1, 0, 1, 1, 0, 1];
  const raw = Buffer.alloc(size * (size * 4 + 1));
  const r = size * 0.18;
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      const o = y * (size * 4 + 1) + 1 + x * 4;
      const cx = Math.min(Math.max(x + 0.5, r), size - r);
      const cy = Math.min(Math.max(y + 0.5, r), size - r);
      const inside = Math.hypot(x + 0.5 - cx, y + 0.5 - cy) <= r;
      if (!inside) continue;
      let [R, G, B] = [0x0f, 0x7b, 0x6c];
      const bx = (x + 0.5) / size;
      const by = (y + 0.5) / size;
      if (bx > 0.2 && bx < 0.8 && by > 0.22 && by < 0.62) {
        const i = Math.floor(((bx - 0.2) / 0.6) * bars.length);
        if (bars[i]) [R, G, B] = [255, 255, 255];
      }
      if (bx > 0.2 && bx < 0.8 && by > 0.68 && by < 0.78) [R, G, B] = [255, 255, 255];
      raw[o] = R; raw[o + 1] = G; raw[o + 2] = B; raw[o + 3] = 255;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

for (const size of [16, 32, 64, 80, 128]) writeFileSync(new URL(`../assets/icon-${size}.png`, import.meta.url), icon(size));

// ---------------------------------------------------------------------------------------------- job icons
const seg = (ax, ay, bx, by, w) => (x, y) => {
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - ax - t * dx, y - ay - t * dy) <= w / 2;
};
const rect = (x0, y0, x1, y1) => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
const disc = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) <= r;
const ring = (cx, cy, r, w) => (x, y) => Math.abs(Math.hypot(x - cx, y - cy) - r) <= w / 2;
const tri = (ax, ay, bx, by, cx, cy) => (x, y) => {
  const s = (px, py, qx, qy) => (x - qx) * (py - qy) - (px - qx) * (y - qy);
  const d1 = s(ax, ay, bx, by), d2 = s(bx, by, cx, cy), d3 = s(cx, cy, ax, ay);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
};
const any = (...fs) => (x, y) => fs.some((f) => f(x, y));
const W = 0.11;
const JOB_ICONS = {
  receive: { color: [0x0f, 0x7b, 0x6c], glyph: any(seg(0.5, 0.2, 0.5, 0.5, W), tri(0.3, 0.45, 0.7, 0.45, 0.5, 0.66), rect(0.22, 0.74, 0.78, 0.82)) },
  produce: { color: [0x6b, 0x4f, 0xbb], glyph: any(rect(0.42, 0.18, 0.58, 0.42), tri(0.42, 0.4, 0.58, 0.4, 0.5, 0.4), tri(0.42, 0.4, 0.2, 0.8, 0.8, 0.8), tri(0.42, 0.4, 0.58, 0.4, 0.8, 0.8)) },
  pick: { color: [0x00, 0x5a, 0x9e], glyph: any(seg(0.2, 0.5, 0.62, 0.5, W * 1.2), tri(0.55, 0.28, 0.55, 0.72, 0.82, 0.5)) },
  count: { color: [0x8a, 0x5a, 0x00], glyph: any(rect(0.22, 0.22, 0.78, 0.32), rect(0.22, 0.45, 0.78, 0.55), rect(0.22, 0.68, 0.6, 0.78)) },
  recall: { color: [0xc5, 0x0f, 0x1f], glyph: any(seg(0.5, 0.78, 0.5, 0.5, W), seg(0.5, 0.5, 0.27, 0.24, W), seg(0.5, 0.5, 0.73, 0.24, W), disc(0.5, 0.78, 0.09)) },
  trace: { color: [0xc5, 0x0f, 0x1f], glyph: any(ring(0.43, 0.43, 0.2, W), seg(0.58, 0.58, 0.8, 0.8, W * 1.3)) },
  costs: { color: [0x10, 0x7c, 0x10], glyph: any(ring(0.5, 0.5, 0.27, W), seg(0.5, 0.32, 0.5, 0.68, W)) },
  setup: { color: [0x44, 0x44, 0x44], glyph: any(rect(0.22, 0.22, 0.46, 0.46), rect(0.54, 0.22, 0.78, 0.46), rect(0.22, 0.54, 0.46, 0.78), rect(0.54, 0.54, 0.78, 0.78)) },
};

function jobIcon(size, { color, glyph }) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  const r = 0.18;
  const n = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let tile = 0, white = 0;
      for (let sy = 0; sy < n; sy++) for (let sx = 0; sx < n; sx++) {
        const u = (x + (sx + 0.5) / n) / size, v = (y + (sy + 0.5) / n) / size;
        const cx = Math.min(Math.max(u, r), 1 - r), cy = Math.min(Math.max(v, r), 1 - r);
        if (Math.hypot(u - cx, v - cy) > r) continue;
        tile++;
        if (glyph(u, v)) white++;
      }
      const o = y * (size * 4 + 1) + 1 + x * 4;
      const a = white / Math.max(tile, 1);
      for (let c = 0; c < 3; c++) raw[o + c] = Math.round(color[c] * (1 - a) + 255 * a);
      raw[o + 3] = Math.round((tile / (n * n)) * 255);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; ihdr[9] = 6;
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

// The sizes of ICON_SIZES in src/ribbon/jobs.ts (a test checks that every icon the manifest names exists).
for (const [name, spec] of Object.entries(JOB_ICONS)) {
  for (const size of [16, 20, 24, 32, 40, 48, 64, 80]) writeFileSync(new URL(`../assets/${name}-${size}.png`, import.meta.url), jobIcon(size, spec));
}
