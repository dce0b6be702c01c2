/**
 * The LOTBOOK functions as Excel calls them: streaming functions (see source.ts for why) that answer from the
 * current tables and answer again after every change. Excel's objects come in as parameters, so this runs in jest.
 */
import type { IsoDate } from '../domain/types';
import { evaluate, type CellAnswer, type FnError, type FunctionName } from './evaluate';
import type { TableSource } from './source';
import { FN_WORDS } from './words';

/** What Excel hands a streaming function (CustomFunctions.StreamingInvocation). */
export interface Invocation {
  setResult(value: any): void;
  onCanceled?: () => void;
}

export interface FunctionDeps {
  readonly source: TableSource;
  readonly today: () => IsoDate;
  /** An Excel error value with its message (new CustomFunctions.Error(...) in Excel). */
  readonly error: (kind: FnError, message: string) => unknown;
}

export type StreamingFunction = (args: readonly unknown[], invocation: Invocation) => void;

/** One streaming implementation per LOTBOOK function. */
export function lotbookFunction(name: FunctionName, deps: FunctionDeps): StreamingFunction {
  return (args, invocation) => {
    let latest = 0;
    let live = true;
    const answer = async () => {
      const mine = ++latest;
      let result: CellAnswer | CellAnswer[][] | unknown;
      try {
        const r = evaluate(name, args, await deps.source.read(), deps.today());
        result = r.ok ? r.value : deps.error(r.error, r.message);
      } catch (e) {
        result = deps.error('N/A', FN_WORDS.workbookUnreadable(e instanceof Error ? e.message : String(e)));
      }
      // An older answer that arrives after a newer one must not overwrite it.
      if (live && mine === latest) invocation.setResult(result);
    };
    void answer();
    const stop = deps.source.subscribe(() => void answer());
    invocation.onCanceled = () => {
      live = false;
      stop();
    };
  };
}

/** The part of `CustomFunctions` that makes error values (passed in: the real global in Excel, a mock in tests). */
export interface CustomFunctionsErrors {
  readonly Error: new (code: any, message?: string) => unknown;
  readonly ErrorCode: { readonly notAvailable: any; readonly invalidValue: any };
}

/** #N/A and #VALUE! as Excel shows them, with the message Excel shows when a person hovers over the cell. */
export function excelErrors(cf: CustomFunctionsErrors): FunctionDeps['error'] {
  return (kind, message) => new cf.Error(kind === 'N/A' ? cf.ErrorCode.notAvailable : cf.ErrorCode.invalidValue, message);
}
