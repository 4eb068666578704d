// `hostwatch-exporter check` as a user runs it: the built CLI as a child process, its
// page and its exit status, with faults injected into its own process only (a timer
// slack set before exec; libfaketime making its wall clock run fast).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, test } from 'node:test';
import { MAIN } from '../support/exporter';
import { buildHelper, removeHelpers } from '../support/native';
import { LIBFAKETIME, needTools } from '../support/tools';

after(removeHelpers);

function check(args: string[] = [], env: NodeJS.ProcessEnv = {}, wrapper: string[] = []) {
  const [command, ...prefix] = [...wrapper, process.execPath];
  const run = spawnSync(command as string, [...prefix, MAIN, 'check', ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: run.status, out: run.stdout, err: run.stderr };
}

const attention = (out: string) => out.split('\n').filter((l) => l.startsWith('  ATTENTION'));

test('a page with every section; the exit status follows the attention lines', () => {
  const { status, out, err } = check();
  assert.equal(err, '');
  for (const title of [
    'clock',
    'time sync',
    'timers and sleep lateness',
    'processor groups and NUMA',
    'listen probes',
    'service policy',
  ]) {
    assert.match(out, new RegExp(`^${title}$`, 'm'));
  }
  assert.match(
    out,
    /^ {2}(ok|ATTENTION) +wall clock drift [+-][\d.e+-]+ ppm against monotonic over 3(\.\d+)? s/m,
  );
  assert.match(out, /^ {2}(ok|ATTENTION) +1 ms sleep lateness over 50 sleeps: median /m);
  // The machine is shared: a busy moment may legitimately raise a finding, so the exit
  // status is checked against the page rather than assumed.
  assert.equal(status, attention(out).length > 0 ? 1 : 0, out);
  for (const line of attention(out))
    assert.match(line, / {2}-> docs\/(runbooks\/Hostwatch\w+\.md|collectors\/\w+\.md#[\w-]+)$/);
});

test(
  'a 100 ms timer slack needs attention: exit 1, one line, its runbook',
  { skip: needTools('gcc') },
  () => {
    const setslack = buildHelper('setslack');
    const { status, out } = check(['--no-collector.topology'], {}, [setslack, '100000000']);
    assert.equal(status, 1, out);
    assert.match(out, /^ {2}ATTENTION +timer slack 100 ms: .* {2}-> docs\/collectors\/timer\.md#two-parts$/m);
  },
);

test('a wall clock running 1000 ppm fast needs attention', { skip: needTools(LIBFAKETIME) }, () => {
  const env = { LD_PRELOAD: LIBFAKETIME, FAKETIME: '+0 x1.001', FAKETIME_DONT_FAKE_MONOTONIC: '1' };
  const { status, out } = check(['--no-collector.timer', '--no-collector.topology'], env);
  assert.equal(status, 1, out);
  assert.match(
    out,
    /^ {2}ATTENTION +wall clock drift \+1000 ppm .* {2}-> docs\/runbooks\/HostwatchClockDriftHigh\.md$/m,
  );
});

test('all well: exit 0 (the processor-group section alone, on Linux always one group)', () => {
  const { status, out } = check(['--no-collector.clock', '--no-collector.timesync', '--no-collector.timer']);
  assert.equal(status, 0, out);
  assert.match(out, /^result: all is well \(exit 0\)$/m);
});

test('time sync: the verdict of the timesync collector, with its runbook when not synchronized', () => {
  const { out } = check(['--no-collector.clock', '--no-collector.timer', '--no-collector.topology']);
  assert.match(
    out,
    /^time sync\n {2}(ok +synchronized|ATTENTION +not synchronized.* {2}-> docs\/runbooks\/HostwatchClockNotSynchronising\.md|info +synchronization unknown)/m,
  );
});

test('a disabled collector is skipped, not failed', () => {
  const { out } = check(['--no-collector.timer', '--no-collector.clock']);
  assert.match(
    out,
    /^timers and sleep lateness\n {2}skipped +not checked: the timer collector is disabled$/m,
  );
});

test('bad flags exit 2 naming the flag', () => {
  const { status, err } = check(['--collector.timer.probe-samples=lots']);
  assert.equal(status, 2);
  assert.match(err, /collectors\.timer\.probe_samples .*accepted: an integer from 0 to 200/);
});
