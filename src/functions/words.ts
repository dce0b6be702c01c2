/**
 * Every word the LOTBOOK functions show: the messages of their #N/A and #VALUE! errors (Excel shows them when a
 * person hovers over the error), and the few words they put into cells. One place, as src/taskpane/messages.ts is
 * for the panes.
 */
export const FN_WORDS = {
  skuMissing: 'Give a SKU as the first argument.',
  notText: (what: string, value: string) => `${what} must be text, not ${value}.`,
  unknownSku: (sku: string) => `SKU "${sku}" is not in Products and has no movements.`,
  unknownLot: (sku: string, lot: string) => `Lot "${lot}" of SKU "${sku}" is not in the workbook.`,
  lotMissing: 'Give the lot code as the second argument.',
  lotNotInLots: (sku: string, lot: string) => `Lot "${lot}" of SKU "${sku}" has no row in Lots.`,
  noExpiry: (sku: string, lot: string) => `Lot "${lot}" of SKU "${sku}" has no expiry date.`,
  noUnitCost: (sku: string, lot: string) => `Lot "${lot}" of SKU "${sku}" has no unit cost: no receipt cost, run cost or Lots unit cost.`,
  costCycle: (message: string) => `Costs cannot be worked out: ${message}`,
  badQty: (value: string) => `The quantity must be a number above 0, not ${value}.`,
  badDate: (value: string) => `The ship date must be an Excel date or YYYY-MM-DD text, not ${value}.`,
  unknownCustomer: (id: string) => `Customer "${id}" is not in Customers.`,
  nothingToPick: (sku: string, reasons: string) => `No stock of "${sku}" can be picked: ${reasons}.`,
  short: 'short',
  badAi: (value: string) => `The AI must be 2 to 4 digits, such as 10 (lot) or 17 (expiry), not ${value}.`,
  scanMissing: 'Give the scanned text as the first argument.',
  aiNotInScan: (ai: string) => `The scan has no AI (${ai}).`,
  badDirection: (value: string) => `The direction must be "forward" or "backward", not ${value}.`,
  tooManyArgs: (name: string, max: number) => `LOTBOOK.${name} takes at most ${max} arguments.`,
  tooFewArgs: (name: string, min: number) => `LOTBOOK.${name} needs at least ${min} arguments.`,
  unknownFunction: (name: string) => `There is no function LOTBOOK.${name}.`,
  notAFormula: 'Type a formula that starts with =LOTBOOK., such as =LOTBOOK.ONHAND("FG-ASH60").',
  badFormula: (why: string) => `The formula cannot be read: ${why}.`,
  workbookUnreadable: (why: string) => `Lotbook could not read the workbook: ${why}`,
  shortfallReason: {
    'no-lots': 'no lots with stock',
    quarantine: 'in quarantine',
    hold: 'on hold',
    recalled: 'recalled',
    rejected: 'rejected',
    expired: 'expired by the ship date',
    'short-shelf-life': "less shelf life than the customer's minimum",
    reserved: 'on open pick lists',
    'allocated-to-earlier-lines': 'taken by earlier lines',
    'not-enough-stock': 'not enough stock',
  },
} as const;

/** How a value a person passed is quoted in a message. */
export function shown(value: unknown): string {
  if (value === null || value === undefined || value === '') return 'blank';
  if (typeof value === 'string') return `"${value}"`;
  return String(value);
}
