// Reads the committed dashboards/*.json the way Grafana would: every query of every panel,
// annotation and variable, with the unit its column or panel shows it in; and the
// catalog (docs/metrics.md) the queries must name their metrics from.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../src/tools/catalog';

export const DASHBOARD_DIR = join(ROOT, 'dashboards');

interface Target {
  refId: string;
  expr: string;
  instant?: boolean;
  format?: string;
}
interface Override {
  matcher: { id: string; options: string };
  properties: { id: string; value: unknown }[];
}
export interface PanelJson {
  id: number;
  type: string;
  title: string;
  description?: string;
  links?: { title: string; url: string }[];
  targets?: Target[];
  fieldConfig?: { defaults: { unit?: string }; overrides: Override[] };
  options?: { yAxis?: { unit?: string } };
  transformations?: { id: string; options: { renameByName?: Record<string, string> } }[];
}
export interface DashboardJson {
  uid: string;
  title: string;
  schemaVersion: number;
  panels: PanelJson[];
  templating: {
    list: { name: string; type: string; multi?: boolean; includeAll?: boolean; query?: unknown }[];
  };
  annotations?: { list: { name: string; expr: string }[] };
}

export function committedDashboards(): { file: string; json: DashboardJson }[] {
  return readdirSync(DASHBOARD_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({
      file,
      json: JSON.parse(readFileSync(join(DASHBOARD_DIR, file), 'utf8')) as DashboardJson,
    }));
}

export interface DashboardQuery {
  /** "uid / panel title / refId", or "uid / annotation name", or "uid / variable name". */
  readonly key: string;
  readonly expr: string;
  readonly kind: 'range' | 'instant' | 'annotation' | 'variable';
  /** The Grafana unit the value is shown in (panels only). */
  readonly unit?: string;
  readonly panelType?: string;
}

/** The unit a target's values are shown in: a column override, or the panel's default. */
function unitOf(panel: PanelJson, target: Target, single: boolean): string | undefined {
  if (panel.type === 'heatmap') return panel.options?.yAxis?.unit;
  const raw = single ? 'Value' : `Value #${target.refId}`;
  const renames = Object.assign(
    {},
    ...(panel.transformations ?? []).map((t) => t.options.renameByName ?? {}),
  );
  const names = [raw, renames[raw] as string | undefined];
  for (const o of panel.fieldConfig?.overrides ?? []) {
    const hit =
      (o.matcher.id === 'byName' && names.includes(o.matcher.options)) ||
      (o.matcher.id === 'byFrameRefID' && o.matcher.options === target.refId);
    const unit = hit ? o.properties.find((p) => p.id === 'unit') : undefined;
    if (unit) return unit.value as string;
  }
  return panel.fieldConfig?.defaults.unit;
}

export function dashboardQueries(d: DashboardJson): DashboardQuery[] {
  const out: DashboardQuery[] = [];
  for (const panel of d.panels) {
    const targets = panel.targets ?? [];
    for (const t of targets) {
      out.push({
        key: `${d.uid} / ${panel.title} / ${t.refId}`,
        expr: t.expr,
        kind: t.instant ? 'instant' : 'range',
        unit: unitOf(panel, t, targets.length === 1),
        panelType: panel.type,
      });
    }
  }
  for (const a of d.annotations?.list ?? [])
    out.push({ key: `${d.uid} / ${a.name}`, expr: a.expr, kind: 'annotation' });
  for (const v of d.templating.list) {
    const q = (v.query as { query?: string } | undefined)?.query;
    const inner = q ? /^label_values\((.*),\s*\w+\)$/.exec(q)?.[1] : undefined;
    if (inner) out.push({ key: `${d.uid} / $${v.name}`, expr: inner, kind: 'variable' });
  }
  return out;
}

export interface CatalogEntry {
  readonly name: string;
  readonly type: string;
  readonly labels: readonly string[];
}

/** The metric tables of docs/metrics.md: name, type and labels of every family. */
export function catalogMetrics(): CatalogEntry[] {
  const text = readFileSync(join(ROOT, 'docs', 'metrics.md'), 'utf8');
  const rows = text.matchAll(/^\| `(hostwatch_\w+)` \| (\w+) \| ([^|]*) \|/gm);
  return [...rows].map(([, name = '', type = '', labels = '']) => ({
    name,
    type,
    labels: labels
      .split(',')
      .map((l) => l.trim())
      .filter(Boolean),
  }));
}

/** The catalog family a series name belongs to (histograms: _bucket, _sum, _count). */
export function familyOf(
  catalog: readonly CatalogEntry[],
  series: string,
): { entry: CatalogEntry; labels: string[] } | undefined {
  for (const entry of catalog) {
    if (entry.name === series) return { entry, labels: [...entry.labels] };
    if (entry.type !== 'histogram') continue;
    if (series === `${entry.name}_bucket`) return { entry, labels: [...entry.labels, 'le'] };
    if (series === `${entry.name}_sum` || series === `${entry.name}_count`) {
      return { entry, labels: [...entry.labels] };
    }
  }
  return undefined;
}
