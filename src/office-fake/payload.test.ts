import { FakeExcel } from './fake-excel';
import { jsonSize } from './payload';

describe('jsonSize', () => {
  it('equals the length of JSON.stringify for cell data, escapes and odd numbers included', () => {
    const samples: unknown[] = [
      [['A-1', 12, true, '', null], ['quote " and \\ back', -0.5, false, 'tab\there\n', 1e21]],
      { values: [[1, 2], [3, 4]], address: "'Pick list'!A1:B2", nested: { n: 123456789012345, m: -7 } },
      ['\u0001', 'é ü 中', 0, -0, 10, 100, 999, 1000, 1e15, 123456789.125, NaN, Infinity],
      [undefined, { skipped: undefined, kept: 1 }],
    ];
    for (const sample of samples) expect(jsonSize(sample)).toBe(JSON.stringify(sample).length);
  });
});

describe('payload limit', () => {
  it('rejects a request over the limit with RequestPayloadSizeLimitExceeded and applies nothing', async () => {
    const fake = new FakeExcel({ payloadLimitBytes: 10_000 });
    fake.user.addSheet('Data');
    const big = Array.from({ length: 1000 }, (_, i) => [`row-${i}`, i]);
    await expect(
      fake.run(async (context) => {
        const sheet = context.workbook.worksheets.getItem('Data');
        sheet.getRange('D1').values = [['small write first']];
        sheet.getRange('A1:B1000').values = big;
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: 'RequestPayloadSizeLimitExceeded' });
    expect(fake.cell('Data', 'D1').value).toBe('');
    expect(fake.cell('Data', 'A1').value).toBe('');
    expect(fake.stats.maxRequestBytes).toBeGreaterThan(10_000);
    expect(fake.stats.failedSyncs).toBe(1);
  });

  it('rejects a response over the limit after applying the commands; the loaded values are lost', async () => {
    const fake = new FakeExcel({ payloadLimitBytes: 10_000 });
    fake.seedTable('Data', 'Data', ['Id', 'Name'], Array.from({ length: 1000 }, (_, i) => [i, `name number ${i}`]));
    let range: { values: unknown[][] } | undefined;
    await expect(
      fake.run(async (context) => {
        const sheet = context.workbook.worksheets.getItem('Data');
        sheet.getRange('D1').values = [['written']];
        const r = sheet.getRange('A1:B1001').load('values');
        range = r;
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: 'ResponsePayloadSizeLimitExceeded' });
    expect(fake.cell('Data', 'D1').value).toBe('written');
    expect(() => range?.values).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }));
    expect(fake.stats.maxResponseBytes).toBeGreaterThan(10_000);
  });

  it('passes reads and writes that fit, and counts their bytes', async () => {
    const fake = new FakeExcel({ payloadLimitBytes: 10_000 });
    fake.user.addSheet('Data');
    const rows = Array.from({ length: 100 }, (_, i) => [`r${i}`]);
    await fake.run(async (context) => {
      context.workbook.worksheets.getItem('Data').getRange('A1:A100').values = rows;
      await context.sync();
    });
    expect(fake.stats.requestBytes).toBeGreaterThan(JSON.stringify(rows).length);
    expect(fake.stats.requestBytes).toBeLessThan(JSON.stringify(rows).length + 500);
  });
});
