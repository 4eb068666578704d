// The status page at `/`: what this exporter is, live charts of the last 10 minutes (drawn
// by /status/status.js with uPlot, both served by the exporter) and tables that need no
// JavaScript. Everything from the host goes through html``, which escapes it.
import { html, type Html } from './html';
import { INTERVAL_SECONDS, MAX_SERIES, WINDOW_SECONDS } from './history';
import type { Table } from './tables';

export const HISTORY_PATH = '/status/history.json';

export interface StatusInfo {
  readonly version: string;
  readonly platform: string;
  readonly arch: string;
  readonly nodeVersion: string;
  readonly telemetryPath: string;
  readonly collectors: readonly string[];
}

/** The charts, in page order; their ids are the `chart` of the recorder's specs. */
export const CHARTS: readonly { id: string; title: string; unit: 's' | 'ppm' | 'count' }[] = [
  { id: 'offset', title: 'Wall minus monotonic, change since start', unit: 's' },
  { id: 'drift', title: 'Drift of the wall clock', unit: 'ppm' },
  { id: 'steps', title: 'Clock steps per interval', unit: 'count' },
  { id: 'listen', title: 'Listen probe latency (mean per interval)', unit: 's' },
  { id: 'sleep', title: 'Lateness of a 1 ms sleep (mean per interval)', unit: 's' },
];

function table(t: Table): Html {
  const head = t.head.map((h) => html`<th scope="col">${h}</th>`);
  const rows = t.rows.map(
    (row) =>
      html`<tr>
        ${row.map((c, i) =>
          i === 0 && t.head[0] === ''
            ? html`<th scope="row">${c.text}</th>`
            : html`<td${c.series === undefined ? '' : html` data-series="${c.series}" data-value="${c.value}"`}>${c.text}</td>`,
        )}
      </tr>`,
  );
  const body =
    rows.length > 0
      ? rows
      : html`<tr>
          <td colspan="${t.head.length}" class="empty">${t.empty}</td>
        </tr>`;
  return html`<table id="${t.id}">
    <caption>
      ${t.caption}
    </caption>
    <thead>
      <tr>
        ${head}
      </tr>
    </thead>
    <tbody>
      ${body}
    </tbody>
  </table>`;
}

function charts(): Html {
  const figures = CHARTS.map(
    (c) =>
      html`<figure class="chart" data-chart="${c.id}" data-unit="${c.unit}" data-points="0">
        <figcaption>${c.title}</figcaption>
        <div class="plot"></div>
      </figure>`,
  );
  return html`<section id="charts">
    <h2>Last ${WINDOW_SECONDS / 60} minutes</h2>
    <noscript><p>The charts need JavaScript; the tables below do not.</p></noscript>
    <div class="grid">${figures}</div>
  </section>`;
}

export function statusPage(info: StatusInfo, tables: readonly Table[]): string {
  const collectors = info.collectors.map((c) => html`<li>${c}</li>`);
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>hostwatch-exporter</title>
        <link rel="stylesheet" href="/status/uPlot.min.css" />
        <link rel="stylesheet" href="/status/status.css" />
        <script defer src="/status/uPlot.iife.min.js"></script>
        <script defer src="/status/status.js"></script>
      </head>
      <body data-history="${HISTORY_PATH}">
        <header>
          <h1>hostwatch-exporter</h1>
          <p>
            Version ${info.version} on ${info.platform}/${info.arch}, Node.js ${info.nodeVersion}.
            <a href="${info.telemetryPath}">${info.telemetryPath}</a> · <a href="/healthz">/healthz</a> ·
            <a href="/readyz">/readyz</a> · <a href="${HISTORY_PATH}">${HISTORY_PATH}</a>
          </p>
          <details>
            <summary>Enabled collectors</summary>
            <ul>
              ${collectors}
            </ul>
          </details>
        </header>
        <main>
          ${charts()}
          <section id="tables">
            <h2>Now</h2>
            <div class="tables">${tables.map(table)}</div>
          </section>
        </main>
        <footer>
          <p>
            The exporter keeps ${WINDOW_SECONDS / 60} minutes of these series in memory, one point every
            ${INTERVAL_SECONDS} s (at most ${MAX_SERIES} series), and serves them as JSON at
            <a href="${HISTORY_PATH}">${HISTORY_PATH}</a>. Tables show the values of the moment the page was
            served, as <a href="${info.telemetryPath}">${info.telemetryPath}</a> did.
          </p>
        </footer>
      </body>
    </html> `.text;
}
