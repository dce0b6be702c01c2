/**
 * Exactly once (DESIGN.md, Commands): a command retried after a failure must plan as its clean run did, not from a
 * workbook that its own half-done write already changed. Office.js has no transactions, so the earlier attempt may
 * have left any prefix of its batch behind. Every row a command appends carries an id made before the first
 * attempt, and every status change it makes is logged with the status it came from; so the tables as they were
 * before the first attempt can be recovered from what it recorded. `rewind` does that, and the command then plans
 * and writes again: the adapter skips appended rows that are already there and rewrites updated cells with the same
 * values, so the retry ends as the clean run would have.
 */
import { STATUS_CHANGE_ACTION } from '../domain/ledger';
import { LOT_STATUSES, type LotStatus } from '../domain/types';
import type { TableSnapshot } from './ports';

export interface OwnRecords {
  /** Ids of the Movements, Log and Shipments rows this command writes (or is, with `isOwn`). */
  readonly ids?: readonly string[];
  /** For ids derived from an operation id (a count's movements are `${countId}/...`). */
  readonly isOwn?: (id: string) => boolean;
}

type Rewindable = { readonly Lots?: TableSnapshot<'Lots'>; readonly Movements?: TableSnapshot<'Movements'>; readonly Log?: TableSnapshot<'Log'>; readonly Shipments?: TableSnapshot<'Shipments'> };

function without<T extends { readonly rows: readonly { readonly id: string }[]; readonly rowNumbers: readonly number[] }>(table: T, own: (id: string) => boolean): T {
  if (!table.rows.some((r) => own(r.id))) return table;
  const keep = table.rows.map((r) => !own(r.id));
  return { ...table, rows: table.rows.filter((_, i) => keep[i]), rowNumbers: table.rowNumbers.filter((_, i) => keep[i]) };
}

/** The tables as they were before this command's first attempt, as far as the command's own records tell. */
/** What rewind reads of Log rows (besides their id): a command that rewinds need not read the rest. */
export const OWN_LOG_FIELDS = ['action', 'table', 'key', 'from'] as const;

export function rewind<T extends Rewindable>(tables: T, records: OwnRecords): T {
  const ids = new Set(records.ids ?? []);
  const own = (id: string) => ids.has(id) || (records.isOwn?.(id) ?? false);
  const out = { ...tables } as { -readonly [K in keyof T]: T[K] };
  if (tables.Movements) out.Movements = without(tables.Movements, own) as T['Movements'];
  if (tables.Shipments) out.Shipments = without(tables.Shipments, own) as T['Shipments'];
  if (tables.Log) {
    const mine = tables.Log.rows.filter((l) => own(l.id) && l.action === STATUS_CHANGE_ACTION && l.table === 'Lots');
    out.Log = without(tables.Log, own) as T['Log'];
    if (mine.length && tables.Lots) {
      // The status each lot had before this command changed it, oldest change last so that it wins.
      const before = new Map<string, LotStatus>();
      for (const l of [...mine].reverse()) if ((LOT_STATUSES as readonly string[]).includes(l.from)) before.set(l.key.trim().toLowerCase(), l.from as LotStatus);
      out.Lots = { ...tables.Lots, rows: tables.Lots.rows.map((lot) => {
        const was = before.get(`${lot.sku} / ${lot.lot}`.trim().toLowerCase());
        return was && was !== lot.status ? { ...lot, status: was } : lot;
      }) } as T['Lots'];
    }
  }
  return out as T;
}
