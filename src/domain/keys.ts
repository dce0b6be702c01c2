/**
 * The one key identity (issue 13): two SKUs, lot codes or ids are the same key when they are equal after outer
 * spaces are dropped and case is folded. People type `ash-2407-a` for `ASH-2407-A`, and Excel's own lookups
 * (MATCH, a filter) ignore case too; a lot is never two lots because of how it was typed. The codec, the use cases
 * and the adapter all ask this module, so that what the planner calls "new" is exactly what the adapter appends.
 */

/** The form of a key value that identity is decided on. */
export function keyText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value).trim().toLowerCase();
}

export function sameKey(a: unknown, b: unknown): boolean {
  return keyText(a) === keyText(b);
}

/** A composite key (SKU + lot, shipment + line) in identity form. */
export function compositeKeyText(parts: readonly unknown[]): string {
  return parts.map(keyText).join('\u0000');
}

/** The first item whose key fields equal `wanted`'s under the key identity. */
export function findByKey<T>(items: readonly T[], keyOf: (item: T) => readonly unknown[], wanted: readonly unknown[]): T | undefined {
  const k = compositeKeyText(wanted);
  return items.find((item) => compositeKeyText(keyOf(item)) === k);
}
