/**
 * Row ids. Every row a use case writes carries an id made when the user starts the operation (not when it is
 * saved), so that a retried save — double click, failed sync, reload — writes the same ids and the adapter skips
 * rows that are already there.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base 32: no I, L, O, U to misread on paper

/** `M-20261130-7K3F9Q2A`: a prefix, the local date, and 8 random base-32 characters (40 bits). */
export function newId(prefix: string, now: Date = new Date(), random: () => number = Math.random): string {
  const day = `${now.getFullYear()}${String(now.getMonth() + 1).padStart(2, '0')}${String(now.getDate()).padStart(2, '0')}`;
  let tail = '';
  for (let i = 0; i < 8; i++) tail += ALPHABET[Math.floor(random() * 32)];
  return `${prefix}-${day}-${tail}`;
}
