// The Wine harness itself: this file runs in the official Windows build of Node, in a
// prefix that reports Windows 10, with koffi's Windows binary. If one of these fails,
// every other Windows test result is meaningless. Runs inside node.exe.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { release } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadKoffi } from '../../src/platform/koffi';

const WINDOWS_ONLY = process.platform !== 'win32' && 'runs inside node.exe (scripts/windows-test.sh)';

describe('the Windows runtime', { skip: WINDOWS_ONLY }, () => {
  test('is node.exe 22 on win32 x64', () => {
    assert.equal(process.platform, 'win32');
    assert.equal(process.arch, 'x64');
    assert.match(process.version, /^v22\./);
  });

  test('reports Windows 10 (winecfg -v win10 took; Node 22 refuses older)', () => {
    assert.match(release(), /^10\.0\.\d+$/);
  });

  test('koffi loads its Windows binary, the version the package expects', () => {
    const koffi = loadKoffi() as unknown as { version: string };
    const packageJson = join(__dirname, '..', '..', '..', 'node_modules', 'koffi', 'package.json');
    const installed = (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;
    assert.equal(koffi.version, installed);
  });
});
