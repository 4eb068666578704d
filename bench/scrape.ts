// Scrape throughput: wrk against several targets in one run, alternating targets and
// header profiles so that all of them see the same background load on a shared machine.
import { spawn } from 'node:child_process';
import { cpuSeconds, type Target } from './procs';

/**
 * The headers a scrape sends. "prometheus" is what Prometheus 2.49+ sends with its
 * default scrape protocols and compression on (scrape/scrape.go: acceptHeader,
 * acceptEncodingHeader); "plain" is curl without options.
 */
export const HEADER_PROFILES = {
  prometheus: [
    'Accept: application/openmetrics-text;version=1.0.0;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2',
    'Accept-Encoding: gzip',
  ],
  plain: [],
} as const;
export type Profile = keyof typeof HEADER_PROFILES;

export interface WrkRun {
  readonly target: string;
  readonly profile: Profile;
  readonly connections: number;
  readonly round: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly requests: number;
  readonly errors: number;
  /** Bytes wrk read per response, headers included: what a scrape puts on the wire. */
  readonly bytesPerResponse: number;
  /** CPU the server spent per request (utime + stime / requests): robust to a noisy host. */
  readonly cpuMsPerRequest: number;
}

export interface ScrapeSettings {
  readonly connections: number;
  readonly threads: number;
  readonly seconds: number;
  readonly rounds: number;
  readonly profiles: readonly Profile[];
}

export function runWrk(
  url: string,
  s: Pick<ScrapeSettings, 'connections' | 'threads' | 'seconds'>,
  profile: Profile,
): Promise<string> {
  const headers = HEADER_PROFILES[profile].flatMap((h) => ['-H', h]);
  const args = [`-t${s.threads}`, `-c${s.connections}`, `-d${s.seconds}s`, '--latency', ...headers, url];
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

/** wrk prints sizes with binary prefixes: 512.00B, 98.76KB, 1.02GB. */
export function toBytes(text: string): number {
  const m = /^([\d.]+)(B|KB|MB|GB|TB)$/.exec(text.trim());
  if (!m) throw new Error(`unparsable wrk size "${text}"`);
  const scale = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 }[m[2] as 'B'];
  return Number(m[1]) * scale;
}

export type WrkFigures = Pick<
  WrkRun,
  'requestsPerSecond' | 'p50Ms' | 'p99Ms' | 'requests' | 'errors' | 'bytesPerResponse'
>;

export function parseWrk(out: string): WrkFigures {
  const field = (re: RegExp): string => {
    const m = re.exec(out);
    if (!m?.[1]) throw new Error(`wrk output lacks ${re}:\n${out}`);
    return m[1];
  };
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(out);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const errors =
    Number(non2xx?.[1] ?? 0) + (socketErrors ? socketErrors.slice(1).reduce((a, b) => a + Number(b), 0) : 0);
  const requests = Number(field(/(\d+) requests in/));
  return {
    requestsPerSecond: Number(field(/Requests\/sec:\s+([\d.]+)/)),
    p50Ms: toMs(field(/^\s+50%\s+(\S+)/m)),
    p99Ms: toMs(field(/^\s+99%\s+(\S+)/m)),
    requests,
    errors,
    bytesPerResponse: toBytes(field(/requests in [^,]+, (\S+) read/)) / requests,
  };
}

/** Every target with every profile, `rounds` times; the order reverses every other round. */
export async function measureScrapes(targets: readonly Target[], s: ScrapeSettings): Promise<WrkRun[]> {
  const runs: WrkRun[] = [];
  const pairs = targets.flatMap((t) => s.profiles.map((profile) => ({ t, profile })));
  for (let round = 1; round <= s.rounds; round++) {
    for (const { t, profile } of round % 2 === 1 ? pairs : [...pairs].reverse()) {
      const cpuBefore = cpuSeconds(t.pid);
      const parsed = parseWrk(await runWrk(t.url, s, profile));
      const cpu = cpuSeconds(t.pid) - cpuBefore;
      const cpuMsPerRequest = (cpu * 1000) / parsed.requests;
      runs.push({ target: t.name, profile, connections: s.connections, round, ...parsed, cpuMsPerRequest });
      process.stderr.write(
        `  ${t.name} (${profile}, c${s.connections}) round ${round}: ${parsed.requestsPerSecond} req/s, ` +
          `p99 ${parsed.p99Ms} ms, ${cpuMsPerRequest.toFixed(3)} ms CPU/req\n`,
      );
    }
  }
  return runs;
}
