/**
 * QC release (issue 3): a QA lead releases a quarantined lot, rejects it or puts it on hold, with a reason and a
 * COA reference. The Lots row gets the new status (and the COA reference) and the Log a row with who, when, from,
 * to and why, in one batch. The status rules are domain/ledger.ts changeStatus; this file only refuses what it
 * refuses, in its words.
 *
 * The Log entry id is made when the QA lead opens the decision (kept by the pane), so a retried save writes one
 * Log row and an already-applied change is reported as done, not refused as "already released".
 */
import { lotKey } from '../domain/codec';
import type { TableProblem } from '../domain/codec';
import { nowIsoDateTime } from '../domain/dates';
import { allowedStatusChanges, changeStatus, effectiveStatus, onHandByLot } from '../domain/ledger';
import { rulesOf, type Rules } from '../domain/rules';
import type { EffectiveLotStatus, IsoDate, IsoDateTime, Lot, LotStatus, Product, Qty } from '../domain/types';
import { OWN_LOG_FIELDS, rewind } from './own-effects';
import { WorkbookError, type Snapshot, type TableSnapshot, type WorkbookPort } from './ports';

/** The decisions a QA lead takes in the Lots pane. Recall has its own flow (a recall trace). */
export const QC_DECISIONS = ['released', 'hold', 'rejected'] as const satisfies readonly LotStatus[];
export type QcDecision = (typeof QC_DECISIONS)[number];

export interface QcInput {
  readonly sku: string;
  readonly lot: string;
  readonly to: QcDecision;
  readonly why: string;
  /** The certificate of analysis the decision rests on; blank keeps the lot's recorded COA. */
  readonly coaRef: string;
}

export interface QcContext {
  readonly user: string;
  /** Default: the clock. */
  readonly now?: IsoDateTime;
  /** The Log entry's id, made when the decision was opened (domain/ids.ts newId). */
  readonly logId: string;
}

export type QcErrorCode =
  | 'lot-not-found'
  | 'lot-row-bad'
  | 'log-table-problem'
  | 'same-status'
  | 'reason-required'
  | 'not-allowed'
  | 'coa-required'
  | 'table-filtered';

/** The field of the decision form a refusal is about, so that the pane shows it there. */
export type QcField = 'why' | 'coaRef';

export interface QcRefusal {
  readonly ok: false;
  readonly code: QcErrorCode;
  readonly message: string;
  readonly field?: QcField;
  readonly problems?: readonly TableProblem[];
}

export interface QcDone {
  readonly ok: true;
  readonly lot: Lot;
  readonly from: LotStatus;
  /** The change was written by an earlier attempt with the same Log id: nothing new was written. */
  readonly alreadySaved: boolean;
}

export type QcResult = QcDone | QcRefusal;

const FIELD_OF: Partial<Record<QcErrorCode, QcField>> = { 'reason-required': 'why', 'coa-required': 'coaRef' };

const refuse = (code: QcErrorCode, message: string, problems?: readonly TableProblem[]): QcRefusal => {
  const field = FIELD_OF[code];
  return { ok: false, code, message, ...(field ? { field } : {}), ...(problems ? { problems } : {}) };
};

/**
 * Applies one QC decision: fresh read, decide, one write. A lot is released only against a COA (given now or
 * already on the lot): releasing untested material is what quarantine exists to prevent. A brand whose QA releases
 * on its own tests turns that off in Settings (`releaseNeedsCoa` no).
 */
export async function decideLot(workbook: WorkbookPort, input: QcInput, ctx: QcContext): Promise<QcResult> {
  const name = `${input.sku} / ${input.lot}`;
  try {
    return await workbook.transact(async (tx) => {
      // Of Log (which grows with every decision and count), only what finds this decision's own rows.
      const read = await tx.read(['Lots', 'Log', 'Settings'], { columns: { Log: OWN_LOG_FIELDS } });
      const logged = read.Log.rows.find((l) => l.id === ctx.logId);
      // A retry plans from the workbook as it was before its first attempt (own-effects.ts), and completes it.
      const t = rewind(read, { ids: [ctx.logId] });
      const key = lotKey(input.sku, input.lot);
      if (t.Lots.badKeys.has(key)) {
        const problems = t.Lots.problems.filter((p) => p.lotKey === key);
        const where = problems.slice(0, 3).map((p) => `${p.address}: ${p.message}`).join(' ');
        return refuse('lot-row-bad', `The Lots row of ${name} has problems; fix it in Excel first. ${where}`, problems);
      }
      const lot = t.Lots.rows.find((l) => l.sku === input.sku && l.lot === input.lot);
      if (!lot) return refuse('lot-not-found', `Lot ${name} is not in Lots (was it renamed or deleted in Excel?).`);
      // A Log whose Entry ID column is gone cannot tell a retry from a new change: refuse rather than log twice.
      const logMissing = t.Log.problems.filter((p) => p.code === 'missing-column');
      if (logMissing.length) return refuse('log-table-problem', `The Log table is missing columns: ${logMissing.map((p) => p.message).join(' ')} Set the workbook up in the Workbook pane.`, logMissing);

      const coa = input.coaRef.trim();
      if (input.to === 'released' && coa === '' && lot.coaRef.trim() === '' && rulesOf(t.Settings.rows).releaseNeedsCoa) {
        return refuse('coa-required', `Enter the COA reference that lot ${name} is released against.`);
      }
      const why = input.why.trim();
      const reason = coa !== '' && coa !== lot.coaRef ? `${why}${why ? ' ' : ''}(COA ${coa})` : why;
      // The rules judge the reason the user typed (a COA reference alone does not say why a lot is held); the Log
      // keeps both.
      const changed = changeStatus(lot, input.to, { user: ctx.user, why, when: ctx.now ?? nowIsoDateTime(), id: ctx.logId });
      if (!changed.ok) return refuse(changed.code, changed.message);
      const log = { ...changed.log, why: reason };
      const next: Lot = coa !== '' ? { ...changed.lot, coaRef: coa } : changed.lot;
      await tx.write({ update: { Lots: [next] }, append: { Log: [log] } });
      return { ok: true, lot: next, from: lot.status, alreadySaved: logged !== undefined };
    });
  } catch (e) {
    // The adapter refuses to write into a filtered table (values would land in the wrong rows): this is a
    // situation the QA lead can fix, so it is an answer, not a crash.
    if (e instanceof WorkbookError && e.code === 'table-filtered') return refuse('table-filtered', e.message);
    throw e;
  }
}

// ------------------------------------------------------------------------------------------------------ lots view

export interface LotRow {
  readonly lot: Lot;
  readonly product: Product | undefined;
  /** From the ledger (Movements), not the stored On Hand column. */
  readonly onHand: Qty;
  readonly status: EffectiveLotStatus;
  /** The decisions the rules allow from the lot's status. */
  readonly decisions: readonly QcDecision[];
  /** The stored On Hand disagrees with the ledger (someone edited it, or a write was interrupted). */
  readonly onHandDiffers: boolean;
}

export interface LotsView {
  readonly rows: readonly LotRow[];
  readonly problems: readonly TableProblem[];
  /** The rules the pane follows: whether a release needs a COA, the label size (Settings). */
  readonly rules: Pick<Rules, 'releaseNeedsCoa' | 'labelStock'>;
}

export type LotsTables = Snapshot<'Products' | 'Lots' | 'Movements'> & { readonly Settings?: TableSnapshot<'Settings'> };

export function lotsView(t: LotsTables, today: IsoDate): LotsView {
  const onHand = onHandByLot(t.Movements.rows);
  const bySku = new Map(t.Products.rows.map((p) => [p.sku, p]));
  const rows = t.Lots.rows.map((lot): LotRow => {
    const q = onHand.get(lotKey(lot.sku, lot.lot)) ?? (0 as Qty);
    return {
      lot,
      product: bySku.get(lot.sku),
      onHand: q,
      status: effectiveStatus(lot, today),
      decisions: QC_DECISIONS.filter((d) => allowedStatusChanges(lot.status).includes(d)),
      onHandDiffers: lot.onHand !== null && lot.onHand !== q,
    };
  });
  const rules = rulesOf(t.Settings?.rows);
  return { rows, problems: [...t.Lots.problems, ...t.Movements.problems], rules: { releaseNeedsCoa: rules.releaseNeedsCoa, labelStock: rules.labelStock } };
}

export async function readLotsView(workbook: WorkbookPort, today: IsoDate): Promise<LotsView> {
  return lotsView(await workbook.transact((tx) => tx.read(['Products', 'Lots', 'Movements', 'Settings'])), today);
}

export type StatusFilter = LotStatus | 'expired' | 'all';

const STATUS_ORDER: Readonly<Record<EffectiveLotStatus, number>> = { quarantine: 0, hold: 1, released: 2, expired: 3, recalled: 4, rejected: 5 };

/**
 * The lots a QA lead asked for: by status ('all' for every lot) and a search over lot code, SKU, supplier lot and
 * supplier (case-insensitive). Lots waiting for a decision come first (quarantine, then hold), then by expiry.
 */
export function filterLots(rows: readonly LotRow[], filter: { readonly status: StatusFilter; readonly search: string }): LotRow[] {
  const q = filter.search.trim().toLowerCase();
  return rows
    .filter((r) => filter.status === 'all' || r.status === filter.status)
    .filter((r) => q === '' || [r.lot.lot, r.lot.sku, r.lot.supplierLot, r.lot.supplier].some((s) => s.toLowerCase().includes(q)))
    .sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || (a.lot.expiry ?? '9999').localeCompare(b.lot.expiry ?? '9999') || a.lot.lot.localeCompare(b.lot.lot));
}
