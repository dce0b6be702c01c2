import { useEffect, useRef, useState, type DependencyList } from 'react';
import { bindWedgeInput, displayWedgeText, type KeyedBy } from '../../scanner/wedge';

/**
 * A scan field for handheld (keyboard-wedge) scanners on a Fluent UI Input: spread `ref` and `value` on the Input.
 * Fluent's Input keeps its own value and writes it back on every render, so the text the wedge binding shows is
 * kept in React state too; without that, any re-render between two keys (a live query, a timer) empties the field.
 * `deps` re-binds when the field is replaced (e.g. it exists only in some states of the pane).
 *
 * `onScan` returns false when the scan could not be read: the text then stays in the field, so that a person can
 * fix a typo and press Enter again. Text that came from a scanner stays selected, so the next scan replaces it;
 * typed text keeps the caret at its end.
 */
export function useWedgeField(onScan: (text: string, keyedBy: KeyedBy) => boolean | void, options: { fnc1Substitute?: string; deps?: DependencyList } = {}) {
  const ref = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState('');
  const onScanRef = useRef(onScan);
  onScanRef.current = onScan;
  const { fnc1Substitute } = options;
  useEffect(() => {
    const input = ref.current;
    if (!input) return undefined;
    setValue(input.value);
    const onWedgeScan = (scan: { text: string; keyedBy: KeyedBy }) => {
      if (onScanRef.current(scan.text, scan.keyedBy) !== false) return;
      // The binding empties the field after a scan; give the text back through its input handler, which makes it
      // the pending text again.
      input.value = displayWedgeText(scan.text);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      if (scan.keyedBy === 'scanner') queueMicrotask(() => input.select());
    };
    const binding = bindWedgeInput(input, { fnc1Substitute: fnc1Substitute || undefined, onScan: onWedgeScan, onText: setValue });
    // Fixing a typo in the middle of the text: the wedge binding adds every key at the end (a scanner always types
    // there), so while the caret is elsewhere, or part of the text is selected, the browser edits the field and the
    // binding takes the field's text from its input event. Capture listeners on the field run before the binding's.
    const midEdit = (): boolean => {
      const { selectionStart: a, selectionEnd: b, value } = input;
      if (a === null || b === null || (a === 0 && b === value.length)) return false;
      return a < b || b < value.length;
    };
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.isComposing || e.ctrlKey || e.metaKey || e.altKey) return;
      if ((e.key === 'Backspace' || e.key === 'Delete' || [...e.key].length === 1) && midEdit()) e.stopImmediatePropagation();
    };
    const onBeforeInput = (e: Event) => {
      if (midEdit()) e.stopImmediatePropagation();
    };
    input.addEventListener('keydown', onKeyDown, true);
    input.addEventListener('beforeinput', onBeforeInput, true);
    return () => {
      input.removeEventListener('keydown', onKeyDown, true);
      input.removeEventListener('beforeinput', onBeforeInput, true);
      binding.unbind();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- deps are the caller's, to re-bind a replaced field
  }, [fnc1Substitute, ...(options.deps ?? [])]);
  return { ref, value };
}
