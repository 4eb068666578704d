// The whole alerting path for an end-to-end test: a webhook receiver, Alertmanager, the
// exporter (with whatever the test preloads into it) and Prometheus scraping it with the
// rules loaded; plus the two things tests ask of it: a PromQL value and a notification.
import assert from 'node:assert/strict';
import {
  type Daemon,
  type Receiver,
  startAlertmanager,
  startPrometheus,
  startReceiver,
  type Stoppable,
  waitFor,
  type WebhookAlert,
} from './alerting';
import { type RunningExporter, startExporter } from './exporter';

/** The exporter scraped by Prometheus, alerting through Alertmanager to a receiver. */
export interface AlertingStack {
  readonly exporter: RunningExporter;
  readonly prometheus: Daemon;
  readonly receiver: Receiver;
  /** The value of an instant query, NaN when it returns nothing. */
  query(expr: string): Promise<number>;
  /** Waits for a notification of the alert in that status; returns it and the wait. */
  notification(alertname: string, status: WebhookAlert['status'], timeoutMs: number): Promise<Notification>;
  stop(): Promise<void>;
}

export interface Notification {
  readonly alert: WebhookAlert;
  readonly seconds: number;
}

/**
 * Starts the receiver, Alertmanager, the exporter (with the given flags and environment,
 * e.g. LD_PRELOAD) and Prometheus loaded with the rules file. On a failure half way,
 * whatever started is stopped before the error is thrown.
 */
export async function startAlertingStack(opts: {
  rulesFile: string;
  exporterArgs?: string[];
  exporterEnv?: NodeJS.ProcessEnv;
}): Promise<AlertingStack> {
  const started: Stoppable[] = [];
  const stop = async () => {
    for (const s of started.reverse()) await s.stop();
  };
  try {
    const receiver = await startReceiver();
    started.push(receiver);
    const alertmanager = await startAlertmanager(receiver.url);
    started.push(alertmanager);
    const exporter = await startExporter(opts.exporterArgs ?? [], opts.exporterEnv ?? {});
    started.push(exporter);
    const prometheus = await startPrometheus({
      rulesFile: opts.rulesFile,
      alertmanager: alertmanager.url,
      targets: [`127.0.0.1:${exporter.port}`],
    });
    started.push(prometheus);
    const query = (expr: string) => instantQuery(prometheus.url, expr);
    const notification = (alertname: string, status: WebhookAlert['status'], timeoutMs: number) =>
      awaitNotification(receiver, prometheus, alertname, status, timeoutMs);
    return { exporter, prometheus, receiver, query, notification, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function instantQuery(url: string, expr: string): Promise<number> {
  const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`);
  const body = (await res.json()) as { data: { result: { value: [number, string] }[] } };
  return body.data.result.length === 0 ? NaN : Number(body.data.result[0]?.value[1]);
}

async function awaitNotification(
  receiver: Receiver,
  prometheus: Daemon,
  alertname: string,
  status: WebhookAlert['status'],
  timeoutMs: number,
): Promise<Notification> {
  const since = Date.now();
  const find = () => receiver.alerts.find((a) => a.labels['alertname'] === alertname && a.status === status);
  const ok = await waitFor(() => find() !== undefined, timeoutMs);
  const got = JSON.stringify(receiver.alerts.map((a) => [a.labels['alertname'], a.status]));
  const logs = prometheus.logs.slice(-5).join('\n');
  assert.ok(ok, `no ${status} ${alertname} within ${timeoutMs / 1000} s; receiver got: ${got}\n${logs}`);
  return { alert: find() as WebhookAlert, seconds: (Date.now() - since) / 1000 };
}
