// Scrape throughput: wrk against hostwatch-exporter and node_exporter in one run,
// alternating so that both see the same background load on a shared machine.
import { spawn } from 'node:child_process';
import { cpuSeconds, type Target } from './procs';

export interface WrkRun {
  readonly target: string;
  readonly round: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly requests: number;
  readonly errors: number;
  /** CPU the server spent per request (utime + stime / requests): robust to a noisy host. */
  readonly cpuMsPerRequest: number;
}

export interface ScrapeSettings {
  readonly connections: number;
  readonly threads: number;
  readonly seconds: number;
  readonly rounds: number;
}

function runWrk(url: string, s: ScrapeSettings): Promise<string> {
  const args = [`-t${s.threads}`, `-c${s.connections}`, `-d${s.seconds}s`, '--latency', url];
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`wrk exited ${code}`))));
  });
}

/** wrk prints latencies as 812.00us, 1.20ms or 1.02s. */
export function toMs(text: string): number {
  const m = /^([\d.]+)(us|ms|s|m)$/.exec(text.trim());
  if (!m) throw new Error(`unparsable wrk latency "${text}"`);
  const scale = { us: 1e-3, ms: 1, s: 1e3, m: 60e3 }[m[2] as 'us' | 'ms' | 's' | 'm'];
  return Number(m[1]) * scale;
}

export function parseWrk(
  out: string,
): Pick<WrkRun, 'requestsPerSecond' | 'p50Ms' | 'p99Ms' | 'requests' | 'errors'> {
  const field = (re: RegExp): string => {
    const m = re.exec(out);
    if (!m?.[1]) throw new Error(`wrk output lacks ${re}:\n${out}`);
    return m[1];
  };
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(out);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const errors =
    Number(non2xx?.[1] ?? 0) + (socketErrors ? socketErrors.slice(1).reduce((a, b) => a + Number(b), 0) : 0);
  return {
    requestsPerSecond: Number(field(/Requests\/sec:\s+([\d.]+)/)),
    p50Ms: toMs(field(/^\s+50%\s+(\S+)/m)),
    p99Ms: toMs(field(/^\s+99%\s+(\S+)/m)),
    requests: Number(field(/(\d+) requests in/)),
    errors,
  };
}

export async function measureScrapes(targets: readonly Target[], s: ScrapeSettings): Promise<WrkRun[]> {
  const runs: WrkRun[] = [];
  for (let round = 1; round <= s.rounds; round++) {
    // Reverse the order every other round so neither target always goes first.
    const order = round % 2 === 1 ? targets : [...targets].reverse();
    for (const t of order) {
      const cpuBefore = cpuSeconds(t.pid);
      const parsed = parseWrk(await runWrk(t.url, s));
      const cpu = cpuSeconds(t.pid) - cpuBefore;
      runs.push({ target: t.name, round, ...parsed, cpuMsPerRequest: (cpu * 1000) / parsed.requests });
      process.stderr.write(
        `  ${t.name} round ${round}: ${parsed.requestsPerSecond} req/s, p99 ${parsed.p99Ms} ms\n`,
      );
    }
  }
  return runs;
}
