// The extension point of `check`: one CheckSection per thing it reports on. A new
// collector adds its section to the list in sections.ts, usually with collectorSection:
// the section then reads the collector's own backend with the collector's own settings.
import type { CollectorDefinition, CommonCollectorOptions } from '../collectors/types';
import type { OptionTree, OptionValues } from '../config/options';
import { collectorSettings, type Config } from '../config/schema';
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

/** A section over one collector's data source, handed that collector's typed settings. */
export function collectorSection<T extends OptionTree>(
  def: CollectorDefinition<T>,
  title: string,
  run: (options: OptionValues<T> & CommonCollectorOptions, ctx: CheckContext) => Promise<Finding[]>,
): CheckSection {
  return { title, collector: def.name, run: (ctx) => run(collectorSettings(ctx.config, def), ctx) };
}
