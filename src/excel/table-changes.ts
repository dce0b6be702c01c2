/**
 * Tells the LOTBOOK functions when the workbook's tables change (src/functions/source.ts explains why they need
 * to know). TableCollection.onChanged (ExcelApi 1.7) fires for every edit of any table, a person's or Lotbook's
 * own; onAdded and onDeleted (ExcelApi 1.9) for pick list tables coming and going. The handlers outlive the
 * Excel.run that adds them.
 */
export async function watchTableChanges(onChange: () => void): Promise<void> {
  await Excel.run(async (context) => {
    const tables = context.workbook.tables;
    tables.onChanged.add(async () => onChange());
    tables.onAdded.add(async () => onChange());
    tables.onDeleted.add(async () => onChange());
    await context.sync();
  });
}
