/**
 * Start-up requirement checks (whenExcelReady) against office-addin-mock standing in for the Office global: the
 * pane starts only in an Excel that has what Lotbook calls, and says why otherwise.
 */
import { OfficeMockObject } from 'office-addin-mock';
import { whenExcelReady } from '../../src/excel/office-host';

function office(host: string, supported: string[]) {
  const mock = new OfficeMockObject({
    onReady: async () => ({ host, platform: 'OfficeOnline' }),
    context: { requirements: { isSetSupported: (name: string, v?: string) => supported.includes(`${name} ${v}`) } },
  });
  // Enums are constants in Office.js; office-addin-mock would want a load() for them.
  (mock as unknown as { HostType: unknown }).HostType = { Excel: 'Excel', Word: 'Word' };
  return mock;
}

describe('whenExcelReady', () => {
  const g = globalThis as { Office?: unknown };
  afterEach(() => {
    delete g.Office;
  });

  it('starts in an Excel with ExcelApi 1.9', async () => {
    g.Office = office('Excel', ['ExcelApi 1.9', 'SharedRuntime 1.1']);
    await expect(whenExcelReady()).resolves.toBeUndefined();
  });

  it('refuses an Excel too old for Lotbook, naming the versions that work', async () => {
    g.Office = office('Excel', ['ExcelApi 1.8']);
    await expect(whenExcelReady()).rejects.toThrow('This version of Excel is too old for Lotbook (it needs ExcelApi 1.9: Microsoft 365, Excel 2021 or Excel on the web).');
  });

  it('refuses another Office application, and a page opened outside Office', async () => {
    g.Office = office('Word', ['ExcelApi 1.9']);
    await expect(whenExcelReady()).rejects.toThrow('Lotbook runs in Excel, not in Word.');
    delete g.Office;
    await expect(whenExcelReady()).rejects.toThrow('Office.js did not load: open Lotbook from Excel, or use the playground (npm start).');
  });
});
