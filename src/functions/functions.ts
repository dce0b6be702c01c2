/**
 * The LOTBOOK worksheet functions as Excel sees them. custom-functions-metadata-plugin reads the JSDoc below to
 * write functions.json (names, arguments, help) and appends `CustomFunctions.associate(...)` for each one, so this
 * file is bundled only into the task pane page (the shared runtime); the playground evaluates through evaluate.ts.
 * The answers come from runtime.ts, installed by the entry point with the workbook it built.
 */
import type { FunctionName } from './evaluate';
import type { Invocation, StreamingFunction } from './runtime';

let installed: Partial<Record<FunctionName, StreamingFunction>> = {};

/** Called once by the entry point, before Excel first calculates a LOTBOOK cell. */
export function installFunctions(impl: Record<FunctionName, StreamingFunction>): void {
  installed = impl;
}

// Outside Excel (the task pane page opened in a browser) there is no CustomFunctions to associate with; the
// plugin's appended associate calls must not stop the page.
const g = globalThis as { CustomFunctions?: { associate: (...args: unknown[]) => void } };
if (!g.CustomFunctions) g.CustomFunctions = { associate: () => undefined };

function call(name: FunctionName, args: unknown[], invocation: Invocation): void {
  const fn = installed[name];
  if (fn) fn(args, invocation);
  else invocation.setResult('Lotbook is starting');
}

/**
 * Quantity on hand from the Movements ledger: of a SKU, of one lot, or at one location.
 * @customfunction ONHAND
 * @param sku The SKU, e.g. "FG-ASH60".
 * @param [lot] The lot code; leave out for every lot of the SKU.
 * @param [location] A location, e.g. "A-01"; leave out for every location.
 * @param invocation Streaming: the answer follows the tables.
 * @streaming
 */
export function onhand(sku: any, lot: any, location: any, invocation: CustomFunctions.StreamingInvocation<number>): void {
  call('ONHAND', [sku, lot, location], invocation);
}

/**
 * The lot's expiry date (format the cell as a date).
 * @customfunction EXPIRY
 * @param sku The SKU.
 * @param lot The lot code.
 * @param invocation Streaming: the answer follows the tables.
 * @streaming
 */
export function expiry(sku: any, lot: any, invocation: CustomFunctions.StreamingInvocation<number>): void {
  call('EXPIRY', [sku, lot], invocation);
}

/**
 * The lot's status as the Lots pane shows it: quarantine, released, hold, recalled, rejected or expired.
 * @customfunction STATUS
 * @param sku The SKU.
 * @param lot The lot code.
 * @param invocation Streaming: the answer follows the tables.
 * @streaming
 */
export function status(sku: any, lot: any, invocation: CustomFunctions.StreamingInvocation<string>): void {
  call('STATUS', [sku, lot], invocation);
}

/**
 * The lot's unit cost, as the Lot costs report values it (receipt cost, or inputs plus conversion cost).
 * @customfunction UNITCOST
 * @param sku The SKU.
 * @param lot The lot code.
 * @param invocation Streaming: the answer follows the tables.
 * @streaming
 */
export function unitcost(sku: any, lot: any, invocation: CustomFunctions.StreamingInvocation<number>): void {
  call('UNITCOST', [sku, lot], invocation);
}

/**
 * The lots a pick list would take, first expiry first out: rows of lot, expiry and quantity (a last row "short"
 * when stock is short). Holds, quarantine, open pick lists and the customer's minimum shelf life count.
 * @customfunction FEFO
 * @param sku The SKU.
 * @param qty The quantity to pick.
 * @param [shipDate] The ship date; leave out for today.
 * @param [customer] The customer's id or name, for their minimum shelf life.
 * @param invocation Streaming: the answer follows the tables.
 * @streaming
 */
export function fefo(sku: any, qty: any, shipDate: any, customer: any, invocation: CustomFunctions.StreamingInvocation<any[][]>): void {
  call('FEFO', [sku, qty, shipDate, customer], invocation);
}

/**
 * One element of a scanned GS1 barcode, check digits and dates checked: dates as Excel dates.
 * @customfunction GS1
 * @param scan The scanned text, e.g. "]C10109506000134352101234A17271231".
 * @param ai The application identifier, e.g. 10 (lot), 17 (expiry), 01 (GTIN).
 * @param invocation Streaming: the answer follows the tables.
 * @streaming
 */
export function gs1(scan: any, ai: any, invocation: CustomFunctions.StreamingInvocation<any>): void {
  call('GS1', [scan, ai], invocation);
}

/**
 * The lots and customers a recall trace reaches, as the Recall pane traces: rows of SKU, lot, customer, quantity.
 * @customfunction TRACE
 * @param sku The SKU of the lot to trace.
 * @param lot The lot code.
 * @param [direction] "forward" (what was made from it and who got it; the default) or "backward" (what went into it).
 * @param invocation Streaming: the answer follows the tables.
 * @streaming
 */
export function trace(sku: any, lot: any, direction: any, invocation: CustomFunctions.StreamingInvocation<any[][]>): void {
  call('TRACE', [sku, lot, direction], invocation);
}
