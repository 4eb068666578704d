// Memory under sustained scraping: exactly N scrapes over 10 keep-alive connections,
// VmRSS sampled after every checkpoint (10k, 20k, ...). Growth between the first and
// the last checkpoint is what a leak would show.
import { Agent, request } from 'node:http';
import { rssMB, sleep, type Target } from './procs';

export interface MemoryRun {
  readonly scrapes: number;
  readonly checkpoints: { readonly scrapes: number; readonly rssMB: number }[];
  readonly failures: number;
  /** RSS at the last checkpoint minus RSS at the first, in MB. */
  readonly growthMB: number;
  /** RSS after the last scrape plus a quiet pause, once V8 has had a chance to shrink. */
  readonly settled: { readonly afterSeconds: number; readonly rssMB: number };
}

function scrapeOnce(url: URL, agent: Agent): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(url, { agent }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode === 200));
      res.once('error', () => resolve(false));
    });
    req.once('error', () => resolve(false));
    req.end();
  });
}

/** Runs `count` scrapes with `connections` in flight; returns how many failed. */
async function scrapeMany(url: URL, agent: Agent, count: number, connections: number): Promise<number> {
  let next = 0;
  let failures = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      next++;
      if (!(await scrapeOnce(url, agent))) failures++;
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  return failures;
}

export async function measureMemory(
  target: Target,
  total = 50_000,
  every = 10_000,
  connections = 10,
  settleSeconds = 15,
): Promise<MemoryRun> {
  const url = new URL(target.url);
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const checkpoints: MemoryRun['checkpoints'] = [];
  let failures = 0;
  try {
    for (let done = 0; done < total; done += every) {
      failures += await scrapeMany(url, agent, every, connections);
      checkpoints.push({ scrapes: done + every, rssMB: rssMB(target.pid) });
      process.stderr.write(`  ${done + every} scrapes: VmRSS ${rssMB(target.pid).toFixed(1)} MB\n`);
    }
  } finally {
    agent.destroy();
  }
  const first = checkpoints[0]?.rssMB ?? NaN;
  const last = checkpoints.at(-1)?.rssMB ?? NaN;
  await sleep(settleSeconds * 1000);
  const settled = { afterSeconds: settleSeconds, rssMB: rssMB(target.pid) };
  return { scrapes: total, checkpoints, failures, growthMB: last - first, settled };
}
