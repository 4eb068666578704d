import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { CATALOG_PATH, metricFamilies, renderCatalog } from '../../src/tools/catalog';

test('docs/metrics.md is what `npm run catalog` generates from the code', () => {
  assert.equal(
    readFileSync(CATALOG_PATH, 'utf8'),
    renderCatalog(),
    'docs/metrics.md is stale: run `npm run catalog`',
  );
});

test('every metric family follows the naming conventions', () => {
  for (const f of metricFamilies()) {
    assert.match(f.name, /^hostwatch_[a-z0-9_]+$/, f.name);
    if (f.type === 'counter') assert.match(f.name, /_total$/, `${f.name}: counters end in _total`);
    else assert.doesNotMatch(f.name, /_total$/, `${f.name}: only counters end in _total`);
    assert.ok(f.help.length > 20 && f.help.endsWith('.'), `${f.name}: HELP is a sentence`);
    for (const label of f.labels) assert.match(label, /^[a-z][a-z0-9_]*$/, `${f.name}: label ${label}`);
  }
});
