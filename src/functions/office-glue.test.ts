/**
 * The custom functions' Office glue with office-addin-mock standing in for CustomFunctions: error values carry
 * Excel's code and the message, and a cell calculated before the runtime is installed says so.
 */
import { OfficeMockObject } from 'office-addin-mock';
import { installFunctions, onhand } from './functions';
import { excelErrors, type CustomFunctionsErrors } from './runtime';

class FakeCfError {
  constructor(
    readonly code: string,
    readonly message?: string,
  ) {}
}

describe('LOTBOOK functions and Excel', () => {
  it('makes #N/A and #VALUE! with their message', () => {
    const cf = new OfficeMockObject({});
    // ErrorCode is an enum of constants and Error a class: set as they are, the mock would wrap them.
    Object.assign(cf, { Error: FakeCfError, ErrorCode: { notAvailable: '#N/A', invalidValue: '#VALUE!' } });
    const error = excelErrors(cf as unknown as CustomFunctionsErrors);
    expect(error('N/A', 'Lot "X" of SKU "A" is not in the workbook.')).toEqual(new FakeCfError('#N/A', 'Lot "X" of SKU "A" is not in the workbook.'));
    expect(error('VALUE', 'Give a SKU as the first argument.')).toEqual(new FakeCfError('#VALUE!', 'Give a SKU as the first argument.'));
  });

  it('a cell calculated before Lotbook has started says so, then answers once the functions are installed', () => {
    const results: unknown[] = [];
    const invocation = new OfficeMockObject({ setResult: (v: unknown) => void results.push(v) }) as unknown as CustomFunctions.StreamingInvocation<number>;
    onhand('RM-ASH', undefined, undefined, invocation);
    expect(results).toEqual(['Lotbook is starting']);
    const calls: unknown[][] = [];
    installFunctions({
      ONHAND: (args, inv) => {
        calls.push([...args]);
        inv.setResult(13.5);
      },
      EXPIRY: () => undefined,
      STATUS: () => undefined,
      UNITCOST: () => undefined,
      FEFO: () => undefined,
      GS1: () => undefined,
      TRACE: () => undefined,
    });
    onhand('RM-ASH', 'ASH-2407-A', undefined, invocation);
    expect(calls).toEqual([['RM-ASH', 'ASH-2407-A', undefined]]);
    expect(results).toEqual(['Lotbook is starting', 13.5]);
  });
});
