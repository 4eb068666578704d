// The status page in a real browser: Debian's headless Chromium, driven by playwright-core,
// with every networking feature that reaches out turned off and every request that is not
// to the exporter refused, loads `/` from the built exporter (under libfaketime, services
// from a real systemd manager, one out of policy). It waits until every chart holds real
// data, steps the exporter's clock so the steps chart has a bar, checks each chart's canvas
// has pixels of its first series' colour, that every table value is the one /metrics
// gives, that the tables are there without JavaScript, and saves a screenshot
// (HOSTWATCH_SCREENSHOT=docs/status-page.png refreshes the one in the docs).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { waitFor } from '../support/alerting';
import { type RunningExporter, sampleValue, startExporter } from '../support/exporter';
import { startPolicyServices, type UserManager } from '../support/systemd-user';
import { faketimeEnv, LIBFAKETIME, needTools } from '../support/tools';

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** The first series' stroke colour in client/status.ts (#1f77b4). */
const FIRST_SERIES_RGB = [0x1f, 0x77, 0xb4];
/** Values that move between two reads a second apart; compared with a tolerance. */
const MOVING: Record<string, number> = { hostwatch_clock_drift_ratio: 1e-5 };

const skip = needTools(CHROMIUM, LIBFAKETIME, 'unshare', '/lib/systemd/systemd', 'systemctl');
const dir = mkdtempSync(join(tmpdir(), 'hostwatch-status-page-'));
let manager: UserManager | undefined;
let exporter: RunningExporter | undefined;
let context: BrowserContext | undefined;
const outside: string[] = [];
const pageErrors: string[] = [];

before(async () => {
  if (skip) return;
  const services = await startPolicyServices('hw-page');
  manager = services.manager;
  const config = join(dir, 'config.yml');
  writeFileSync(
    config,
    [
      'collectors:',
      '  clock: { drift_window: 30s }',
      '  timer: { probe_interval: 1s }',
      '  listen: { interval: 1s }',
      ...services.config,
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'offset'), '+0\n');
  exporter = await startExporter([`--config.file=${config}`], faketimeEnv(join(dir, 'offset')));
  context = await launch('profile', true);
});

/** Chromium with a fresh profile; any request not to the exporter is refused and recorded. */
async function launch(profile: string, javaScriptEnabled: boolean): Promise<BrowserContext> {
  const browser = await chromium.launchPersistentContext(join(dir, profile), {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 900 },
    javaScriptEnabled,
  });
  await browser.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1' && url.port === String(exporter?.port)) return route.continue();
    outside.push(url.href);
    return route.abort();
  });
  return browser;
}

after(async () => {
  await context?.close();
  await exporter?.stop();
  await manager?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Points per chart, as status.js writes them into data-points. */
const points = (page: Page): Promise<Record<string, number>> =>
  page.$$eval('figure[data-chart]', (figs) =>
    Object.fromEntries(
      figs.map((f) => [f.getAttribute('data-chart'), Number(f.getAttribute('data-points'))]),
    ),
  );

/** Pixels of a colour in each chart's canvas (anti-aliasing tolerated). */
function colouredPixels(page: Page, rgb: number[]): Promise<Record<string, number>> {
  return page.$$eval(
    'figure[data-chart]',
    (figs, [r, g, b]) =>
      Object.fromEntries(
        figs.map((f) => {
          const canvas = f.querySelector('canvas');
          const data = canvas?.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data ?? [];
          let n = 0;
          for (let i = 0; i < data.length; i += 4) {
            const d =
              Math.abs((data[i] ?? 0) - (r ?? 0)) +
              Math.abs((data[i + 1] ?? 0) - (g ?? 0)) +
              Math.abs((data[i + 2] ?? 0) - (b ?? 0));
            if (d < 60 && (data[i + 3] ?? 0) > 200) n++;
          }
          return [f.getAttribute('data-chart'), n];
        }),
      ),
    rgb,
  );
}

test(
  'the status page draws live charts and its tables agree with /metrics',
  { skip, timeout: 5 * 60_000 },
  async (t) => {
    const page = await (context as BrowserContext).newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('console', (m) => (m.type() === 'error' ? pageErrors.push(m.text()) : undefined));
    const url = (exporter as RunningExporter).url('/');
    await page.goto(url);
    const filled = await waitFor(async () => Object.values(await points(page)).every((n) => n >= 3), 120_000);
    assert.ok(filled, `charts without data: ${JSON.stringify(await points(page))}`);

    writeFileSync(join(dir, 'offset'), '+0.25s\n');
    const stepped = await waitFor(
      async () => ((await colouredPixels(page, FIRST_SERIES_RGB))['steps'] ?? 0) > 0,
      60_000,
    );
    assert.ok(stepped, 'the steps chart never drew the step');
    const pixels = await colouredPixels(page, FIRST_SERIES_RGB);
    t.diagnostic(`first-series pixels per chart: ${JSON.stringify(pixels)}`);
    for (const [chart, n] of Object.entries(pixels))
      assert.ok(n > 10, `${chart}: the canvas has no series drawn`);

    await page.reload();
    const cells = await page.$$eval('td[data-series]', (tds) =>
      tds.map((td) => ({
        series: td.dataset['series'] ?? '',
        value: Number(td.dataset['value']),
        text: td.textContent,
      })),
    );
    const metrics = await (exporter as RunningExporter).scrape();
    assert.ok(cells.length > 20, `${cells.length} value cells`);
    for (const cell of cells) {
      const live = sampleValue(metrics, cell.series);
      assert.ok(live !== undefined, `${cell.series} is not in /metrics`);
      const tolerance = MOVING[cell.series.replace(/\{.*/, '')] ?? 0;
      assert.ok(
        Math.abs(live - cell.value) <= tolerance,
        `${cell.series}: page ${cell.value}, /metrics ${live}`,
      );
    }
    const services = await page.$$eval('#services tr', (rows) =>
      rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent ?? '')),
    );
    const [head = [], ...body] = services;
    const off = Object.fromEntries(head.map((h, i) => [h, body.find((r) => r[0] === 'hw-page-off')?.[i]]));
    assert.deepEqual(
      [off['start mode'], off['policy'], off['compliant'], off['reason']],
      ['manual', 'auto', 'no', 'start_mode'],
    );

    const shot = process.env['HOSTWATCH_SCREENSHOT'] ?? join(dir, 'status-page.png');
    await page.screenshot({ path: shot, fullPage: true });
    assert.ok(statSync(shot).size > 10_000, 'screenshot written');
    t.diagnostic(`screenshot: ${shot}`);
    assert.deepEqual(pageErrors, [], 'no script errors');
    assert.deepEqual(outside, [], 'no request left the exporter');
  },
);

test('without JavaScript the tables are all there', { skip }, async () => {
  const plain = await launch('profile-nojs', false);
  try {
    const page = await plain.newPage();
    await page.goto((exporter as RunningExporter).url('/'));
    for (const id of ['timesync', 'services', 'topology', 'collectors']) {
      assert.ok((await page.$$(`#${id} tbody td[data-series]`)).length > 0, `#${id} has values`);
    }
    assert.equal(await page.$$eval('figure[data-chart] canvas', (c) => c.length), 0, 'no charts drawn');
    assert.deepEqual(outside, [], 'no request left the exporter');
  } finally {
    await plain.close();
  }
});
