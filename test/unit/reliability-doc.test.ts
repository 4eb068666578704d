// docs/reliability.md names the automated test behind every fault it lists: each named
// file exists and still holds a test of that name, so the matrix cannot drift from the
// tests it cites.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const ROOT = join(__dirname, '..', '..', '..');
const DOC = readFileSync(join(ROOT, 'docs', 'reliability.md'), 'utf8');

/** `file` › "name", "name" ... as the matrix writes them. */
function citations(): [string, string][] {
  const found: [string, string][] = [];
  for (const m of DOC.matchAll(/`(test\/[\w/.-]+\.test\.ts)` › ((?:"[^"]+"(?:, )?)+)/g)) {
    for (const name of (m[2] ?? '').matchAll(/"([^"]+)"/g)) found.push([m[1] ?? '', name[1] ?? '']);
  }
  return found;
}

test('every row of the fault matrix names at least one test', () => {
  const rows = DOC.split('\n').filter(
    (l) => l.startsWith('| ') && !l.startsWith('| fault') && !l.startsWith('| ---'),
  );
  assert.ok(rows.length >= 15, `${rows.length} rows`);
  for (const row of rows) assert.match(row, /`test\/[\w/.-]+\.test\.ts` › "/, row.slice(0, 60));
});

test('every test the matrix names exists under that name', () => {
  const named = citations();
  assert.ok(named.length >= 30, `${named.length} tests named`);
  for (const [file, name] of named) {
    const path = join(ROOT, file);
    assert.ok(existsSync(path), `${file} exists`);
    assert.ok(readFileSync(path, 'utf8').includes(name), `${file} has a test "${name}"`);
  }
});
