#!/usr/bin/env node
// `npm test`: lint, then every suite against the build that `pretest` made.
// Suites that need a tool this machine lacks skip with a notice, unless
// HOSTWATCH_REQUIRE_TOOLS=1 (set by .ci/run), where a missing tool fails the run.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, readdirSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function run(name, command, args, options = {}) {
  process.stdout.write(`\n== ${name} ==\n`);
  if (args.length === 0) return process.stdout.write('no test files\n');
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', env: process.env, ...options });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  process.stdout.write(output);
  count(output);
  if (result.status !== 0) failures.push(`${name} (exit ${result.status ?? result.signal})`);
  return output;
}

/** Adds up the spec reporter's closing counts ("ℹ pass 12"). */
function count(output) {
  for (const [, key, n] of output.matchAll(/^ℹ (pass|fail|skipped) (\d+)$/gm)) {
    totals[{ pass: 'passed', fail: 'failed', skipped: 'skipped' }[key]] += Number(n);
  }
}

function suite(dir) {
  const full = join(root, 'dist', 'test', dir);
  if (!existsSync(full)) return [];
  return readdirSync(full, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.test.js'))
    .map((f) => join('dist', 'test', dir, f));
}

const only = process.argv.slice(2);
const want = (name) => only.length === 0 || only.includes(name);
// With no files, `node --test` would search the whole tree: run nothing instead.
const nodeTest = (files, extra = []) =>
  files.length === 0 ? [] : ['--test', '--test-reporter=spec', ...extra, ...files];

if (want('lint')) {
  run('lint: eslint', process.execPath, [join(root, 'node_modules', 'eslint', 'bin', 'eslint.js'), '.']);
  run('lint: prettier', process.execPath, [
    join(root, 'node_modules', 'prettier', 'bin', 'prettier.cjs'),
    '--check',
    '.',
  ]);
}
if (want('unit')) run('unit', process.execPath, nodeTest(suite('unit')));
if (want('linux') && process.platform === 'linux') {
  run('linux integration', process.execPath, nodeTest(suite('linux'), ['--test-concurrency=1']));
}
if (want('e2e')) run('end to end', process.execPath, nodeTest(suite('e2e'), ['--test-concurrency=1']));
if (want('windows') && existsSync(join(root, 'scripts', 'windows-test.sh'))) {
  run('windows (wine)', 'bash', [join(root, 'scripts', 'windows-test.sh')]);
}

process.stdout.write(`\n${failures.length ? `failed suites: ${failures.join(', ')}\n` : ''}`);
process.stdout.write(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exit(failures.length ? 1 : 0);
