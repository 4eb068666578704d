// Persists the clock sampler's latest (wall - monotonic) reading and, on the first
// sample after a start, compares it with the reading the previous run left behind.
// Every failure here is logged and survived: the state file is an aid, never a reason
// for the clock collector to stop.
import type { Logger } from '../../log';
import { describeStateRead, StateFile } from '../../runtime/state-file';
import { compareAcrossRestart, fromRecord, toRecord, type GapReading } from './restart-gap';
import { narrowest } from './sampler';
import type { Bracket } from './types';

export const CLOCK_STATE_FILE = 'clock-offset.json';

export interface RestartTrackerSettings {
  readonly stateDir: string;
  readonly bootId: string | undefined;
  readonly thresholdSeconds: number;
  /** Save at least this often (also after every step and at stop). */
  readonly saveIntervalSeconds: number;
}

export class RestartTracker {
  private readonly file: StateFile;
  private compared = false;
  private latest: GapReading | undefined;
  private lastSavedMonoNs: bigint | undefined;
  private lastSaveError: string | undefined;

  constructor(
    private readonly settings: RestartTrackerSettings,
    private readonly logger: Logger,
  ) {
    this.file = new StateFile(settings.stateDir, CLOCK_STATE_FILE);
  }

  /** A tracker saving every 10 s, or undefined without a storage directory. */
  static inDir(
    stateDir: string | undefined,
    bootId: string | undefined,
    thresholdSeconds: number,
    logger: Logger,
  ): RestartTracker | undefined {
    if (stateDir === undefined) return undefined;
    return new RestartTracker({ stateDir, bootId, thresholdSeconds, saveIntervalSeconds: 10 }, logger);
  }

  /**
   * Feeds one sample's brackets (the sampler keeps the narrowest; so does this). Returns
   * the signed size of a step that happened while the exporter was down (only ever on
   * the first sample), else undefined.
   */
  observe(brackets: readonly Bracket[], stepped: boolean): number | undefined {
    const reading = narrowest(brackets);
    if (!reading) return undefined;
    this.latest = { bootId: this.settings.bootId, ...reading };
    let gap: number | undefined;
    if (!this.compared) {
      this.compared = true;
      gap = this.compareWithPrevious(this.latest);
      this.save();
    } else if (stepped || this.saveDue(reading.monoNs)) {
      this.save();
    }
    return gap;
  }

  stop(): void {
    if (this.latest) this.save();
  }

  private saveDue(monoNs: bigint): boolean {
    const last = this.lastSavedMonoNs;
    return last === undefined || Number(monoNs - last) / 1e9 >= this.settings.saveIntervalSeconds;
  }

  private compareWithPrevious(now: GapReading): number | undefined {
    const read = this.file.read(fromRecord);
    const log = { collector: 'clock', file: this.file.path };
    if (read.kind === 'missing') {
      this.logger.info('no previous clock state; restart gaps are tracked from now on', log);
      return undefined;
    }
    if (read.kind !== 'ok') {
      this.logger.warn('clock state file not used; restart gaps are tracked from now on', {
        ...log,
        ...describeStateRead(read),
      });
      return undefined;
    }
    const saved = read.value;
    const verdict = compareAcrossRestart(saved, now, this.settings.thresholdSeconds);
    if (verdict.kind === 'other_boot') {
      this.logger.info('clock state is from another boot; not compared', { ...log, why: verdict.why });
      return undefined;
    }
    this.logger.info('compared clock with the previous run', {
      ...log,
      elapsed_seconds: verdict.elapsedSeconds,
      change_seconds: verdict.changeSeconds,
      allowance_seconds: verdict.allowanceSeconds,
    });
    return verdict.stepSeconds;
  }

  private save(): void {
    if (!this.latest) return;
    try {
      this.file.write(toRecord(this.latest));
      this.lastSaveError = undefined;
    } catch (error) {
      const err = error instanceof Error ? error.message : String(error);
      if (err !== this.lastSaveError) {
        this.logger.warn('cannot save clock state', { collector: 'clock', file: this.file.path, err });
      }
      this.lastSaveError = err;
    }
    // A failed save is retried at the next interval, not at every sample.
    this.lastSavedMonoNs = this.latest.monoNs;
  }
}
