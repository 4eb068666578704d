import assert from 'node:assert/strict';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { storageCandidates, resolveStorageDir } from '../../src/config/storage';
import { MAX_STATE_BYTES, StateFile } from '../../src/runtime/state-file';

const dir = mkdtempSync(join(tmpdir(), 'hostwatch-state-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const anything = (value: unknown) => value;
const record = (value: unknown) =>
  typeof value === 'object' && value !== null && 'a' in value ? (value as { a: number }) : undefined;

test('state files: missing, written atomically and owner-only, read back', () => {
  const file = new StateFile(dir, 'x.json');
  assert.deepEqual(file.read(anything), { kind: 'missing' });
  file.write({ a: 1 });
  file.write({ a: 2 });
  assert.deepEqual(file.read(record), { kind: 'ok', value: { a: 2 } });
  assert.deepEqual(readdirSync(dir), ['x.json'], 'no temporary file is left behind');
  if (process.platform === 'linux') assert.equal(statSync(file.path).mode & 0o777, 0o600);
});

test('corrupt, foreign, oversized or planted files are set aside as <name>.corrupt, never trusted', () => {
  const cases: [string, (path: string) => void, RegExp][] = [
    ['not JSON', (p) => writeFileSync(p, '{"a": tru'), /^not valid JSON$/],
    ['not our record', (p) => writeFileSync(p, '{"b": 1}'), /^not a record this exporter wrote$/],
    [
      'oversized',
      (p) => writeFileSync(p, `{"a": 1, "pad": "${'x'.repeat(MAX_STATE_BYTES)}"}`),
      /bytes, over/,
    ],
  ];
  if (process.platform === 'linux') {
    cases.push(['a symbolic link', (p) => symlinkSync('/etc/hostname', p), /^a symbolic link$/]);
    cases.push([
      'writable by others',
      (p) => {
        writeFileSync(p, '{"a": 1}');
        chmodSync(p, 0o666);
      },
      /^writable by others \(mode 666\)$/,
    ]);
  }
  for (const [what, plant, reason] of cases) {
    const file = new StateFile(dir, `${what.replace(/ /g, '-')}.json`);
    plant(file.path);
    const read = file.read(record);
    assert.equal(read.kind, 'set_aside', what);
    assert.match((read as { reason: string }).reason, reason, what);
    assert.equal((read as { movedTo?: string }).movedTo, `${file.path}.corrupt`, what);
    assert.equal(existsSync(file.path), false, `${what}: moved away`);
    assert.deepEqual(file.read(record), { kind: 'missing' }, `${what}: the next read starts afresh`);
    file.write({ a: 3 });
    assert.deepEqual(file.read(record), { kind: 'ok', value: { a: 3 } }, `${what}: replaced`);
  }
  if (process.platform === 'linux') assert.equal(readFileSync('/etc/hostname').length > 0, true);
});

test('a state file that is a directory is unreadable, left alone, not fatal', () => {
  mkdirSync(join(dir, 'sub.json'));
  assert.deepEqual(new StateFile(dir, 'sub.json').read(anything), {
    kind: 'unreadable',
    reason: 'not a regular file',
  });
  assert.equal(statSync(join(dir, 'sub.json')).isDirectory(), true);
  const nested = new StateFile(join(dir, 'nested-missing'), 'y.json');
  assert.throws(() => nested.write(1), /ENOENT/);
});

test('a temporary file or link left at the temporary path is replaced, never written through', () => {
  const file = new StateFile(dir, 'tmp.json');
  const tmp = `${file.path}.${process.pid}.tmp`;
  const target = join(dir, 'victim');
  writeFileSync(target, 'untouched');
  symlinkSync(target, tmp);
  file.write({ a: 4 });
  assert.equal(readFileSync(target, 'utf8'), 'untouched');
  assert.deepEqual(file.read(record), { kind: 'ok', value: { a: 4 } });
  assert.equal(existsSync(tmp), false);
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
