import { parseGs1, summarizeGs1 } from '../domain/gs1';
import { createWedgeBuffer, displayWedgeText } from './wedge';
import type { WedgeKeyEvent, WedgeOptions, WedgeScan } from './wedge';

const GS = '\x1d';

function setup(options: Partial<WedgeOptions> = {}) {
  const scans: WedgeScan[] = [];
  const buffer = createWedgeBuffer({ onScan: (s) => scans.push(s), now: () => 1_700_000_000_000, ...options });
  let clock = 1000;
  /** Types `text` one key every `gapMs`; `{GS}` is Ctrl+], other `{Name}` the named key (Enter, Tab, Backspace). */
  const type = (text: string, gapMs = 5): boolean[] => {
    const consumed: boolean[] = [];
    for (const token of text.split(/(\{[A-Za-z]+\})/).filter(Boolean)) {
      const keys: WedgeKeyEvent[] =
        token === '{GS}'
          ? [{ key: ']', code: 'BracketRight', ctrlKey: true, timeStamp: 0 }]
          : /^\{[A-Za-z]+\}$/.test(token)
            ? [{ key: token.slice(1, -1), timeStamp: 0 }]
            : [...token].map((key) => ({ key, timeStamp: 0 }));
      for (const k of keys) {
        clock += gapMs;
        consumed.push(buffer.feed({ ...k, timeStamp: clock }));
      }
    }
    return consumed;
  };
  const feed = (e: Omit<WedgeKeyEvent, 'timeStamp'>) => {
    clock += 5;
    return buffer.feed({ ...e, timeStamp: clock });
  };
  return { buffer, scans, type, feed };
}

describe('createWedgeBuffer', () => {
  it('reports the text on Enter, with the ]C1 prefix and GS kept, and parseGs1 reads it', () => {
    const { scans, type } = setup();
    type(']C1010950600013435210LOT-A1{GS}172712313024{Enter}');
    expect(scans).toHaveLength(1);
    expect(scans[0]).toMatchObject({ text: `]C1010950600013435210LOT-A1${GS}172712313024`, source: 'wedge', at: 1_700_000_000_000 });
    const parsed = parseGs1(scans[0]!.text, { today: '2026-11-30' });
    if (!parsed.ok) throw new Error(parsed.message);
    expect(summarizeGs1(parsed.elements)).toEqual({ gtin: '09506000134352', lot: 'LOT-A1', expiry: '2027-12-31', count: 24 });
  });

  it.each([']d2', ']Q3', ']C1', ']e0'])('keeps the %s symbology identifier', (prefix) => {
    const { scans, type } = setup();
    type(`${prefix}0109506000134352{Enter}`);
    expect(scans.map((s) => s.text)).toEqual([`${prefix}0109506000134352`]);
  });

  it('reads GS however the browser delivers it', () => {
    const { buffer, feed } = setup();
    // Ctrl+] on a US layout, the same key position on AZERTY ('$'), and the character itself.
    feed({ key: ']', code: 'BracketRight', ctrlKey: true });
    feed({ key: '$', code: 'BracketRight', ctrlKey: true });
    feed({ key: GS });
    expect(buffer.text).toBe(GS + GS + GS);
  });

  it('reads a Windows Alt code 0029 as GS and takes nothing else from the keypad digits', () => {
    const { buffer, type, feed } = setup();
    type('10AB');
    expect(feed({ key: 'Alt', code: 'AltLeft', altKey: true })).toBe(false);
    for (const d of '0029') expect(feed({ key: d, code: `Numpad${d}`, altKey: true })).toBe(true);
    expect(buffer.text).toBe('10AB');
    feed({ type: 'keyup', key: 'Alt', code: 'AltLeft' });
    type('21X');
    expect(buffer.text).toBe(`10AB${GS}21X`);
  });

  it('maps a configured substitute character or key to GS', () => {
    const pipe = setup({ fnc1Substitute: '|' });
    pipe.type('10A|21B{Enter}');
    expect(pipe.scans[0]!.text).toBe(`10A${GS}21B`);

    const f8 = setup({ fnc1Substitute: 'F8' });
    f8.type('10A');
    expect(f8.feed({ key: 'F8', code: 'F8' })).toBe(true);
    f8.type('21B{Enter}');
    expect(f8.scans[0]!.text).toBe(`10A${GS}21B`);
  });

  it('without a substitute, | is just a character', () => {
    const { scans, type } = setup();
    type('A|B{Enter}');
    expect(scans[0]!.text).toBe('A|B');
  });

  it('starts afresh after each Enter and ignores Enter on an empty field', () => {
    const { scans, type, buffer } = setup();
    expect(type('{Enter}')).toEqual([false]);
    type('0109506000134352{Enter}0104012345678901{Enter}');
    expect(scans.map((s) => s.text)).toEqual(['0109506000134352', '0104012345678901']);
    expect(buffer.text).toBe('');
  });

  it('can end scans on Tab for scanners set up that way, and leaves Tab alone on an empty field', () => {
    const { scans, type } = setup({ submitKeys: ['Enter', 'Tab'] });
    expect(type('{Tab}')).toEqual([false]);
    type('4006381333931{Tab}');
    expect(scans.map((s) => s.text)).toEqual(['4006381333931']);
  });

  it('tells a scanner burst from a person typing, and keeps every character of both', () => {
    const { scans, type } = setup();
    type(']C1010950600013435210LOT-A1{GS}3024{Enter}', 4);
    type('010950600013435210LOT-A1{GS}3024{Enter}', 150);
    expect(scans.map((s) => [s.text, s.keyedBy])).toEqual([
      [`]C1010950600013435210LOT-A1${GS}3024`, 'scanner'],
      [`010950600013435210LOT-A1${GS}3024`, 'person'],
    ]);
  });

  it('loses no character in a burst, even with a slow start or one late key', () => {
    const { scans, type } = setup();
    type('01', 900);
    type('09506000134352', 2);
    type('10', 300);
    type('LOT-A1{Enter}', 2);
    expect(scans[0]).toMatchObject({ text: '010950600013435210LOT-A1', keyedBy: 'scanner' });
  });

  it('lets a person correct a typo with Backspace', () => {
    const { scans, type } = setup();
    type('10LOT-A2{Backspace}1{Enter}', 200);
    expect(scans[0]).toMatchObject({ text: '10LOT-A1', keyedBy: 'person' });
  });

  it('takes AltGr characters (Ctrl+Alt on Windows) as text and leaves Ctrl shortcuts to the browser', () => {
    const { buffer, feed, type } = setup();
    type('10A');
    expect(feed({ key: '@', code: 'KeyQ', ctrlKey: true, altKey: true })).toBe(true);
    expect(feed({ key: 'v', code: 'KeyV', ctrlKey: true })).toBe(false);
    expect(feed({ key: 'c', code: 'KeyC', metaKey: true })).toBe(false);
    expect(feed({ key: 'Shift', code: 'ShiftLeft' })).toBe(false);
    expect(buffer.text).toBe('10A@');
  });

  it('takes pasted text, a line break ending the scan', () => {
    const { scans, buffer } = setup();
    buffer.insertText('0109506000134352\r\n10LOT', 5);
    expect(scans).toEqual([expect.objectContaining({ text: '0109506000134352', keyedBy: 'person' })]);
    expect(buffer.text).toBe('10LOT');
  });

  it('shows GS in the field as a visible symbol', () => {
    expect(displayWedgeText(`10A${GS}21B`)).toBe('10A\u241d21B');
  });
});
