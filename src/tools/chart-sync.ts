// The Helm chart's copies of what lives elsewhere in the repository: the alert rules
// (alerts/hostwatch.rules.yml), the Grafana dashboards (dashboards/*.json, whatever
// exists) and Chart.yaml's appVersion (package.json). A chart is packaged on its own, so
// it must carry copies; `npm run chart` writes them and test/unit/chart.test.ts fails
// when they differ.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const ROOT = join(__dirname, '..', '..', '..');
export const CHART_DIR = join('helm', 'hostwatch-exporter');
const RULES = join('alerts', 'hostwatch.rules.yml');
const DASHBOARDS = 'dashboards';
const CHART_RULES = join(CHART_DIR, 'files', 'hostwatch.rules.yml');
const CHART_DASHBOARDS = join(CHART_DIR, 'files', 'dashboards');

/** A file of the chart, relative to the repository root; content null: it must not exist. */
export interface ChartCopy {
  readonly path: string;
  readonly content: string | null;
}

const jsonFiles = (dir: string): string[] =>
  existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : [];

/** What the chart's copies must be, given the repository at `root`. */
export function expectedCopies(root: string = ROOT): ChartCopy[] {
  const read = (path: string) => readFileSync(join(root, path), 'utf8');
  const version = (JSON.parse(read('package.json')) as { version: string }).version;
  const chartYaml = join(CHART_DIR, 'Chart.yaml');
  const copies: ChartCopy[] = [
    { path: chartYaml, content: read(chartYaml).replace(/^appVersion: .*$/m, `appVersion: '${version}'`) },
    { path: CHART_RULES, content: read(RULES) },
  ];
  const sources = jsonFiles(join(root, DASHBOARDS));
  for (const file of sources)
    copies.push({ path: join(CHART_DASHBOARDS, file), content: read(join(DASHBOARDS, file)) });
  for (const file of jsonFiles(join(root, CHART_DASHBOARDS))) {
    if (!sources.includes(file)) copies.push({ path: join(CHART_DASHBOARDS, file), content: null });
  }
  return copies;
}

/** The copies that differ from what they must be, one line each. */
export function chartDrift(root: string = ROOT): string[] {
  return expectedCopies(root).flatMap(({ path, content }) => {
    const full = join(root, path);
    const present = existsSync(full);
    if (content === null) return present ? [`${path}: no longer has a source; remove it`] : [];
    if (!present) return [`${path}: missing`];
    return readFileSync(full, 'utf8') === content ? [] : [`${path}: differs from its source`];
  });
}

/** Writes (or removes) every copy that differs; returns what it changed. */
export function syncChart(root: string = ROOT): string[] {
  const changed = chartDrift(root);
  for (const { path, content } of expectedCopies(root)) {
    const full = join(root, path);
    if (content === null) rmSync(full, { force: true });
    else {
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(full, content);
    }
  }
  return changed;
}

if (require.main === module) {
  const changed = syncChart();
  process.stdout.write(changed.length ? `${changed.join('\n')}\nupdated\n` : 'the chart is up to date\n');
}
