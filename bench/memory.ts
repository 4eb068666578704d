// Memory, idle and under sustained scraping, of several targets in one run: each is
// measured idle (after a settle), then scraped exactly N times over 10 keep-alive
// connections with Prometheus's headers, one target after the other, with VmRSS after
// every checkpoint (10k, 20k, ...); all are measured once more after a quiet pause.
// Growth between the first and the last checkpoint is what a leak would show.
import { Agent, request } from 'node:http';
import { HEADER_PROFILES, type Profile } from './scrape';
import { memorySplit, sleep, type MemorySplit, type Target } from './procs';

export interface MemoryRun {
  readonly target: string;
  readonly scrapes: number;
  /** Before any scrape but the bench's readiness check, after the settle pause. */
  readonly idle: MemorySplit;
  readonly checkpoints: { readonly scrapes: number; readonly rssMB: number }[];
  readonly failures: number;
  /** RSS at the last checkpoint minus RSS at the first, in MB. */
  readonly growthMB: number;
  /** After the last target's scrapes plus a quiet pause, once V8 has had a chance to shrink. */
  readonly settled: MemorySplit & { readonly afterSeconds: number };
}

export interface MemorySettings {
  readonly total: number;
  readonly every: number;
  readonly connections: number;
  readonly idleSettleSeconds: number;
  readonly settleSeconds: number;
  readonly profile: Profile;
}

function headersOf(profile: Profile): Record<string, string> {
  return Object.fromEntries(HEADER_PROFILES[profile].map((h) => h.split(/: (.*)/s).slice(0, 2)));
}

function scrapeOnce(url: URL, agent: Agent, headers: Record<string, string>): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(url, { agent, headers }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode === 200));
      res.once('error', () => resolve(false));
    });
    req.once('error', () => resolve(false));
    req.end();
  });
}

/** Runs `count` scrapes with `connections` in flight; returns how many failed. */
async function scrapeMany(url: URL, agent: Agent, count: number, s: MemorySettings): Promise<number> {
  const headers = headersOf(s.profile);
  let next = 0;
  let failures = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      next++;
      if (!(await scrapeOnce(url, agent, headers))) failures++;
    }
  };
  await Promise.all(Array.from({ length: s.connections }, worker));
  return failures;
}

interface Loaded {
  readonly checkpoints: MemoryRun['checkpoints'];
  readonly failures: number;
}

async function loaded(target: Target, s: MemorySettings): Promise<Loaded> {
  const url = new URL(target.url);
  const agent = new Agent({ keepAlive: true, maxSockets: s.connections });
  const checkpoints: MemoryRun['checkpoints'] = [];
  let failures = 0;
  try {
    for (let done = 0; done < s.total; done += s.every) {
      failures += await scrapeMany(url, agent, s.every, s);
      const { rssMB } = memorySplit(target.pid);
      checkpoints.push({ scrapes: done + s.every, rssMB });
      process.stderr.write(`  ${target.name}: ${done + s.every} scrapes, VmRSS ${rssMB.toFixed(1)} MB\n`);
    }
  } finally {
    agent.destroy();
  }
  return { checkpoints, failures };
}

export async function measureMemory(targets: readonly Target[], s: MemorySettings): Promise<MemoryRun[]> {
  await sleep(s.idleSettleSeconds * 1000);
  const idle = targets.map((t) => memorySplit(t.pid));
  const runs: Loaded[] = [];
  for (const t of targets) runs.push(await loaded(t, s));
  await sleep(s.settleSeconds * 1000);
  return targets.map((t, i) => {
    const { checkpoints, failures } = runs[i] as Loaded;
    const first = checkpoints[0]?.rssMB ?? NaN;
    const last = checkpoints.at(-1)?.rssMB ?? NaN;
    const settled = { ...memorySplit(t.pid), afterSeconds: s.settleSeconds };
    const growthMB = last - first;
    return {
      target: t.name,
      scrapes: s.total,
      idle: idle[i] as MemorySplit,
      checkpoints,
      failures,
      growthMB,
      settled,
    };
  });
}
