/**
 * Typed arrays as base64 text (little-endian whatever the platform), so that a model's
 * numbers fit in JSON at 4/3 of their binary size and decode without parsing a number each.
 */

function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

function fromBase64(text: string, width: number, what: string): DataView {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw new Error(`${what} is not base64`);
  const bytes = Buffer.from(text, 'base64');
  if (bytes.byteLength % width !== 0) throw new Error(`${what} has a partial number`);
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function encodeUint32(values: Uint32Array): string {
  const view = new DataView(new ArrayBuffer(values.length * 4));
  values.forEach((v, i) => {
    view.setUint32(i * 4, v, true);
  });
  return toBase64(new Uint8Array(view.buffer));
}

export function decodeUint32(text: string, what: string): Uint32Array {
  const view = fromBase64(text, 4, what);
  const out = new Uint32Array(view.byteLength / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getUint32(i * 4, true);
  return out;
}

export function encodeFloat32(values: Float32Array): string {
  const view = new DataView(new ArrayBuffer(values.length * 4));
  values.forEach((v, i) => {
    view.setFloat32(i * 4, v, true);
  });
  return toBase64(new Uint8Array(view.buffer));
}

export function decodeFloat32(text: string, what: string): Float32Array {
  const view = fromBase64(text, 4, what);
  const out = new Float32Array(view.byteLength / 4);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(i * 4, true);
  return out;
}

export function encodeUint16(values: Uint16Array): string {
  const view = new DataView(new ArrayBuffer(values.length * 2));
  values.forEach((v, i) => {
    view.setUint16(i * 2, v, true);
  });
  return toBase64(new Uint8Array(view.buffer));
}

export function decodeUint16(text: string, what: string): Uint16Array {
  const view = fromBase64(text, 2, what);
  const out = new Uint16Array(view.byteLength / 2);
  for (let i = 0; i < out.length; i++) out[i] = view.getUint16(i * 2, true);
  return out;
}

/** Bytes need no byte order: Uint8 and Int8 arrays are their own buffer. */
export function encodeBytes(values: Uint8Array | Int8Array): string {
  return toBase64(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
}

export function decodeUint8(text: string, what: string): Uint8Array {
  const view = fromBase64(text, 1, what);
  return new Uint8Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength));
}

export function decodeInt8(text: string, what: string): Int8Array {
  const view = fromBase64(text, 1, what);
  return new Int8Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength));
}
