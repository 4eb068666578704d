// The real Prometheus and Alertmanager (Debian's /usr/bin/prometheus and
// /usr/bin/prometheus-alertmanager) started on loopback ports with temporary data
// directories, and a webhook receiver that records every notification. Every start
// function returns something with stop(); the suite's after() hook calls them all.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep, stopChild } from './exporter';

export const PROMETHEUS = '/usr/bin/prometheus';
export const ALERTMANAGER = '/usr/bin/prometheus-alertmanager';

export interface Stoppable {
  stop(): Promise<unknown>;
}

/** One alert as Alertmanager's webhook delivers it. */
export interface WebhookAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface Receiver extends Stoppable {
  readonly url: string;
  readonly alerts: WebhookAlert[];
}

/** A free loopback port (the kernel picks it; it is released just before use). */
export async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function startReceiver(): Promise<Receiver> {
  const alerts: WebhookAlert[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      alerts.push(...(JSON.parse(body) as { alerts: WebhookAlert[] }).alerts);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    alerts,
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** A child process whose output is kept for the failure message, and its temp dir. */
export interface Daemon extends Stoppable {
  readonly url: string;
  readonly logs: string[];
  readonly child: ChildProcess;
}

async function startDaemon(binary: string, args: string[], port: number, dir: string): Promise<Daemon> {
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: string[] = [];
  const keep = (chunk: Buffer) => logs.push(...chunk.toString().split('\n').filter(Boolean));
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const daemon: Daemon = {
    url,
    logs,
    child,
    stop: async () => {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  const ready = await waitFor(async () => (await fetch(`${url}/-/ready`)).ok, 30_000).catch(() => false);
  if (!ready || child.exitCode !== null) {
    await daemon.stop();
    throw new Error(`${binary} did not become ready:\n${logs.slice(-20).join('\n')}`);
  }
  return daemon;
}

export async function startAlertmanager(receiverUrl: string): Promise<Daemon> {
  const dir = mkdtempSync(join(tmpdir(), 'hostwatch-am-'));
  const config = join(dir, 'alertmanager.yml');
  // Small group_wait/group_interval: a notification goes out about a second after
  // Prometheus sends the alert, and the resolved one a second after it resolves.
  writeFileSync(
    config,
    JSON.stringify({
      route: {
        receiver: 'test',
        group_by: ['alertname', 'instance'],
        group_wait: '1s',
        group_interval: '1s',
        repeat_interval: '1h',
      },
      receivers: [{ name: 'test', webhook_configs: [{ url: receiverUrl, send_resolved: true }] }],
    }),
  );
  const port = await freePort();
  const args = [
    `--config.file=${config}`,
    `--storage.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--cluster.listen-address=', // no gossip: a single instance on loopback
  ];
  return startDaemon(ALERTMANAGER, args, port, dir);
}

export async function startPrometheus(opts: {
  rulesFile: string;
  /** Without one, rules are evaluated and alerts go nowhere (the dashboards suite). */
  alertmanager?: string;
  targets: string[];
}): Promise<Daemon> {
  const dir = mkdtempSync(join(tmpdir(), 'hostwatch-prom-'));
  const config = join(dir, 'prometheus.yml');
  writeFileSync(
    config,
    JSON.stringify({
      global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
      rule_files: [opts.rulesFile],
      ...(opts.alertmanager && {
        alerting: { alertmanagers: [{ static_configs: [{ targets: [new URL(opts.alertmanager).host] }] }] },
      }),
      scrape_configs: [{ job_name: 'hostwatch', static_configs: [{ targets: opts.targets }] }],
    }),
  );
  const port = await freePort();
  const args = [
    `--config.file=${config}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--rules.alert.resend-delay=1s',
  ];
  return startDaemon(PROMETHEUS, args, port, dir);
}

/** Polls until check() is true or the deadline passes; returns whether it became true. */
export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return true;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) return false;
    await sleep(250);
  }
}
