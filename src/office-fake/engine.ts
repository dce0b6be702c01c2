/**
 * The "host" side of the fake: it receives a batch of queued commands at each `context.sync()`, measures the
 * request, runs the commands in order, measures the response and hands the loaded values back. Excel has no
 * transactions, so a failing command leaves the commands before it applied.
 */
import { FakeOfficeError, officeError } from './errors';
import { WorkbookModel } from './model';
import type { FakeVariants } from './variants';

/** What a load command hands back: its JSON size, and how to store the values on the proxy once all is well. */
export interface Loaded {
  readonly bytes: number;
  commit(): void;
}

export interface Command {
  /** Where Office would say the error happened, e.g. "Range.values". */
  readonly location: string;
  /** A readable description, kept in `debugInfo.statement` of an error. */
  readonly statement: string;
  readonly mutates: boolean;
  requestBytes(): number;
  run(): Loaded | void;
}

/** A proxy whose `isNullObject` is settled at the end of the sync after its creation. */
export interface Settleable {
  settle(): void;
}

export interface Batch {
  readonly commands: readonly Command[];
  readonly fresh: readonly Settleable[];
}

export interface FakeStats {
  syncs: number;
  requestBytes: number;
  responseBytes: number;
  maxRequestBytes: number;
  maxResponseBytes: number;
  failedSyncs: number;
}

interface Fault {
  /** How many queued commands run before the failure; a function of the batch's size (e.g. half of it). */
  readonly afterCommands: number | ((batchSize: number) => number);
  readonly code: string;
  readonly message: string | undefined;
}

/** A rough size of the envelope of one command (object path, action type, ids) in Office's JSON protocol. */
export const COMMAND_OVERHEAD_BYTES = 100;

export class Engine {
  readonly model: WorkbookModel;
  readonly stats: FakeStats = emptyStats();
  private readonly listeners = new Set<() => void>();
  private readonly faults = new Map<number, Fault>();
  private syncsSeen = 0;

  constructor(
    readonly payloadLimitBytes: number,
    readCellLimit: number,
    variants?: FakeVariants,
  ) {
    this.model = new WorkbookModel(readCellLimit, variants);
  }

  resetStats(): void {
    Object.assign(this.stats, emptyStats());
  }

  failSync(nth: number, fault: Fault): void {
    if (!Number.isInteger(nth) || nth < 1) throw new RangeError('failSync: nth counts from 1 (the next sync)');
    this.faults.set(this.syncsSeen + nth, fault);
  }

  /** Forgets failures not reached yet (a test's command made fewer syncs than the failure waited for). */
  clearFaults(): void {
    this.faults.clear();
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** Called as each batch reaches the workbook, before its commands run: what a person does meanwhile. */
  beforeSync: ((batch: { readonly index: number; readonly locations: readonly string[] }) => void) | undefined;

  async sync(batch: Batch): Promise<void> {
    // A round trip is never synchronous, and code that forgets to await it should notice.
    await Promise.resolve();
    this.beforeSync?.({ index: this.syncsSeen + 1, locations: batch.commands.map((c) => c.location) });
    this.syncsSeen++;
    this.stats.syncs++;
    let changed = false;
    try {
      let requestBytes = 2;
      for (const command of batch.commands) requestBytes += command.requestBytes();
      this.stats.requestBytes += requestBytes;
      this.stats.maxRequestBytes = Math.max(this.stats.maxRequestBytes, requestBytes);
      if (requestBytes > this.payloadLimitBytes) {
        throw officeError('RequestPayloadSizeLimitExceeded', `request of ${requestBytes} bytes (limit ${this.payloadLimitBytes})`);
      }

      const fault = this.faults.get(this.syncsSeen);
      this.faults.delete(this.syncsSeen);
      const wanted = fault ? (typeof fault.afterCommands === 'function' ? fault.afterCommands(batch.commands.length) : fault.afterCommands) : Infinity;
      const runCount = Math.min(wanted, batch.commands.length);
      const loaded: Loaded[] = [];
      for (let i = 0; i < runCount; i++) {
        const command = batch.commands[i] as Command;
        try {
          const result = command.run();
          if (result) loaded.push(result);
        } catch (error) {
          if (error instanceof FakeOfficeError) {
            error.debugInfo.errorLocation ??= command.location;
            error.debugInfo.statement = command.statement + (error.debugInfo.statement ? `: ${error.debugInfo.statement}` : '');
          }
          throw error;
        }
        if (command.mutates) changed = true;
      }
      if (fault) {
        throw new FakeOfficeError(
          fault.code,
          fault.message ?? `Injected failure (FakeExcel.failSync) after ${runCount} of ${batch.commands.length} commands.`,
          batch.commands[runCount]?.location,
        );
      }

      let responseBytes = 2;
      for (const result of loaded) responseBytes += result.bytes;
      this.stats.responseBytes += responseBytes;
      this.stats.maxResponseBytes = Math.max(this.stats.maxResponseBytes, responseBytes);
      if (responseBytes > this.payloadLimitBytes) {
        throw officeError('ResponsePayloadSizeLimitExceeded', `response of ${responseBytes} bytes (limit ${this.payloadLimitBytes})`);
      }
      for (const result of loaded) result.commit();
      for (const proxy of batch.fresh) proxy.settle();
    } catch (error) {
      this.stats.failedSyncs++;
      throw error;
    } finally {
      if (changed) this.notify();
    }
  }
}

function emptyStats(): FakeStats {
  return { syncs: 0, requestBytes: 0, responseBytes: 0, maxRequestBytes: 0, maxResponseBytes: 0, failedSyncs: 0 };
}
