/**
 * Text written into text-formatted ("@") cells, right under every reading of what Microsoft leaves undocumented
 * (docs/office-fake.md, "Undocumented behaviours"):
 * - whether a leading apostrophe written through `Range.values` into an "@" cell is dropped (as when typing into a
 *   General cell) or kept as a visible character;
 * - whether text starting with "=" written into an "@" cell stays text or becomes a formula.
 *
 * An "@" cell keeps digits, dates and "+" or "-" text as they are, so only text that starts with an apostrophe or
 * "=" is at risk. Such text is written in the form that is safe under every reading (never a formula), read back in
 * the same round trip, and repaired when Excel kept what it should have dropped. What the repair teaches is kept
 * for the rest of the session, so the next write takes the exact form first. Under the one reading where no form
 * is exact (apostrophe kept and "=" text turned into a formula), the cell keeps a visible apostrophe: safe, and
 * visibly not a formula.
 */
import { officeCode } from './errors';
import type { CellValue, XlRange, XlRequestContext } from './office-subset';

/** A generous size of one mended cell in Office's request (object path, action, the text as JSON, UTF-8). */
const cellBytes = (text: string) => 300 + 3 * text.length;

/** What this session has learned of Excel's undocumented behaviour; unknown until a write shows it. */
export interface TextCellLearning {
  apostropheKept?: boolean;
  formulaInText?: boolean;
}

/** Text that an "@" cell might not keep as written. */
export function atRisk(s: string): boolean {
  return s.startsWith("'") || s.startsWith('=');
}

/** The value to write for text `s` into an "@" cell. */
export function textFormattedCell(s: string, learned: TextCellLearning): string {
  if (s.startsWith("'")) return learned.apostropheKept ? s : `'${s}`;
  if (s.startsWith('=')) return learned.formulaInText === false ? s : `'${s}`;
  return s;
}

interface Check {
  readonly block: XlRange;
  readonly row: number;
  readonly col: number;
  readonly text: string;
  /** The cell again, for a repair in a later round trip, where it may have moved since (a sorted table). */
  readonly again?: () => XlRange | undefined;
}

/**
 * Collects the at-risk cells of blocks written in one sync; `watch` queues a read of the block in that same sync
 * (after its write), and `repair` mends what Excel did not keep, in as few round trips as the learning needs.
 */
export class TextCellChecks {
  private readonly checks: Check[] = [];
  private readonly reads = new Map<XlRange, XlRange>();
  private sentCount = 0;

  constructor(private readonly learned: TextCellLearning) {}

  /**
   * `block` was just given `values`; `texts(r, c)` is the intended text of a text cell, or undefined. `again(r, c)`
   * finds a cell anew for the repair (its row found by its key), rather than at the place it was written; undefined
   * where it cannot.
   */
  watch(block: XlRange, rows: number, cols: number, texts: (r: number, c: number) => string | undefined, again?: (r: number, c: number) => XlRange | undefined): void {
    let any = false;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const t = texts(r, c);
        if (t === undefined || !atRisk(t)) continue;
        this.checks.push({ block, row: r, col: c, text: t, ...(again ? { again: () => again(r, c) } : {}) });
        any = true;
      }
    }
    if (any && !this.reads.has(block)) this.reads.set(block, block.load('values'));
  }

  /** The checks watched so far went out in a sync that Excel ran. */
  sent(): void {
    this.sentCount = this.checks.length;
  }

  /**
   * Forgets the checks watched since the last `sent()`: their request was refused and not run (a chunk sent again in
   * halves is watched again).
   */
  dropUnsent(): void {
    this.checks.length = this.sentCount;
    const kept = new Set(this.checks.map((c) => c.block));
    for (const block of [...this.reads.keys()]) if (!kept.has(block)) this.reads.delete(block);
  }

  /** Forgets the checks of these blocks: what was written there has been put back (row-updates.ts). */
  forget(blocks: ReadonlySet<XlRange>): void {
    const keep = this.checks.filter((c) => !blocks.has(c.block));
    this.sentCount -= this.checks.slice(0, this.sentCount).filter((c) => blocks.has(c.block)).length;
    this.checks.length = 0;
    this.checks.push(...keep);
    for (const block of blocks) this.reads.delete(block);
  }

  get pending(): boolean {
    return this.checks.length > 0;
  }

  /** After the sync that wrote and read the blocks: mend the cells that do not hold their text. */
  async repair(context: XlRequestContext, budget = 1_000_000): Promise<void> {
    const wrong = this.checks.filter((c) => this.reads.get(c.block)!.values[c.row]?.[c.col] !== c.text);
    this.checks.length = 0;
    this.sentCount = 0;
    this.reads.clear();
    if (wrong.length === 0) return;
    // Only an "@" cell that kept the apostrophe can hold "'" + text: that is what Excel did.
    this.learned.apostropheKept = true;
    const cell = (c: Check) => c.again?.() ?? c.block.getCell(c.row, c.col);
    const formulas = wrong.filter((c) => c.text.startsWith('='));
    if (formulas.length && this.learned.formulaInText === undefined) {
      // Ask Excel with a harmless formula in the cell about to be mended.
      const probe = cell(formulas[0]!);
      probe.values = [['=0']];
      const read = probe.load('values');
      await context.sync();
      this.learned.formulaInText = read.values[0]?.[0] !== '=0';
    }
    // Many cells can need mending (a whole column of "=" text): in requests under the budget, one sync each, and
    // in halves again if Excel refuses one as too big (a refused request was not run).
    let limit = budget;
    for (let i = 0; i < wrong.length; ) {
      let used = 0;
      const start = i;
      for (; i < wrong.length && (i === start || used + cellBytes(wrong[i]!.text) <= limit); i++) {
        used += cellBytes(wrong[i]!.text);
        cell(wrong[i]!).values = [[textFormattedCell(wrong[i]!.text, this.learned) as CellValue]];
      }
      try {
        // eslint-disable-next-line office-addins/no-context-sync-in-loop
        await context.sync();
      } catch (e) {
        if (officeCode(e) !== 'RequestPayloadSizeLimitExceeded' || i - start === 1) throw e;
        limit = used / 2;
        i = start;
      }
    }
  }
}
