// `hostwatch-exporter check`: a one-page human report of the host right now, from the
// same backends the collectors read. Exit 0 when all is well, 1 when a finding needs
// attention (each one names its runbook). Sections run one after another so that the
// sleep probe and the clock brackets do not disturb each other.
import { hostname } from 'node:os';
import type { Config } from '../config/schema';
import type { Platform } from '../platform';
import { VERSION } from '../version';
import { exitStatus, renderReport, type Finding, type SectionReport } from './findings';
import { SEE } from './runbooks';
import type { CheckContext, CheckSection } from './section';
import { SECTIONS } from './sections';

/** Longest one section may take; the clock section needs DRIFT_SECONDS of it. */
const SECTION_TIMEOUT_SECONDS = 20;

export async function runCheck(
  config: Config,
  platform: Platform,
  write: (text: string) => void = (text) => process.stdout.write(text),
  sections: readonly CheckSection[] = SECTIONS,
): Promise<number> {
  const ctx: CheckContext = { config, platform };
  const reports: SectionReport[] = [];
  for (const section of sections) {
    reports.push({ title: section.title, findings: await runSection(section, ctx) });
  }
  const header = `hostwatch-exporter ${VERSION} check of ${hostname()} (${platform}/${process.arch}) at ${new Date().toISOString()}`;
  write(renderReport(header, reports));
  return exitStatus(reports);
}

async function runSection(section: CheckSection, ctx: CheckContext): Promise<Finding[]> {
  if (section.collector !== undefined && !ctx.config.collectors[section.collector]?.enabled) {
    return [{ status: 'skipped', text: `not checked: the ${section.collector} collector is disabled` }];
  }
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${SECTION_TIMEOUT_SECONDS} s`)),
      SECTION_TIMEOUT_SECONDS * 1000,
    );
  });
  try {
    return await Promise.race([section.run(ctx), deadline]);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return [
      {
        status: 'attention',
        text: `could not read the ${section.collector ?? section.title} data source: ${why}`,
        see: SEE.collectorFailing,
      },
    ];
  } finally {
    clearTimeout(timer);
  }
}
