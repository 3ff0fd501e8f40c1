/**
 * A minimal PNG writer (8-bit RGB, deflate from fflate) for heatmaps too large to draw as one
 * SVG rectangle per cell. Works in Node and the browser.
 */
import { zlibSync } from 'fflate';
import { bytesToBase64 } from '../payload/base64';

const CRC_TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 255] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** Encodes `width × height` RGB pixels (row-major, 3 bytes each) as PNG bytes. */
export function encodePng(width: number, height: number, rgbPixels: Uint8Array): Uint8Array {
  if (rgbPixels.length !== width * height * 3) throw new Error(`encodePng: ${width}x${height} RGB needs ${width * height * 3} bytes, got ${rgbPixels.length}`);
  const header = new Uint8Array(13);
  const hv = new DataView(header.buffer);
  hv.setUint32(0, width);
  hv.setUint32(4, height);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit depth, truecolour, deflate, no filter method, no interlace
  const raw = new Uint8Array(height * (1 + width * 3)); // each row: filter byte 0, then pixels
  for (let y = 0; y < height; y++) raw.set(rgbPixels.subarray(y * width * 3, (y + 1) * width * 3), y * (1 + width * 3) + 1);
  const parts = [Uint8Array.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', zlibSync(raw, { level: 9 })), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

/** A PNG as a `data:` URI. */
export function pngDataUri(width: number, height: number, rgbPixels: Uint8Array): string {
  return `data:image/png;base64,${bytesToBase64(encodePng(width, height, rgbPixels))}`;
}
