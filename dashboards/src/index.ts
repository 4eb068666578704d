// The dashboards this repository ships, and their JSON as committed in dashboards/.
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import { clockDashboard } from './clock';
import { fleetDashboard } from './fleet';
import { listenDashboard } from './listen';
import { runtimeDashboard } from './runtime';

export interface DashboardFile {
  /** File name under dashboards/. */
  readonly file: string;
  readonly build: () => dashboard.Dashboard;
}

export const DASHBOARDS: readonly DashboardFile[] = [
  { file: 'fleet.json', build: fleetDashboard },
  { file: 'clock.json', build: clockDashboard },
  { file: 'listen.json', build: listenDashboard },
  { file: 'runtime.json', build: runtimeDashboard },
];

/**
 * Grafana 10.0's schema version: nothing here needs a later one, and Grafana migrates a
 * dashboard up on load but never down.
 */
export const SCHEMA_VERSION = 38;

/**
 * The JSON Grafana imports: panels numbered in order (stable ids), id null so an import
 * creates or overwrites by uid, two-space indentation and a final newline. The SDK marks
 * links and annotations with Grafana 12's placement "inControlsMenu", which would tuck
 * them into a menu there; without it every version shows them in the dashboard's bar.
 */
export function renderDashboard(d: dashboard.Dashboard): string {
  let id = 0;
  const panels = (d.panels ?? []).map((p) => ({ ...p, id: ++id }));
  const json = JSON.stringify({ ...d, id: null, schemaVersion: SCHEMA_VERSION, panels }, withoutPlacement, 2);
  return `${json}\n`;
}

function withoutPlacement(key: string, value: unknown): unknown {
  return key === 'placement' && value === 'inControlsMenu' ? undefined : value;
}
