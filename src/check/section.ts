// The extension point of `check`: one CheckSection per thing it reports on. A collector
// that lands later adds its section to the list in sections.ts; until then that list
// holds a placeholder that says the check was not made.
import type { Config } from '../config/schema';
import type { Platform } from '../platform';
import type { Finding } from './findings';

export interface CheckContext {
  readonly config: Config;
  readonly platform: Platform;
}

export interface CheckSection {
  readonly title: string;
  /** The collector whose data source this section reads; skipped when it is disabled. */
  readonly collector: string | undefined;
  run(ctx: CheckContext): Promise<Finding[]>;
}

/** A section for a collector this build does not have yet: reported, never failed. */
export function notInThisBuild(title: string, collector: string): CheckSection {
  return {
    title,
    collector: undefined,
    run: () =>
      Promise.resolve([{ status: 'skipped', text: `not checked: this build has no ${collector} collector` }]),
  };
}

/** Settings of one collector from the configuration, typed by the caller. */
export function settingsOf<T>(ctx: CheckContext, collector: string): T {
  return ctx.config.collectors[collector] as unknown as T;
}
