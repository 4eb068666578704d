// The W32Time performance counters, by English name. They exist on Windows 10 1709 /
// Server 2019 and later while W32Time runs; Wine has none. A counter that cannot be
// added or read gives an absent series, never a zero.
import {
  addEnglishCounter,
  closePdhQuery,
  collectPdhQuery,
  counterDouble,
  openPdhQuery,
  type PdhHandle,
} from '../../platform/windows/pdh';
import type { TimesyncReading } from './types';

type CounterKey = 'absoluteOffsetSeconds' | 'roundTripDelaySeconds' | 'ntpSources';
type CounterSpec = readonly [path: string, key: CounterKey, factor: number];

/** English counter path -> reading field and the factor to base units (us -> s). */
const W32TIME_COUNTERS: readonly CounterSpec[] = [
  ['\\Windows Time Service\\Computed Time Offset', 'absoluteOffsetSeconds', 1e-6],
  ['\\Windows Time Service\\NTP Roundtrip Delay', 'roundTripDelaySeconds', 1e-6],
  ['\\Windows Time Service\\NTP Client Time Source Count', 'ntpSources', 1],
];

export class W32TimeCounters {
  private query: PdhHandle | undefined;
  private readonly added: Array<{ counter: PdhHandle; key: CounterKey; factor: number }> = [];

  /** The counter list is a parameter so the Wine test can read a counter Wine has. */
  constructor(private readonly counters: readonly CounterSpec[] = W32TIME_COUNTERS) {}

  /** Opens the query; throws when no counter can be added (the input is unavailable). */
  open(): void {
    const query = openPdhQuery();
    this.query = query;
    const failures: string[] = [];
    for (const [path, key, factor] of this.counters) {
      try {
        this.added.push({ counter: addEnglishCounter(query, path), key, factor });
      } catch (error) {
        failures.push((error as Error).message);
      }
    }
    if (this.added.length === 0) {
      this.close();
      throw new Error(`no Windows Time Service counter: ${failures.join(', ')}`);
    }
  }

  read(): Partial<Pick<TimesyncReading, CounterKey>> {
    if (this.query === undefined) throw new Error('the W32Time counter query is not open');
    collectPdhQuery(this.query);
    const values: Partial<Record<CounterKey, number>> = {};
    for (const c of this.added) {
      const value = counterDouble(c.counter);
      if (value !== undefined) values[c.key] = value * c.factor;
    }
    return values;
  }

  close(): void {
    if (this.query !== undefined) closePdhQuery(this.query);
    this.query = undefined;
    this.added.length = 0;
  }
}
