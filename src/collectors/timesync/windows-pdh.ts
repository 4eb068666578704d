// The W32Time performance counters, by English name. They exist on Windows 10 1709 /
// Server 2019 and later while W32Time runs; Wine has none. A counter that cannot be
// added or read gives an absent series, never a zero.
import { pdh, PDH_FMT_COUNTERVALUE_SIZE, PDH_FMT_DOUBLE, PDH_FMT_NOCAP100 } from '../../platform/windows/pdh';
import { pdhDouble } from './parse';
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
  private query = 0;
  private readonly added: Array<{ handle: number; key: CounterKey; factor: number }> = [];

  /** The counter list is a parameter so the Wine test can read a counter Wine has. */
  constructor(private readonly counters: readonly CounterSpec[] = W32TIME_COUNTERS) {}

  /** Opens the query; throws when no counter can be added (the input is unavailable). */
  open(): void {
    const api = pdh();
    const query = [0];
    const status = api.PdhOpenQueryW(null, 0, query) as number;
    if (status !== 0) throw new Error(`PdhOpenQueryW failed (0x${status.toString(16)})`);
    this.query = Number(query[0]);
    const failures: string[] = [];
    for (const [path, key, factor] of this.counters) {
      const counter = [0];
      const added = api.PdhAddEnglishCounterW(this.query, path, 0, counter) as number;
      if (added === 0) this.added.push({ handle: Number(counter[0]), key, factor });
      else failures.push(`${path} (0x${added.toString(16)})`);
    }
    if (this.added.length === 0) {
      this.close();
      throw new Error(`no Windows Time Service counter: ${failures.join(', ')}`);
    }
  }

  read(): Partial<Pick<TimesyncReading, CounterKey>> {
    const api = pdh();
    const status = api.PdhCollectQueryData(this.query) as number;
    if (status !== 0) throw new Error(`PdhCollectQueryData failed (0x${status.toString(16)})`);
    const values: Partial<Record<CounterKey, number>> = {};
    const buf = Buffer.alloc(PDH_FMT_COUNTERVALUE_SIZE);
    for (const c of this.added) {
      const got = api.PdhGetFormattedCounterValue(c.handle, PDH_FMT_DOUBLE | PDH_FMT_NOCAP100, null, buf);
      const value = got === 0 ? pdhDouble(buf) : undefined;
      if (value !== undefined) values[c.key] = value * c.factor;
    }
    return values;
  }

  close(): void {
    if (this.query) pdh().PdhCloseQuery(this.query);
    this.query = 0;
    this.added.length = 0;
  }
}
