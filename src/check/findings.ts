// What `check` reports: sections of one-line findings, rendered as one page of text, and
// the exit status they imply. Pure.

export type Status = 'ok' | 'info' | 'attention' | 'skipped';

export interface Finding {
  readonly status: Status;
  /** One line a person can act on. */
  readonly text: string;
  /**
   * Where an 'attention' finding is explained: the runbook of the alert that raises the
   * same condition (docs/runbooks/<AlertName>.md), or its collector's page.
   */
  readonly see?: string;
}

export interface SectionReport {
  readonly title: string;
  readonly findings: readonly Finding[];
}

const EXIT_ALL_WELL = 0;
const EXIT_ATTENTION = 1;

const LABEL: Record<Status, string> = {
  ok: 'ok',
  info: 'info',
  attention: 'ATTENTION',
  skipped: 'skipped',
};

function attentionCount(sections: readonly SectionReport[]): number {
  return sections.reduce((n, s) => n + s.findings.filter((f) => f.status === 'attention').length, 0);
}

export function exitStatus(sections: readonly SectionReport[]): number {
  return attentionCount(sections) > 0 ? EXIT_ATTENTION : EXIT_ALL_WELL;
}

export function renderReport(header: string, sections: readonly SectionReport[]): string {
  const lines = [header, ''];
  for (const section of sections) {
    lines.push(section.title);
    for (const f of section.findings) {
      const pointer = f.status === 'attention' && f.see ? `  -> ${f.see}` : '';
      lines.push(`  ${LABEL[f.status].padEnd(10)} ${f.text}${pointer}`);
    }
    lines.push('');
  }
  const n = attentionCount(sections);
  lines.push(
    n === 0
      ? 'result: all is well (exit 0)'
      : `result: ${n} finding${n === 1 ? ' needs' : 's need'} attention (exit ${EXIT_ATTENTION})`,
  );
  return `${lines.join('\n')}\n`;
}

/** Seconds as a person reads them: 1 ns, 1.4 µs, 15.625 ms, 3.0 s. */
export function formatSeconds(seconds: number): string {
  const abs = Math.abs(seconds);
  const [scale, unit] =
    abs === 0
      ? [1, 's']
      : abs < 1e-6
        ? [1e9, 'ns']
        : abs < 1e-3
          ? [1e6, 'µs']
          : abs < 1
            ? [1e3, 'ms']
            : [1, 's'];
  const value = seconds * scale;
  return `${Number(value.toPrecision(5))} ${unit}`;
}

/** A ratio in parts per million with its sign: +2.1 ppm. */
export function formatPpm(ratio: number): string {
  const ppm = ratio * 1e6;
  return `${ppm >= 0 ? '+' : ''}${Number(ppm.toPrecision(3))} ppm`;
}
