/**
 * Base64 of little-endian typed arrays, the same in Node and the browser (no Buffer, no atob),
 * so both ends of a payload share one implementation.
 */
import type { EncodedArray, WireDtype } from './types';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i;

/** True on little-endian hosts (all current JS engines); big-endian hosts get a byte swap. */
const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Typed array class for each wire dtype. */
export type WireArray = Float32Array | Float64Array | Int32Array | Uint8Array;
const CONSTRUCTORS = { float32: Float32Array, float64: Float64Array, int32: Int32Array, uint8: Uint8Array } as const;

/** Bytes per element of a wire dtype. */
export function bytesPerElement(dtype: WireDtype): number {
  return CONSTRUCTORS[dtype].BYTES_PER_ELEMENT;
}

/** Encodes bytes as standard base64 (with `=` padding). */
export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  const CHUNK = 3 * 4096; // build the string in pieces: one huge concatenation is slow
  for (let start = 0; start < bytes.length; start += CHUNK) {
    const end = Math.min(start + CHUNK, bytes.length);
    let out = '';
    let i = start;
    for (; i + 2 < end; i += 3) {
      const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
      out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + ALPHABET[n & 63];
    }
    if (end - i === 1) {
      const n = bytes[i] << 16;
      out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + '==';
    } else if (end - i === 2) {
      const n = (bytes[i] << 16) | (bytes[i + 1] << 8);
      out += ALPHABET[n >> 18] + ALPHABET[(n >> 12) & 63] + ALPHABET[(n >> 6) & 63] + '=';
    }
    parts.push(out);
  }
  return parts.join('');
}

/** Decodes standard base64; throws on characters outside the alphabet or a bad length. */
export function base64ToBytes(text: string): Uint8Array {
  if (text.length % 4 !== 0) throw new Error(`base64: length ${text.length} is not a multiple of 4`);
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    let n = 0;
    for (let k = 0; k < 4; k++) {
      const c = text.charCodeAt(i + k);
      const v = c === 61 /* = */ && i + k >= text.length - padding ? 0 : c < 128 ? LOOKUP[c] : -1;
      if (v < 0) throw new Error(`base64: invalid character at offset ${i + k}`);
      n = (n << 6) | v;
    }
    if (o < out.length) out[o++] = n >> 16;
    if (o < out.length) out[o++] = (n >> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}

function littleEndianBytes(array: WireArray): Uint8Array {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  if (HOST_LITTLE_ENDIAN || array.BYTES_PER_ELEMENT === 1) return bytes;
  const swapped = new Uint8Array(bytes.length);
  const w = array.BYTES_PER_ELEMENT;
  for (let i = 0; i < bytes.length; i += w) for (let k = 0; k < w; k++) swapped[i + k] = bytes[i + w - 1 - k];
  return swapped;
}

function wireDtypeOf(array: WireArray): WireDtype {
  if (array instanceof Float32Array) return 'float32';
  if (array instanceof Float64Array) return 'float64';
  if (array instanceof Int32Array) return 'int32';
  return 'uint8';
}

/** Encodes a typed array (row-major, of the given shape) for the wire. */
export function encodeArray(array: WireArray, shape: readonly number[]): EncodedArray {
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== array.length) {
    throw new Error(`encodeArray: shape [${shape.join(', ')}] holds ${size} elements but the array has ${array.length}`);
  }
  return { dtype: wireDtypeOf(array), shape: [...shape], data: bytesToBase64(littleEndianBytes(array)) };
}

/** Decodes an {@link EncodedArray} to a typed array; throws if the byte count does not match the shape. */
export function decodeArray(encoded: EncodedArray): WireArray {
  const Ctor = CONSTRUCTORS[encoded.dtype];
  if (!Ctor) throw new Error(`decodeArray: unknown dtype '${String(encoded.dtype)}'`);
  const bytes = base64ToBytes(encoded.data);
  const size = encoded.shape.reduce((a, b) => a * b, 1);
  if (bytes.length !== size * Ctor.BYTES_PER_ELEMENT) {
    throw new Error(
      `decodeArray: shape [${encoded.shape.join(', ')}] of ${encoded.dtype} needs ${size * Ctor.BYTES_PER_ELEMENT} bytes, data has ${bytes.length}`,
    );
  }
  const aligned = bytes; // a fresh buffer at offset 0, so any element size is aligned
  if (!HOST_LITTLE_ENDIAN && Ctor.BYTES_PER_ELEMENT > 1) {
    const w = Ctor.BYTES_PER_ELEMENT;
    for (let i = 0; i < aligned.length; i += w) aligned.subarray(i, i + w).reverse();
  }
  return new Ctor(aligned.buffer, 0, size);
}
