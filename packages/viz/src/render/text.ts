/** Text helpers shared by every picture: escaping and compact number/shape/byte formats. */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Characters XML 1.0 forbids (controls, lone surrogates, U+FFFE/U+FFFF): one makes a whole SVG unreadable. */
const NOT_XML = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

/**
 * Escapes text for XML/HTML content and attribute values. Every piece of user-controlled text
 * (names, labels, titles) goes through this, so a label can never inject markup; characters XML
 * cannot hold become U+FFFD, so a label can never make the picture unparseable either.
 */
export function escapeXml(text: unknown): string {
  return String(text).replace(/[&<>"']/g, (c) => ENTITIES[c]).replace(NOT_XML, '\ufffd');
}

/** A number in at most 4 significant digits, exponent form when very large or small. */
export function formatNumber(v: number | null): string {
  if (v === null) return '–';
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(2);
  return String(Number(v.toPrecision(4)));
}

/** A number in at most 3 significant digits with a compact exponent (`1.2e-5`), for labels in small cells. */
export function formatShort(v: number): string {
  if (!Number.isFinite(v)) return formatNumber(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a >= 1e4 || a < 1e-2) return v.toExponential(1).replace(/\.0e/, 'e').replace('e+', 'e');
  return String(Number(v.toPrecision(3)));
}

/** `[2, 3]`-style shape. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** Bytes in B/kB/MB/GB (powers of 1000). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) { v /= 1000; u++; }
  return `${u === 0 ? v : Number(v.toPrecision(3))} ${units[u]}`;
}

/** Large counts with SI suffixes: 1.2k, 3.4M, 5.6G. */
export function formatCount(n: number): string {
  const units = ['', 'k', 'M', 'G', 'T', 'P'];
  let v = n;
  let u = 0;
  while (Math.abs(v) >= 1000 && u < units.length - 1) { v /= 1000; u++; }
  return `${u === 0 ? v : Number(v.toPrecision(3))}${units[u]}`;
}

/** Rough rendered width of a label in pixels at the given font size (no DOM to measure). */
export function textWidth(text: string, fontSize = 12): number {
  return Math.ceil(text.length * fontSize * 0.62);
}
