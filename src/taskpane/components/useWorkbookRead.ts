/**
 * What a pane reads from the workbook when it opens, with the states a person sees: reading, read, or a failure
 * in words (a workbook not set up yet is told apart, so the pane can offer set-up instead of an error).
 */
import { useCallback, useEffect, useState } from 'react';
import { WorkbookError } from '../../app/ports';
import { describeError } from '../messages';

export interface ReadFailure {
  readonly notSetUp: boolean;
  readonly text: string;
}

/** `read` must keep its identity between renders (useCallback), or the pane reads on every render. */
export function useWorkbookRead<T>(read: () => Promise<T>) {
  const [value, setValue] = useState<T | null>(null);
  const [failure, setFailure] = useState<ReadFailure | null>(null);
  const [reading, setReading] = useState(true);

  const reload = useCallback(async () => {
    setReading(true);
    try {
      setValue(await read());
      setFailure(null);
    } catch (e) {
      setFailure({ notSetUp: e instanceof WorkbookError && e.code === 'table-missing', text: describeError(e) });
    } finally {
      setReading(false);
    }
  }, [read]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { value, setValue, failure, reading, reload };
}
