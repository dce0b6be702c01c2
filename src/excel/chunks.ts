/**
 * Round trips under Excel on the web's 5 MB limit: work queued in groups that fit, one sync per group, and a group
 * Excel refuses as too big sent again in halves (docs/excel-facts.md, "Request size").
 */
import { officeCode } from './errors';
import type { XlRequestContext } from './office-subset';

/**
 * Queues work in groups whose estimated size fits the budget, one sync per group. Excel on the web refuses
 * requests and responses over 5 MB, so big reads and writes must be split; this is where they sync in
 * a loop, and it does so on purpose. With `halving`, a request Excel refuses as too big is sent again in smaller
 * parts; the caller must have nothing else queued when it calls, since only the items are queued again.
 */
export async function inChunks<T>(context: XlRequestContext, items: readonly T[], budget: number, bytesOf: (t: T) => number, queue: (t: T) => void, afterSync?: () => void, halving?: Halving<T>): Promise<void> {
  const list = halving ? [...items] : items;
  // Lowered after a refusal, for the rest of the items: the estimates were wrong for this data.
  let limit = budget;
  let i = 0;
  while (i < list.length) {
    if (halving && limit < budget) {
      for (let parts; bytesOf(list[i]!) > limit && (parts = halving.split(list[i]!)); ) (list as T[]).splice(i, 1, ...parts);
    }
    let used = 0;
    const start = i;
    while (i < list.length && (i === start || used + bytesOf(list[i]!) <= limit)) {
      used += bytesOf(list[i]!);
      queue(list[i]!);
      i++;
    }
    try {
      // One round trip per chunk is the point here: Excel on the web refuses more than 5 MB in one.
      // eslint-disable-next-line office-addins/no-context-sync-in-loop
      await context.sync();
    } catch (e) {
      // A request Excel refused as too big was not run at all (the estimate was wrong): send the same items again
      // in halves. Only requests: a response over the limit means the commands ran, and must not run twice.
      if (!halving || officeCode(e) !== 'RequestPayloadSizeLimitExceeded') throw e;
      halving.refused();
      if (i - start === 1 && !halving.split(list[start]!)) throw e;
      limit = used / 2;
      i = start;
      continue;
    }
    afterSync?.();
  }
}

/**
 * How a write's chunks are sent again when Excel refuses a request as too big: `split` halves one item (a block of
 * rows) or says it cannot be split; `refused` forgets what was queued for the refused request (read-backs).
 */
export interface Halving<T> {
  split(item: T): readonly T[] | undefined;
  refused(): void;
}
