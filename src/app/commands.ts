/**
 * The composition root of the use cases: every command and query a pane, a ribbon button or a custom function
 * can call, built once from the workbook port, the outbox and the bug reporter. Callers never see the port or the
 * outbox; every call goes through the one policy (policy.ts), so a bug is a bug everywhere and only failures that
 * heal are queued.
 */
import { loadCountView, postCount, recordCount, reviewCount, writeCountSheet } from './count';
import { importReceipts, readImportTables } from './csv-import';
import { loadExpiry, markExpiryInLots, writeExpirySheet } from './expiry';
import { previewLotCosts, writeLotCostsReport } from './lot-costs';
import type { MirrorPort } from './cache-port';
import { refreshMirror } from './mirror-sync';
import type { FlushResult, Outbox, SubmitResult } from './outbox';
import { loadPickView, proposePicks, writePickList } from './pick';
import { consoleBugReporter, isRetryable, underPolicy, type BugReporter } from './policy';
import type { WorkbookPort } from './ports';
import { produce, readRunTables } from './produce';
import { decideLot, readLotsView } from './qc';
import { holdAffectedLots, runRecall, writeRecallReport } from './recall';
import { writeFsmaSheet } from './recall-exports';
import { planReceipt, readReceiptFormTables, readReceiptStock, readReceiptTables, receive, type ReceiptContext, type ReceiptFormTables, type ReceiptInput, type ReceiptPlan, type ReceiptTables, type ReceiveOutcome } from './receive';
import { loadReturnable, receiveReturn } from './returns';
import { confirmShipment, loadPickList } from './ship';
import { checkWorkbook, setUpWorkbook } from './workbook-health';
import { importProducts } from './product-import';
import { readProducts, saveProduct } from './products';
import { loadSettings, saveSetting } from './settings';

export interface CommandDeps {
  readonly workbook: WorkbookPort;
  /** Saves that wait for Excel; absent before the workbook is set up (saves then go straight to the workbook). */
  readonly outbox?: Outbox;
  readonly mirror?: MirrorPort;
  readonly reportBug?: BugReporter;
}

type UseCase = (workbook: WorkbookPort, ...args: any[]) => Promise<unknown>;
type Bound<F> = F extends (workbook: WorkbookPort, ...args: infer A) => Promise<infer R> ? (...args: A) => Promise<R> : never;

/** A receipt that Excel could not take now and that waits on this computer, or the receipt as written. */
export type ReceiveCommandOutcome = ReceiveOutcome | { readonly ok: false; readonly code: 'queued'; readonly plan: ReceiptPlan; readonly submit: SubmitResult };

export function createCommands(deps: CommandDeps) {
  const { workbook, outbox, mirror } = deps;
  const reportBug = deps.reportBug ?? consoleBugReporter;
  const policy = <T>(name: string, work: () => Promise<T>) => underPolicy(name, work, reportBug);
  const bind = <F extends UseCase>(name: string, f: F): Bound<F> => ((...args: unknown[]) => policy(name, () => f(workbook, ...args))) as Bound<F>;

  // The last tables the Receive form read: a receipt that cannot reach Excel is planned against them and queued.
  // The form reads in two stages; a read is whole (and replaces the last one) once its stock has arrived.
  let lastReceiptTables: ReceiptTables | null = null;
  let lastFormTables: ReceiptFormTables | null = null;

  return {
    // Workbook
    checkWorkbook: bind('check the workbook', checkWorkbook),
    setUpWorkbook: bind('set up the workbook', setUpWorkbook),
    select: (address: string) => policy('select a cell', () => workbook.select(address)),
    /** Saves waiting on this computer for Excel; absent before the workbook is set up. */
    pending: outbox && {
      list: () => outbox.pending(),
      flush: (): Promise<FlushResult> => policy('write saved receipts', () => outbox.flush(workbook)),
      discard: (id: string) => outbox.discard(id),
    },
    /** The IndexedDB mirror of the tables; absent before the workbook is set up. */
    cache: mirror && {
      state: () => mirror.state(),
      refresh: () => policy('refresh the cache', () => refreshMirror(workbook, mirror)),
      clear: () => mirror.clear(),
    },

    // Receive
    readReceiptTables: async () => {
      const tables = await policy('read products and lots', () => readReceiptTables(workbook));
      lastReceiptTables = tables;
      return tables;
    },
    /** The Receive form's first stage: Products, Lots and Settings, enough to scan, pick a product and type a lot. */
    readReceiptFormTables: async () => {
      const tables = await policy('read products and lots', () => readReceiptFormTables(workbook));
      lastFormTables = tables;
      return tables;
    },
    /** The second stage, after readReceiptFormTables: Movements, for on hand and the checks that need the ledger. */
    readReceiptStock: async () => {
      const movements = await policy('read the stock history', () => readReceiptStock(workbook));
      if (lastFormTables) lastReceiptTables = { ...lastFormTables, Movements: movements };
      return movements;
    },
    /**
     * Receives one lot. When Excel cannot be reached (and only then) the receipt, planned against the form's last
     * read, waits on this computer and is written exactly once when the workbook answers again.
     */
    receive: async (input: ReceiptInput, ctx: ReceiptContext): Promise<ReceiveCommandOutcome> => {
      try {
        return await policy('receive', () => receive(workbook, input, ctx));
      } catch (e) {
        const offline = outbox && lastReceiptTables && isRetryable(e) ? planReceipt(input, lastReceiptTables, ctx) : null;
        if (!offline || !offline.ok) throw e;
        const submit = await outbox!.submit(workbook, { id: ctx.ids.movement, label: `Receipt of ${offline.lot.sku} lot ${offline.lot.lot}`, batch: { append: offline.batch.append } });
        return { ok: false, code: 'queued', plan: offline, submit };
      }
    },
    readImportTables: bind('read products and lots', readImportTables),

    // Products
    readProducts: bind('read products', readProducts),
    saveProduct: bind('save a product', saveProduct),
    importProducts: bind('import products', importProducts),
    importReceipts: bind('import receipts', importReceipts),

    // Lots and QC
    readLotsView: bind('read lots', readLotsView),
    decideLot: bind('change a lot status', decideLot),

    // Produce
    readRunTables: bind('read products and lots', readRunTables),
    produce: bind('record a production run', produce),

    // Pick, ship, expiry
    loadPickView: bind('read open orders', loadPickView),
    proposePicks: bind('propose picks', proposePicks),
    writePickList: bind('write a pick list', writePickList),
    loadPickList: bind('read a pick list', loadPickList),
    confirmShipment: bind('confirm a shipment', confirmShipment),
    loadExpiry: bind('read expiring lots', loadExpiry),
    writeExpirySheet: bind('write expiring lots', writeExpirySheet),
    markExpiryInLots: bind('mark expiring lots', markExpiryInLots),

    // Count and returns
    loadCountView: bind('read counts', loadCountView),
    writeCountSheet: bind('write a count sheet', writeCountSheet),
    recordCount: bind('record a count', recordCount),
    reviewCount: bind('review a count', reviewCount),
    postCount: bind('post a count', postCount),
    loadReturnable: bind('read shipments', loadReturnable),
    receiveReturn: bind('receive a return', receiveReturn),

    // Recall
    runRecall: bind('trace a lot', runRecall),
    writeRecallReport: bind('write a recall report', writeRecallReport),
    holdAffectedLots: bind('hold affected lots', holdAffectedLots),
    writeFsmaSheet: bind('write an FSMA 204 sheet', writeFsmaSheet),

    // Settings: the rules kept in the workbook (issue 18 §3)
    loadSettings: bind('read settings', loadSettings),
    saveSetting: bind('save a setting', saveSetting),

    // Lot costs
    previewLotCosts: bind('compute lot costs', previewLotCosts),
    writeLotCostsReport: bind('write lot costs', writeLotCostsReport),
  };
}

export type Commands = ReturnType<typeof createCommands>;
