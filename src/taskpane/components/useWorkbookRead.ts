/**
 * What a pane reads from the workbook when it opens, with the states a person sees: reading, read, or a failure
 * in words (a workbook not set up yet is told apart, so the pane can offer set-up instead of an error).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { WorkbookError } from '../../app/ports';
import { describeError } from '../messages';

export interface ReadFailure {
  readonly notSetUp: boolean;
  readonly text: string;
}

const failureOf = (e: unknown): ReadFailure => ({ notSetUp: e instanceof WorkbookError && e.code === 'table-missing', text: describeError(e) });

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
      setFailure(failureOf(e));
    } finally {
      setReading(false);
    }
  }, [read]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { value, setValue, failure, reading, reload };
}

/** The second stage of a staged read: under way, read, or failed (in words). */
export type FollowUp<T> = { readonly state: 'reading' } | { readonly state: 'read'; readonly value: T } | { readonly state: 'failed'; readonly failure: ReadFailure };

/**
 * A read in two stages: `first` makes the pane usable (its states as useWorkbookRead's), `then` starts as soon as
 * it arrives and feeds what can wait (the Receive pane's stock, from a big Movements table). Every reload reads
 * both again, and the second stage is 'reading' until its new answer arrives: an answer from before the reload
 * (stock before a save) is never shown beside the new one. `retry` reads the second stage again after a failure.
 */
export function useStagedWorkbookRead<A, B>(first: () => Promise<A>, then: () => Promise<B>) {
  const [value, setValue] = useState<A | null>(null);
  const [failure, setFailure] = useState<ReadFailure | null>(null);
  const [reading, setReading] = useState(true);
  const [followUp, setFollowUp] = useState<FollowUp<B>>({ state: 'reading' });
  // Each reload gets a number; an answer that arrives after a newer reload started is dropped.
  const generation = useRef(0);

  const readSecond = useCallback(
    async (gen: number) => {
      setFollowUp({ state: 'reading' });
      try {
        const v = await then();
        if (gen === generation.current) setFollowUp({ state: 'read', value: v });
      } catch (e) {
        if (gen === generation.current) setFollowUp({ state: 'failed', failure: failureOf(e) });
      }
    },
    [then],
  );

  const reload = useCallback(async () => {
    const gen = ++generation.current;
    setReading(true);
    setFollowUp({ state: 'reading' });
    try {
      const v = await first();
      if (gen !== generation.current) return;
      setValue(v);
      setFailure(null);
    } catch (e) {
      if (gen !== generation.current) return;
      // Nothing to follow up: the second stage says why, as the first does (with a retry, should the pane keep an
      // earlier first-stage answer on screen).
      const f = failureOf(e);
      setFailure(f);
      setFollowUp({ state: 'failed', failure: f });
      return;
    } finally {
      if (gen === generation.current) setReading(false);
    }
    await readSecond(gen);
  }, [first, readSecond]);

  const retry = useCallback(() => readSecond(generation.current), [readSecond]);

  useEffect(() => {
    void reload();
  }, [reload]);

  return { value, setValue, failure, reading, reload, followUp, retry };
}
