import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createLogger } from '../../src/log';

const dir = mkdtempSync(join(tmpdir(), 'hostwatch-log-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const messages = (path: string) =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => (JSON.parse(line) as { msg: string }).msg);

test('the service log is on disk as soon as the call returns (no queued write to lose)', async () => {
  const path = join(dir, 'now', 'service.log');
  const logger = createLogger('info', 'json', { path, maxBytes: 1 << 20, maxFiles: 2 });
  logger.info('service status reported');
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(messages(path), ['service status reported']);
});

test('rotation by size keeps the newest lines in path, older ones in path.1 ... path.(n-1)', async () => {
  const path = join(dir, 'rot', 'x.log');
  const logger = createLogger('info', 'json', { path, maxBytes: 300, maxFiles: 3 });
  for (let i = 0; i < 20; i++) logger.info(`line ${i}`);
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(readdirSync(join(dir, 'rot')).sort(), ['x.log', 'x.log.1', 'x.log.2']);
  const all = [...messages(`${path}.2`), ...messages(`${path}.1`), ...messages(path)];
  assert.deepEqual(
    all,
    all.map((_, i) => `line ${20 - all.length + i}`),
    'contiguous, oldest dropped',
  );
  assert.ok(all.length < 20, 'the oldest lines fell off');
});

test('an existing file counts towards the size at start', async () => {
  const path = join(dir, 'existing.log');
  writeFileSync(path, 'x'.repeat(250) + '\n');
  const logger = createLogger('info', 'json', { path, maxBytes: 300, maxFiles: 2 });
  logger.info('first after restart');
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(messages(path), ['first after restart']);
  assert.equal(readFileSync(`${path}.1`, 'utf8').length, 251);
});
