// The extension point of `check`: one CheckSection per thing it reports on. A new
// collector adds its section to the list in sections.ts.
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

/** Settings of one collector from the configuration, typed by the caller. */
export function settingsOf<T>(ctx: CheckContext, collector: string): T {
  return ctx.config.collectors[collector] as unknown as T;
}
