import { useEffect, useRef, useState, type DependencyList } from 'react';
import { bindWedgeInput } from '../../scanner/wedge';

/**
 * A scan field for handheld (keyboard-wedge) scanners on a Fluent UI Input: spread `ref` and `value` on the Input.
 * Fluent's Input keeps its own value and writes it back on every render, so the text the wedge binding shows is
 * kept in React state too; without that, any re-render between two keys (a live query, a timer) empties the field.
 * `deps` re-binds when the field is replaced (e.g. it exists only in some states of the pane).
 */
export function useWedgeField(onScan: (text: string) => void, options: { fnc1Substitute?: string; deps?: DependencyList } = {}) {
  const ref = useRef<HTMLInputElement>(null);
  const [value, setValue] = useState('');
  const onScanRef = useRef(onScan);
  onScanRef.current = onScan;
  const { fnc1Substitute } = options;
  useEffect(() => {
    const input = ref.current;
    if (!input) return undefined;
    setValue(input.value);
    const binding = bindWedgeInput(input, { fnc1Substitute: fnc1Substitute || undefined, onScan: (scan) => onScanRef.current(scan.text), onText: setValue });
    return () => binding.unbind();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- deps are the caller's, to re-bind a replaced field
  }, [fnc1Substitute, ...(options.deps ?? [])]);
  return { ref, value };
}
