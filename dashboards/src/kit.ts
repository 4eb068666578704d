// What every hostwatch dashboard shares: the datasource, job and instance variables, the
// runbook base, panel descriptions that say what a metric means, where it comes from on
// Windows and on Linux and which alert relates, and queries that carry the datasource.
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import * as heatmap from '@grafana/grafana-foundation-sdk/heatmap';
import * as prometheus from '@grafana/grafana-foundation-sdk/prometheus';
import * as statetimeline from '@grafana/grafana-foundation-sdk/statetimeline';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';

/**
 * Where the runbooks are: the same base as the alert rules' runbook_url. Dashboards
 * carry it in the hidden constant variable runbook_base; change it there (Dashboard
 * settings, Variables) to point at a fork or an internal wiki.
 */
export const RUNBOOK_BASE = 'https://github.com/hostwatch/hostwatch-exporter/blob/main/docs/runbooks';

/** Label matchers every query carries, so the job and instance variables filter it. */
export const HOST = 'job=~"$job", instance=~"$instance"';

export const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };

export interface About {
  /** What the panel shows and what the metric means. */
  readonly what: string;
  /** Where the value comes from on Windows ('' when the panel is the same everywhere). */
  readonly windows: string;
  readonly linux: string;
  /** Alerts of alerts/hostwatch.rules.yml about what this panel shows. */
  readonly alerts?: readonly string[];
}

/** A panel description in Markdown: meaning, sources per OS, related alerts and runbooks. */
export function describe(about: About): string {
  const lines = [about.what, '', `**Windows:** ${about.windows}`, '', `**Linux:** ${about.linux}`];
  const alerts = about.alerts ?? [];
  if (alerts.length > 0) {
    const links = alerts.map((a) => `[${a}](\${runbook_base}/${a}.md)`).join(', ');
    lines.push('', `**Alerts:** ${links}.`);
  } else {
    lines.push('', '**Alerts:** none reads this directly.');
  }
  return lines.join('\n');
}

/** Panel links to the runbook of each related alert. */
export function runbookLinks(about: About): cog.Builder<dashboard.DashboardLink>[] {
  return (about.alerts ?? []).map((alert) =>
    new dashboard.DashboardLinkBuilder(`Runbook: ${alert}`)
      .type(dashboard.DashboardLinkType.Link)
      .url(`\${runbook_base}/${alert}.md`)
      .targetBlank(true),
  );
}

export interface QueryOptions {
  readonly legend?: string;
  readonly instant?: boolean;
  readonly format?: 'table' | 'heatmap';
}

/** A Prometheus query on the dashboard's datasource, range by default. */
export function query(refId: string, expr: string, options: QueryOptions = {}): prometheus.DataqueryBuilder {
  const q = new prometheus.DataqueryBuilder().refId(refId).datasource(DATASOURCE).expr(expr);
  if (options.instant) q.instant();
  else q.range();
  if (options.format) q.format(options.format as prometheus.PromQueryFormat);
  q.legendFormat(options.legend ?? (options.format === 'heatmap' ? '{{le}}' : '__auto'));
  return q;
}

/** The builder methods every panel kind has. */
interface PanelLike<T> {
  title(title: string): T;
  description(description: string): T;
  unit(unit: string): T;
  links(links: cog.Builder<dashboard.DashboardLink>[]): T;
  datasource(datasource: { type: string; uid: string }): T;
  targets(targets: cog.Builder<cog.Dataquery>[]): T;
  span(w: number): T;
  height(h: number): T;
}

export interface PanelSpec {
  readonly title: string;
  readonly about: About;
  readonly unit: string;
  readonly targets: prometheus.DataqueryBuilder[];
  /** Grid width (of 24) and height. */
  readonly w: number;
  readonly h: number;
}

/** Fills in what every panel must have: title, description, unit, runbook links, queries. */
export function panel<T extends PanelLike<T>>(builder: T, spec: PanelSpec): T {
  return builder
    .title(spec.title)
    .description(describe(spec.about))
    .unit(spec.unit)
    .links(runbookLinks(spec.about))
    .datasource(DATASOURCE)
    .targets(spec.targets)
    .span(spec.w)
    .height(spec.h);
}

/** A legend under the chart: the SDK's default hides it, and series need their names. */
const legend = () =>
  new common.VizLegendOptionsBuilder()
    .showLegend(true)
    .displayMode(common.LegendDisplayMode.List)
    .placement(common.LegendPlacement.Bottom);
const tooltip = () => new common.VizTooltipOptionsBuilder().mode(common.TooltipDisplayMode.Multi);

/** A heatmap of a histogram's buckets as Prometheus has them (no recalculation), le on y. */
export const heatmapPanel = (spec: PanelSpec) =>
  panel(new heatmap.PanelBuilder(), spec)
    .calculate(false)
    .yAxis(new heatmap.YAxisConfigBuilder().unit(spec.unit))
    .rowsFrame(new heatmap.RowsHeatmapOptionsBuilder().layout(common.HeatmapCellLayout.Le));

export const timeseriesPanel = (spec: PanelSpec) =>
  panel(new timeseries.PanelBuilder().legend(legend()).tooltip(tooltip()), spec);
export const stateTimelinePanel = (spec: PanelSpec) =>
  panel(new statetimeline.PanelBuilder().legend(legend()).tooltip(tooltip()), spec);

/** A multi-select variable of label values, with All meaning any value. */
export function multiVariable(name: string, label: string, labelValues: string) {
  return new dashboard.QueryVariableBuilder(name)
    .label(label)
    .datasource(DATASOURCE)
    .query({ query: labelValues, refId: `${name}-variable` })
    .definition(labelValues)
    .refresh(dashboard.VariableRefresh.OnTimeRangeChanged)
    .sort(dashboard.VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    .allValue('.+');
}

function variables(extra: cog.Builder<dashboard.VariableModel>[]): cog.Builder<dashboard.VariableModel>[] {
  return [
    new dashboard.DatasourceVariableBuilder('datasource').label('Data source').type('prometheus'),
    multiVariable('job', 'Job', 'label_values(hostwatch_build_info, job)'),
    multiVariable('instance', 'Instance', 'label_values(hostwatch_build_info{job=~"$job"}, instance)'),
    ...extra,
    new dashboard.ConstantVariableBuilder('runbook_base')
      .label('Runbook base URL')
      .description('Where the runbooks of the alerts are; panel descriptions and links use it.')
      .value(RUNBOOK_BASE),
  ];
}

export interface DashboardSpec {
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  readonly extraVariables?: cog.Builder<dashboard.VariableModel>[];
  readonly annotations?: cog.Builder<dashboard.AnnotationQuery>[];
}

/** A dashboard with the shared variables, time range, refresh and links to its siblings. */
export function hostwatchDashboard(spec: DashboardSpec): dashboard.DashboardBuilder {
  const builder = new dashboard.DashboardBuilder(spec.title)
    .uid(spec.uid)
    .description(spec.description)
    .tags(['hostwatch'])
    .editable()
    .tooltip(dashboard.DashboardCursorSync.Crosshair)
    .time({ from: 'now-6h', to: 'now' })
    .refresh('1m')
    .timezone('browser')
    .variables(variables(spec.extraVariables ?? []))
    .link(
      new dashboard.DashboardLinkBuilder('hostwatch')
        .type(dashboard.DashboardLinkType.Dashboards)
        .tags(['hostwatch'])
        .asDropdown(true)
        .includeVars(true)
        .keepTime(true),
    );
  for (const annotation of spec.annotations ?? []) builder.annotation(annotation);
  return builder;
}

/** Hides the Time column and names the value columns of a merged instant-query table. */
export function tableTransformations(names: Record<string, string>, hide: string[] = []) {
  const excludeByName: Record<string, boolean> = { Time: true };
  for (const h of hide) excludeByName[h] = true;
  return [
    { id: 'merge', options: {} },
    { id: 'organize', options: { excludeByName, renameByName: names } },
  ];
}

/** A column of a merged table: its name, its unit and the instant query behind it. */
export type Column = readonly [name: string, unit: string, expr: string];

/**
 * One row per label set, one column per query (refId to column): instant table queries
 * merged, each value column named and given its unit; `hide` lists columns to drop.
 */
export function columnsTable(
  spec: Omit<PanelSpec, 'targets'>,
  columns: Record<string, Column>,
  hide: string[] = [],
) {
  const entries = Object.entries(columns);
  const names = Object.fromEntries(entries.map(([ref, [name]]) => [`Value #${ref}`, name]));
  const targets = entries.map(([ref, [, , expr]]) => query(ref, expr, { instant: true, format: 'table' }));
  const builder = panel(new table.PanelBuilder(), { ...spec, targets }).transformations(
    tableTransformations(names, hide),
  );
  for (const [name, unit] of Object.values(columns))
    builder.overrideByName(name, [{ id: 'unit', value: unit }]);
  return builder;
}

/** A row, then its panels. */
export function addRow(
  b: dashboard.DashboardBuilder,
  title: string,
  panels: cog.Builder<dashboard.Panel>[],
): void {
  b.withRow(new dashboard.RowBuilder(title));
  for (const p of panels) b.withPanel(p);
}
