/**
 * Reads a `=LOTBOOK.NAME(arg, ...)` formula as typed into the playground's formula bar: arguments are text in
 * double quotes ("" for a quote inside), numbers, TRUE/FALSE, or left out (`=LOTBOOK.ONHAND("A",,"B")`). General
 * Excel formulas (cell references, operators, other functions) are not Lotbook's to evaluate and are refused.
 * Hand-written: a dozen lines of tokenizing; an Excel formula engine (e.g. HyperFormula) would be a large
 * dependency for a playground that only evaluates Lotbook's own functions.
 */
import { FN_WORDS } from './words';

export type ParsedFormula = { readonly ok: true; readonly name: string; readonly args: unknown[] } | { readonly ok: false; readonly message: string };

export function parseLotbookFormula(text: string): ParsedFormula {
  const m = /^\s*=\s*LOTBOOK\.([A-Za-z0-9]+)\s*\(([\s\S]*)\)\s*$/i.exec(text);
  if (!m) return { ok: false, message: FN_WORDS.notAFormula };
  const body = m[2]!;
  const args: unknown[] = [];
  let i = 0;
  const fail = (why: string): ParsedFormula => ({ ok: false, message: FN_WORDS.badFormula(why) });
  if (body.trim() === '') return { ok: true, name: m[1]!.toUpperCase(), args };
  for (;;) {
    while (body[i] === ' ') i++;
    if (body[i] === '"') {
      let s = '';
      i++;
      for (;;) {
        if (i >= body.length) return fail('a text argument has no closing quote');
        if (body[i] === '"') {
          if (body[i + 1] === '"') {
            s += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        s += body[i++];
      }
      args.push(s);
    } else {
      const end = body.indexOf(',', i);
      const raw = body.slice(i, end < 0 ? body.length : end).trim();
      i = end < 0 ? body.length : end;
      if (raw === '') args.push(undefined);
      else if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(raw)) args.push(Number(raw));
      else if (/^(true|false)$/i.test(raw)) args.push(raw.toLowerCase() === 'true');
      else return fail(`${raw} is not text in quotes or a number (cell references and other functions work in Excel, not here)`);
    }
    while (body[i] === ' ') i++;
    if (i >= body.length) break;
    if (body[i] !== ',') return fail(`unexpected ${body[i]} after an argument`);
    i++;
  }
  return { ok: true, name: m[1]!.toUpperCase(), args };
}
