// Steps that happened while the exporter was not running. Pure.
//
// The clock collector persists its last (wall - monotonic) reading with the identity of
// the boot it was taken in. On the next start in the same boot, the monotonic clock has
// kept counting, so the elapsed time is known and (wall - monotonic) may only have moved
// by the slew the OS applied: at most 500 ppm of the elapsed time (MAX_SLEW_RATIO). A
// change beyond threshold + that drift + the read uncertainty of both readings is one
// step, source="restart_gap", whatever happened in between (one step or several).
//
// Same boot? On Linux, /proc/sys/kernel/random/boot_id says so. Windows has no boot id
// that survives Wine and old builds, so the boot is identified by the monotonic clock
// (QPC counts from boot): the derived boot time (wall - monotonic) is exactly the offset
// we compare. A new boot moves it forward by at least the previous boot's uptime at the
// save (the new boot started after the save), and the monotonic clock restarts from 0.
// So with no boot id: monotonic went backwards, or the offset moved forward by the
// saved uptime or more -> another boot; otherwise -> the same boot and the change is a
// step. A forward step longer than the uptime at the last save is taken for a reboot.
import { MAX_SLEW_RATIO } from './sampler';

export interface GapReading {
  /** Linux boot_id; undefined where the OS has none (Windows). */
  readonly bootId: string | undefined;
  readonly monoNs: bigint;
  /** wall - monotonic, ns. */
  readonly offsetNs: bigint;
  /** Width of the (monotonic, wall, monotonic) bracket the reading came from, ns. */
  readonly widthNs: number;
}

export type GapVerdict =
  | { readonly kind: 'other_boot'; readonly why: string }
  | {
      readonly kind: 'same_boot';
      readonly elapsedSeconds: number;
      readonly changeSeconds: number;
      readonly allowanceSeconds: number;
      /** Signed step size in seconds, or undefined when the change is within allowance. */
      readonly stepSeconds: number | undefined;
    };

export function compareAcrossRestart(
  saved: GapReading,
  now: GapReading,
  thresholdSeconds: number,
): GapVerdict {
  const elapsedSeconds = Number(now.monoNs - saved.monoNs) / 1e9;
  const changeSeconds = Number(now.offsetNs - saved.offsetNs) / 1e9;
  if (saved.bootId !== now.bootId) return { kind: 'other_boot', why: 'boot id changed' };
  if (elapsedSeconds < 0) return { kind: 'other_boot', why: 'monotonic clock went backwards' };
  if (now.bootId === undefined && changeSeconds >= Number(saved.monoNs) / 1e9) {
    return { kind: 'other_boot', why: 'derived boot time moved by more than the saved uptime' };
  }
  const allowanceSeconds =
    thresholdSeconds + MAX_SLEW_RATIO * elapsedSeconds + (saved.widthNs + now.widthNs) / 2 / 1e9;
  const stepSeconds = Math.abs(changeSeconds) > allowanceSeconds ? changeSeconds : undefined;
  return { kind: 'same_boot', elapsedSeconds, changeSeconds, allowanceSeconds, stepSeconds };
}

const RECORD_VERSION = 1;

/** The JSON form: bigints as decimal strings, so no precision is lost. */
export function toRecord(reading: GapReading): Record<string, unknown> {
  return {
    version: RECORD_VERSION,
    boot_id: reading.bootId ?? null,
    mono_ns: reading.monoNs.toString(),
    offset_ns: reading.offsetNs.toString(),
    width_ns: reading.widthNs,
  };
}

/** Parses a stored record; undefined when it is not one we wrote (corrupt, other version). */
export function fromRecord(value: unknown): GapReading | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as Record<string, unknown>;
  const integer = /^-?\d+$/;
  if (r['version'] !== RECORD_VERSION) return undefined;
  if (r['boot_id'] !== null && typeof r['boot_id'] !== 'string') return undefined;
  if (typeof r['mono_ns'] !== 'string' || !integer.test(r['mono_ns'])) return undefined;
  if (typeof r['offset_ns'] !== 'string' || !integer.test(r['offset_ns'])) return undefined;
  const width = r['width_ns'];
  if (typeof width !== 'number' || !Number.isFinite(width) || width < 0) return undefined;
  return {
    bootId: r['boot_id'] ?? undefined,
    monoNs: BigInt(r['mono_ns']),
    offsetNs: BigInt(r['offset_ns']),
    widthNs: width,
  };
}
