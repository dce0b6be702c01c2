/**
 * Handheld scanners in keyboard mode ("keyboard wedge"): they type the code and press Enter.
 *
 * createWedgeBuffer is a pure state machine fed with key events (plain data, so it is tested without a browser);
 * bindWedgeInput connects it to the pane's scan field, which works whether or not the camera is on.
 *
 * The GS (ASCII 29) between GS1 elements is the hard part, because it is not a key. What browsers deliver:
 * - Ctrl+] (the ASCII control-key combination for GS, a common scanner setting): a keydown with ctrlKey and key
 *   ']' on a US layout. Scanners send key positions, so on other layouts the key differs ('$' on French AZERTY)
 *   while `code` stays 'BracketRight'; no text is inserted.
 * - Alt+0029 on the numeric keypad (Windows "Alt codes", another scanner setting): keydowns of
 *   Numpad0/Numpad0/Numpad2/Numpad9 with altKey, then the Alt keyup. A text field takes no control character,
 *   so the sequence itself is read; should a browser also deliver the GS as text, the doubled GS is harmless
 *   (parseGs1 skips redundant separators).
 * - key '\x1d' itself, from synthetic input and some virtual keyboards.
 * - A substitute the scanner is configured to type instead (`fnc1Substitute`, e.g. '|' or a key name like 'F8').
 * There is no standard KeyboardEvent.key value for GS ('GroupSeparator' is not one of the UI Events key values);
 * a platform that sends some named key for it can be handled with `fnc1Substitute` set to that name.
 *
 * The `]C1`/`]d2`/`]Q3` symbology identifier that scanners put in front of GS1 data is kept: parseGs1 reads it.
 * Keys are never dropped: whatever is typed ends up in the scan text, fast or slow.
 */
import type { Scan } from '../app/scanner-port';

const GS = '\x1d';

/** The fields of a KeyboardEvent the buffer reads. */
export interface WedgeKeyEvent {
  /** Default 'keydown'; keyup matters only for the Alt key that ends an Alt code. */
  readonly type?: 'keydown' | 'keyup';
  readonly key: string;
  readonly code?: string;
  readonly ctrlKey?: boolean;
  readonly altKey?: boolean;
  readonly metaKey?: boolean;
  /** Milliseconds on any monotonic clock (KeyboardEvent.timeStamp). */
  readonly timeStamp: number;
}

/** 'scanner' for a burst of keys faster than people type, 'person' for typing or pasting. */
export type KeyedBy = 'scanner' | 'person';

export interface WedgeScan extends Scan {
  readonly source: 'wedge';
  readonly keyedBy: KeyedBy;
}

export interface WedgeOptions {
  /** A character (or a key name such as 'F8') that the scanner types instead of GS. */
  readonly fnc1Substitute?: string;
  readonly onScan: (scan: WedgeScan) => void;
  /** Keys that end a scan (default Enter; some scanners are set up to send Tab). */
  readonly submitKeys?: readonly string[];
  /** Median time between keys at or below which the keys came from a scanner (default 40 ms). */
  readonly scannerKeyGapMs?: number;
  /** Epoch milliseconds for Scan.at (default Date.now). */
  readonly now?: () => number;
}

export interface WedgeBuffer {
  /** Returns true when the buffer used the key (a DOM binding then prevents the browser's default). */
  feed(event: WedgeKeyEvent): boolean;
  /** Text that arrived other than as keys (paste, drop, autocomplete); a line break in it ends a scan. */
  insertText(text: string, timeStamp: number): void;
  /** Replaces the pending text, e.g. after the user edited the field in a way the keys did not show. */
  replaceText(text: string): void;
  clear(): void;
  /** The text typed since the last scan, with GS as '\x1d'. */
  readonly text: string;
}

function isSingleCharacter(key: string): boolean {
  return [...key].length === 1;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function createWedgeBuffer(options: WedgeOptions): WedgeBuffer {
  const submitKeys = options.submitKeys ?? ['Enter'];
  const maxGap = options.scannerKeyGapMs ?? 40;
  const now = options.now ?? Date.now;
  const substitute = options.fnc1Substitute === '' ? undefined : options.fnc1Substitute;

  let text = '';
  // Times of the keys that added characters, for telling a scanner from a person.
  let times: number[] = [];
  let pasted = false;
  // Digits typed on the keypad while Alt is held (a Windows Alt code), sent when Alt is released.
  let altDigits = '';

  const append = (chars: string, at: number): void => {
    text += chars;
    times.push(at);
  };

  const keyedBy = (): KeyedBy => {
    if (pasted || times.length < 4) return 'person';
    const gaps = times.slice(1).map((t, i) => t - (times[i] as number));
    return median(gaps) <= maxGap ? 'scanner' : 'person';
  };

  const clear = (): void => {
    text = '';
    times = [];
    pasted = false;
    altDigits = '';
  };

  const submit = (): void => {
    if (text === '') return;
    const scan: WedgeScan = { text, source: 'wedge', keyedBy: keyedBy(), at: now() };
    clear();
    options.onScan(scan);
  };

  const mapChar = (ch: string): string => (ch === substitute ? GS : ch);

  return {
    get text() {
      return text;
    },

    feed(event) {
      const { key } = event;
      if (event.type === 'keyup') {
        if (key === 'Alt' && altDigits !== '') {
          const value = Number.parseInt(altDigits, 10);
          altDigits = '';
          // Printable Alt codes arrive as text input too (see bindWedgeInput); only the control code needs us.
          if (value === 29) append(GS, event.timeStamp);
        }
        return false;
      }
      if (event.metaKey) return false;

      const ctrlOnly = event.ctrlKey === true && event.altKey !== true;
      const altOnly = event.altKey === true && event.ctrlKey !== true;

      if (submitKeys.includes(key) && !event.ctrlKey && !event.altKey) {
        // On an empty field Tab still moves the focus and Enter does what it does elsewhere.
        if (text === '') return false;
        submit();
        return true;
      }
      if (key === GS || (ctrlOnly && (key === ']' || event.code === 'BracketRight'))) {
        append(GS, event.timeStamp);
        return true;
      }
      if (altOnly && event.code !== undefined && /^Numpad[0-9]$/.test(event.code)) {
        altDigits += event.code.slice(6);
        return true;
      }
      if (substitute !== undefined && key === substitute && !ctrlOnly) {
        append(GS, event.timeStamp);
        return true;
      }
      if (key === 'Backspace' && !event.ctrlKey && !event.altKey) {
        text = [...text].slice(0, -1).join('');
        times = times.slice(0, -1);
        return true;
      }
      // Ctrl+key is a command (copy, paste, select all) for the browser. Ctrl+Alt+key is AltGr on Windows and
      // types a character on many European layouts ('@' on German AltGr+Q): that one is text.
      if (isSingleCharacter(key) && !ctrlOnly && !altOnly) {
        append(mapChar(key), event.timeStamp);
        return true;
      }
      return false;
    },

    insertText(inserted, timeStamp) {
      const lines = inserted.split(/\r\n|\r|\n/);
      lines.forEach((line, i) => {
        if (i > 0) submit();
        if (line === '') return;
        pasted = true;
        append([...line].map(mapChar).join(''), timeStamp);
      });
    },

    replaceText(replacement) {
      clear();
      if (replacement === '') return;
      pasted = true;
      append([...replacement].map(mapChar).join(''), 0);
    },

    clear,
  };
}

/** GS is invisible in an input; the field shows this symbol (U+241D, SYMBOL FOR GROUP SEPARATOR) instead. */
export const GS_SYMBOL = '\u241d';

export function displayWedgeText(text: string): string {
  return text.replaceAll(GS, GS_SYMBOL);
}

function fromDisplay(value: string): string {
  return value.replaceAll(GS_SYMBOL, GS);
}

export interface WedgeInputBinding {
  /** Empties the field and the pending text (setting `input.value` from code would leave the text pending). */
  clear(): void;
  unbind(): void;
}

export interface WedgeInputOptions extends WedgeOptions {
  /**
   * Told the text the field shows after every change. A component library whose inputs are controlled inside
   * (Fluent UI v9's Input keeps its own value state) resets the field to that state on its next render, so the
   * component must render this text as the field's value.
   */
  readonly onText?: (shown: string) => void;
}

/**
 * Makes `input` a scan field: keys go through a wedge buffer, the field shows the pending text (GS as ␝), and
 * Enter reports the scan and empties the field. The binding owns the field's value: in React, bind it in an
 * effect and render the text `onText` reports as the value (see useWedgeField).
 */
export function bindWedgeInput(input: HTMLInputElement, options: WedgeInputOptions): WedgeInputBinding {
  const buffer = createWedgeBuffer(options);
  const render = (): void => {
    const shown = displayWedgeText(buffer.text);
    if (input.value !== shown) input.value = shown;
    options.onText?.(shown);
    // Keys always add at the end, so the caret lives there.
    input.setSelectionRange(shown.length, shown.length);
  };
  const allSelected = (): boolean =>
    input.value !== '' && input.selectionStart === 0 && input.selectionEnd === input.value.length;

  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.isComposing) return;
    // Select-all then type or Backspace replaces, as in any field.
    const editing = e.key === 'Backspace' || (isSingleCharacter(e.key) && !e.ctrlKey && !e.metaKey);
    if (editing && allSelected()) buffer.clear();
    if (buffer.feed({ type: 'keydown', key: e.key, code: e.code, ctrlKey: e.ctrlKey, altKey: e.altKey, metaKey: e.metaKey, timeStamp: e.timeStamp })) {
      e.preventDefault();
      render();
    }
  };
  const onKeyUp = (e: KeyboardEvent): void => {
    const before = buffer.text;
    buffer.feed({ type: 'keyup', key: e.key, code: e.code, timeStamp: e.timeStamp });
    if (buffer.text !== before) render();
  };
  // Text that came without a key the buffer used (paste, drop, Alt codes for printable characters).
  const onBeforeInput = (e: InputEvent): void => {
    if (!e.inputType.startsWith('insert') || e.inputType === 'insertCompositionText') return;
    const data = e.data ?? e.dataTransfer?.getData('text/plain') ?? null;
    if (data === null) return;
    e.preventDefault();
    if (allSelected()) buffer.clear();
    buffer.insertText(fromDisplay(data), e.timeStamp);
    render();
  };
  // Anything else that changed the field (cut, IME, undo): the field's text is what the user meant.
  const onInput = (): void => {
    if (input.value !== displayWedgeText(buffer.text)) buffer.replaceText(fromDisplay(input.value));
    options.onText?.(input.value);
  };

  input.addEventListener('keydown', onKeyDown);
  input.addEventListener('keyup', onKeyUp);
  input.addEventListener('beforeinput', onBeforeInput);
  input.addEventListener('input', onInput);
  return {
    clear() {
      buffer.clear();
      input.value = '';
      options.onText?.('');
    },
    unbind() {
      input.removeEventListener('keydown', onKeyDown);
      input.removeEventListener('keyup', onKeyUp);
      input.removeEventListener('beforeinput', onBeforeInput);
      input.removeEventListener('input', onInput);
    },
  };
}
