import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { storageCandidates, resolveStorageDir } from '../../src/config/storage';
import { StateFile } from '../../src/runtime/state-file';

const dir = mkdtempSync(join(tmpdir(), 'hostwatch-state-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('state files: missing, written atomically, read back, corrupt', () => {
  const file = new StateFile(dir, 'x.json');
  assert.deepEqual(file.read(), { kind: 'missing' });
  file.write({ a: 1 });
  file.write({ a: 2 });
  assert.deepEqual(file.read(), { kind: 'ok', value: { a: 2 } });
  assert.deepEqual(readdirSync(dir), ['x.json'], 'no temporary file is left behind');
  writeFileSync(file.path, '{"a": tru');
  assert.deepEqual(file.read(), { kind: 'unreadable', reason: 'not valid JSON' });
});

test('a state file that is a directory is unreadable, not fatal', () => {
  const file = new StateFile(dir, 'sub');
  file.write(1);
  rmSync(file.path);
  const sub = new StateFile(join(dir, 'nested-missing'), 'y.json');
  assert.throws(() => sub.write(1), /ENOENT/);
  assert.equal(new StateFile(dir, '.').read().kind, 'unreadable');
});

test('default storage directories per OS, and an explicit path wins', () => {
  assert.deepEqual(storageCandidates('linux', {}, '/home/u'), [
    '/var/lib/hostwatch-exporter',
    '/home/u/.cache/hostwatch-exporter',
  ]);
  assert.deepEqual(storageCandidates('linux', { XDG_CACHE_HOME: '/c' }, '/h')[1], '/c/hostwatch-exporter');
  assert.match(
    storageCandidates('windows', { ProgramData: 'D:\\PD' }, '')[0] ?? '',
    /PD.hostwatch-exporter$/,
  );
  assert.equal(resolveStorageDir(join(dir, 'made'), 'linux'), join(dir, 'made'));
  writeFileSync(join(dir, 'plain'), '');
  assert.equal(resolveStorageDir(join(dir, 'plain'), 'linux'), undefined, 'a file is not a directory');
});
