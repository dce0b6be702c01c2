/**
 * The ribbon's Office glue, driven through office-addin-mock (issue 18 §5): which Office calls a click or a
 * shortcut makes, what startup asks of Office, and what happens on an Office without the shared runtime.
 */
import { OfficeMockObject } from 'office-addin-mock';
import { JOBS } from './jobs';
import { runJob, startRibbon, type CommandEvent, type OfficeForRibbon, type PaneRequest } from './commands';

interface OfficeMock {
  handlers: Record<string, (event?: CommandEvent) => Promise<void>>;
  shown: number;
  startup: string[];
  supported: string[];
}

function officeMock(supported = ['SharedRuntime 1.1', 'ExcelApi 1.9']) {
  const state: OfficeMock = { handlers: {}, shown: 0, startup: [], supported };
  const mock = new OfficeMockObject({
    actions: {
      associate: (id: string, fn: (event?: CommandEvent) => Promise<void>) => {
        state.handlers[id] = fn;
      },
    },
    addin: {
      showAsTaskpane: async () => {
        state.shown++;
      },
      setStartupBehavior: async (b: string) => {
        state.startup.push(b);
      },
    },
    context: { requirements: { isSetSupported: (name: string, v?: string) => state.supported.includes(`${name} ${v}`) } },
  });
  // Office.StartupBehavior is an enum of constants; in the mock `load` would be its load() method and scalar
  // properties need a load() call, so the enum is set as a plain object.
  (mock as unknown as { StartupBehavior: unknown }).StartupBehavior = { load: 'load', none: 'none' };
  return { office: mock as unknown as OfficeForRibbon, state };
}

function event() {
  const e = { completed: jest.fn() };
  return e;
}

function start(selected: () => Promise<string> = async () => '') {
  const { office, state } = officeMock();
  const requests: PaneRequest[] = [];
  const logged: string[] = [];
  const result = startRibbon({ office, navigate: (r) => requests.push(r), selectedText: selected, log: (m) => logged.push(m) });
  return { result, state, requests, logged };
}

describe('the Lotbook ribbon in Excel', () => {
  it('ties every button and shortcut action to a handler, and asks Excel to load Lotbook with the workbook', async () => {
    const { result, state } = start();
    expect(result).toEqual({ ok: true, actions: JOBS.map((j) => j.action) });
    expect(Object.keys(state.handlers)).toEqual(['openReceive', 'openProduce', 'openPick', 'openCount', 'openRecall', 'traceSelection', 'openCosts', 'openSetUp']);
    await Promise.resolve();
    expect(state.startup).toEqual(['load']);
  });

  it.each([
    ['openReceive', 'receive'],
    ['openProduce', 'produce'],
    ['openPick', 'pick'],
    ['openCount', 'count'],
    ['openRecall', 'recall'],
    ['openCosts', 'costs'],
    ['openSetUp', 'workbook'],
  ])('%s opens the task pane on the %s pane and completes the event', async (action, pane) => {
    const { state, requests } = start();
    const e = event();
    await state.handlers[action]!(e);
    expect(requests).toEqual([{ pane }]);
    expect(state.shown).toBe(1);
    expect(e.completed).toHaveBeenCalledTimes(1);
  });

  it('Trace this lot opens Recall tracing the selected cell, spaces trimmed', async () => {
    const { state, requests } = start(async () => '  ASH-2407-A ');
    const e = event();
    await state.handlers.traceSelection!(e);
    expect(requests).toEqual([{ pane: 'recall', trace: 'ASH-2407-A' }]);
    expect(state.shown).toBe(1);
    expect(e.completed).toHaveBeenCalledTimes(1);
  });

  it('Trace this lot on a blank cell, a huge text or a cell being edited opens Recall to type the lot', async () => {
    for (const selected of [async () => '', async () => 'x'.repeat(5000), async () => Promise.reject(Object.assign(new Error('cell edit mode'), { code: 'InvalidOperationInCellEditMode' }))]) {
      const { state, requests } = start(selected);
      const e = event();
      await state.handlers.traceSelection!(e);
      expect(requests).toEqual([{ pane: 'recall' }]);
      expect(e.completed).toHaveBeenCalledTimes(1);
    }
  });

  it('completes the event even when Excel cannot show the pane, and says why in the log', async () => {
    const { office, state } = officeMock();
    const logged: string[] = [];
    (office.addin as { showAsTaskpane: () => Promise<void> }).showAsTaskpane = () => Promise.reject(new Error('GeneralException'));
    const e = event();
    await runJob({ office, navigate: () => undefined, selectedText: async () => '', log: (m) => logged.push(m) }, JOBS[0]!, e);
    expect(e.completed).toHaveBeenCalledTimes(1);
    expect(logged).toEqual(['Lotbook could not open Receive']);
    expect(state.shown).toBe(0);
  });

  it('registers nothing on an Excel without the shared runtime (the pane still opens from Add-ins)', () => {
    const { office, state } = officeMock(['ExcelApi 1.9']);
    expect(startRibbon({ office, navigate: () => undefined, selectedText: async () => '' })).toEqual({ ok: false, reason: 'no-shared-runtime' });
    expect(state.handlers).toEqual({});
    expect(state.startup).toEqual([]);
  });
});
