// Faults of docs/reliability.md that act on the exporter process as a whole, each on the
// real exporter: a pause (SIGSTOP, SIGCONT), kill -9 and restart around clock steps
// (libfaketime: only this process's wall clock moves), a state directory that is read-only
// or full (a private mount namespace: unshare -m, a read-only bind mount, a full tmpfs),
// and 1000 scrapes at once. What the exporter shows, and that nothing is lost or counted
// twice: counts, never durations.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { CLOCK_STATE_FILE } from '../../src/collectors/clock/restart-tracker';
import { sampleValue, sleep, startExporter, stopChild, type RunningExporter } from '../support/exporter';
import { faketimeEnv, LIBFAKETIME, needTools } from '../support/tools';
import { waitFor } from '../support/wait';

const dir = mkdtempSync(join(tmpdir(), 'hostwatch-faults-'));
const running: RunningExporter[] = [];
after(async () => {
  await Promise.all(running.map((e) => e.stop()));
  rmSync(dir, { recursive: true, force: true });
});

async function start(args: string[], env: NodeJS.ProcessEnv = {}, wrapper: string[] = []) {
  const e = await startExporter(args, env, 30_000, wrapper);
  running.push(e);
  return e;
}

const steps = (text: string, source: string, direction: string) =>
  sampleValue(text, `hostwatch_clock_steps_total{source="${source}",direction="${direction}"}`);
const samples = (text: string) => sampleValue(text, 'hostwatch_clock_samples_total') ?? 0;

/** Scrapes until the predicate holds on the text. */
const scrapeUntil = (e: RunningExporter, what: string, ok: (text: string) => boolean) =>
  waitFor(what, async () => {
    const text = await e.scrape();
    return ok(text) ? text : undefined;
  });

test('SIGSTOP for 3 s, then SIGCONT: no step counted, the sampler resumes, scrapes answer', async () => {
  const e = await start(['--no-collector.timesync']);
  const before = await scrapeUntil(e, 'a few samples', (t) => samples(t) >= 5);
  e.child.kill('SIGSTOP');
  await sleep(3000);
  e.child.kill('SIGCONT');
  const after = await scrapeUntil(e, 'samples after the pause', (t) => samples(t) >= samples(before) + 5);
  assert.deepEqual(
    [steps(after, 'sampler', 'forward'), steps(after, 'sampler', 'backward')],
    [0, 0],
    'a pause moves both clocks together',
  );
  assert.equal(sampleValue(after, 'hostwatch_collector_success{collector="clock"}'), 1);
});

test(
  'kill -9 and restart: a step while running counted once live, a step while down once at restart, none twice',
  { skip: needTools(LIBFAKETIME) },
  async () => {
    const offset = join(dir, 'offset');
    const storage = join(dir, 'kill9');
    const state = join(storage, CLOCK_STATE_FILE);
    writeFileSync(offset, '+0');
    const args = [`--storage.path=${storage}`, '--no-collector.timesync'];
    const kill9 = async (e: RunningExporter) => {
      await stopChild(e.child, 'SIGKILL');
      await e.stop();
    };

    const first = await start(args, faketimeEnv(offset));
    await waitFor('the first state saved', async () => (readFileSync(state, 'utf8') ? true : undefined));
    const saved = readFileSync(state, 'utf8');
    writeFileSync(offset, '+30s');
    const live = await scrapeUntil(first, 'the live step', (t) => steps(t, 'sampler', 'forward') === 1);
    assert.equal(steps(live, 'restart_gap', 'forward'), 0);
    await waitFor('the state saved after the step', async () =>
      readFileSync(state, 'utf8') !== saved ? true : undefined,
    );
    await kill9(first);

    writeFileSync(offset, '+50s');
    const second = await start(args, faketimeEnv(offset));
    const restarted = await scrapeUntil(second, 'the restart compared', (t) => samples(t) > 0);
    assert.deepEqual(
      [steps(restarted, 'restart_gap', 'forward'), steps(restarted, 'restart_gap', 'backward')],
      [1, 0],
      'the 20 s while down, once; the 30 s seen live not again',
    );
    const size = /"step_seconds":([-\d.e]+)/.exec(second.logs.join('\n'));
    assert.ok(size && Math.abs(Number(size[1]) - 20) < 0.05, second.logs.join('\n'));
    await kill9(second);

    const third = await start(args, faketimeEnv(offset));
    const again = await scrapeUntil(third, 'the second restart compared', (t) => samples(t) > 0);
    assert.deepEqual(
      [steps(again, 'restart_gap', 'forward'), steps(again, 'restart_gap', 'backward')],
      [0, 0],
      'the step found at the last restart is not found again',
    );
  },
);

/** Runs the exporter in its own mount namespace with `mount` applied to the storage dir. */
function inNamespace(storage: string, mount: string): string[] {
  mkdirSync(storage, { recursive: true });
  return ['unshare', '-m', '--propagation', 'private', 'sh', '-c', `${mount} && exec "$0" "$@"`];
}

test(
  'a read-only state directory: one warning, no state kept, every collector still answers',
  { skip: needTools('unshare') },
  async () => {
    const storage = join(dir, 'ro');
    const wrapper = inNamespace(
      storage,
      `mount --bind ${storage} ${storage} && mount -o remount,bind,ro ${storage}`,
    );
    const e = await start([`--storage.path=${storage}`, '--no-collector.timesync'], {}, wrapper);
    const text = await scrapeUntil(e, 'samples', (t) => samples(t) > 0);
    assert.equal(sampleValue(text, 'hostwatch_collector_success{collector="clock"}'), 1);
    assert.equal(steps(text, 'restart_gap', 'forward'), undefined, 'no restart tracking without state');
    const warnings = e.logs.filter((l) => l.includes('no writable storage directory'));
    assert.equal(warnings.length, 1, e.logs.join('\n'));
  },
);

test(
  'a full state directory: the failed save logged once, the exporter runs on',
  { skip: needTools('unshare', 'dd') },
  async () => {
    const storage = join(dir, 'full');
    const fill = `mount -t tmpfs -o size=8k,mode=0700 tmpfs ${storage} && (dd if=/dev/zero of=${storage}/filler bs=1k count=64 2>/dev/null; true)`;
    const e = await start(
      [`--storage.path=${storage}`, '--no-collector.timesync', '--log.level=debug'],
      {},
      inNamespace(storage, fill),
    );
    const text = await scrapeUntil(e, 'the failed save and later samples', (t) =>
      e.logs.some((l) => l.includes('cannot save clock state')) ? samples(t) > 3 : false,
    );
    assert.equal(sampleValue(text, 'hostwatch_collector_success{collector="clock"}'), 1);
    const failed = e.logs.filter((l) => l.includes('cannot save clock state'));
    assert.equal(failed.length, 1, e.logs.join('\n'));
    assert.match(failed[0] ?? '', /ENOSPC/);
  },
);

/** One request on its own connection; the status, or the error code. */
function get(port: number, path: string): Promise<number | string> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    req.end();
  });
}

test('1000 scrapes at once: each answered 200 or 503 (Retry-After: test/unit/guard), none dropped, health answered', async () => {
  const e = await start(['--web.max-requests=40']);
  const all = await Promise.all([
    ...Array.from({ length: 1000 }, () => get(e.port, '/metrics')),
    get(e.port, '/healthz'),
  ]);
  const health = all.pop();
  const tally = new Map<number | string, number>();
  for (const s of all) tally.set(s, (tally.get(s) ?? 0) + 1);
  assert.deepEqual(
    [...tally.keys()].filter((s) => s !== 200 && s !== 503),
    [],
    JSON.stringify([...tally]),
  );
  assert.ok((tally.get(200) ?? 0) > 0);
  assert.equal(health, 200, '/healthz is never refused');
  const unbounded = await start(['--web.max-requests=0']);
  const statuses = await Promise.all(Array.from({ length: 1000 }, () => get(unbounded.port, '/metrics')));
  assert.equal(statuses.filter((s) => s === 200).length, 1000, 'no bound: every one served');
  const text = await unbounded.scrape();
  assert.equal(sampleValue(text, 'hostwatch_collector_success{collector="clock"}'), 1);
});
