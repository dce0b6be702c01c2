/**
 * The JSON size of a value without building the JSON: Excel on the web limits each request and response to
 * 5 MB, and a 1,000,000-row read must be measured without a 100 MB string. Sizes are in UTF-16 code units,
 * the same as `JSON.stringify(value).length` (a few percent under UTF-8 bytes for non-ASCII text).
 */

const NEEDS_ESCAPE = /["\\\u0000-\u001f]/;

export function jsonSize(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return stringSize(value);
    case 'number':
      return numberSize(value);
    case 'boolean':
      return value ? 4 : 5;
    case 'object':
      if (value === null) return 4;
      if (Array.isArray(value)) return arraySize(value);
      return objectSize(value as Record<string, unknown>);
    default:
      return 0;
  }
}

function arraySize(items: readonly unknown[]): number {
  let size = 2 + Math.max(0, items.length - 1);
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    // JSON.stringify writes undefined and functions inside arrays as null.
    size += item === undefined || typeof item === 'function' ? 4 : jsonSize(item);
  }
  return size;
}

function objectSize(obj: Record<string, unknown>): number {
  let size = 2;
  let count = 0;
  for (const key of Object.keys(obj)) {
    const item = obj[key];
    if (item === undefined || typeof item === 'function') continue;
    size += stringSize(key) + 1 + jsonSize(item);
    count++;
  }
  return size + Math.max(0, count - 1);
}

function stringSize(s: string): number {
  let size = s.length + 2;
  if (!NEEDS_ESCAPE.test(s)) return size;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code === 0x22 || code === 0x5c || code === 0x08 || code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d) size += 1;
    else if (code < 0x20) size += 5;
  }
  return size;
}

function numberSize(n: number): number {
  if (!Number.isFinite(n)) return 4;
  if (Number.isInteger(n) && Math.abs(n) < 1e21) {
    let a = Math.abs(n);
    let digits = 1;
    while (a >= 10) {
      a /= 10;
      digits++;
    }
    // Dividing can land a hair under a power of ten; String() is exact, so let it settle the rare doubt.
    if (Math.abs(n) >= 1e15) return String(n).length;
    return digits + (n < 0 ? 1 : 0);
  }
  return String(n).length;
}
