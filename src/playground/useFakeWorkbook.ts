import { useEffect, useState } from 'react';
import type { FakeExcel } from '../office-fake/fake-excel';

export interface FakeSnapshot {
  readonly version: number;
  readonly stats: FakeExcel['stats'];
  readonly activeSheet: string | null;
  readonly selection: { sheet: string; address: string } | null;
}

function take(fake: FakeExcel, version: number): FakeSnapshot {
  return { version, stats: { ...fake.stats }, activeSheet: fake.activeSheet(), selection: fake.selection() };
}

/** Re-renders whenever the fake workbook changes (a sync that wrote, or a "user" action). */
export function useFakeWorkbook(fake: FakeExcel): FakeSnapshot {
  const [snap, setSnap] = useState(() => take(fake, 0));
  useEffect(() => fake.subscribe(() => setSnap((s) => take(fake, s.version + 1))), [fake]);
  // Reads change no cells, so they notify nobody; the round-trip counters still move.
  useEffect(() => {
    const timer = setInterval(() => setSnap((s) => (s.stats.syncs === fake.stats.syncs ? s : { ...s, stats: { ...fake.stats } })), 500);
    return () => clearInterval(timer);
  }, [fake]);
  return snap;
}
