// State files on Windows: owner-only through a protected DACL (advapi32's file security
// calls, Wine's under CI), and read as defensively as on Linux. Runs inside node.exe
// (scripts/windows-test.sh). A file Node.js writes in the same directory keeps the
// inherited access for everyone; the state file must not.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { fileSecurity, ownerOf } from '../../src/platform/windows/file-security';
import { StateFile } from '../../src/runtime/state-file';

const WINDOWS_ONLY = process.platform !== 'win32' && 'runs inside node.exe (scripts/windows-test.sh)';
const dir = WINDOWS_ONLY ? '' : mkdtempSync(join(tmpdir(), 'hostwatch-state-'));

/** The SIDs an SDDL string's DACL lets in ("(A;;FA;;;SY)" -> SY). */
function allowed(sddl: string): string[] {
  const dacl = sddl.slice(sddl.indexOf('D:'));
  return [...dacl.matchAll(/\(A;[^;]*;[^;]*;[^;]*;[^;]*;([^)]+)\)/g)].map((m) => m[1] as string);
}

describe('state files under Windows', { skip: WINDOWS_ONLY }, () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('a written state file lets in its owner and SYSTEM only; a plain file lets in everyone', () => {
    const plain = join(dir, 'plain.txt');
    writeFileSync(plain, 'x');
    const plainSids = allowed(fileSecurity(plain));
    assert.ok(
      plainSids.some((sid) => ['WD', 'BU', 'AU'].includes(sid)),
      `plain: ${fileSecurity(plain)}`,
    );

    const file = new StateFile(dir, 'state.json', 'windows');
    file.write({ version: 1 });
    const sddl = fileSecurity(file.path);
    const owner = ownerOf(sddl);
    assert.ok(owner, sddl);
    assert.deepEqual(allowed(sddl).sort(), [owner, 'SY'].sort(), sddl);
    assert.deepEqual(
      file.read((v) => v),
      { kind: 'ok', value: { version: 1 } },
    );
  });

  test('a corrupt state file is set aside and replaced', () => {
    const file = new StateFile(dir, 'corrupt.json', 'windows');
    writeFileSync(file.path, '{"version": 1,');
    const read = file.read((v) => v);
    assert.deepEqual(read, { kind: 'set_aside', reason: 'not valid JSON', movedTo: `${file.path}.corrupt` });
    assert.equal(readFileSync(`${file.path}.corrupt`, 'utf8'), '{"version": 1,');
    assert.equal(existsSync(file.path), false);
    file.write({ version: 2 });
    assert.deepEqual(
      file.read((v) => v),
      { kind: 'ok', value: { version: 2 } },
    );
  });
});
