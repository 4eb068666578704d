// Builds the small C helpers under test/support/native with gcc into a temporary
// directory, once per test process.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SOURCES = join(__dirname, '..', '..', '..', 'test', 'support', 'native');
let dir: string | undefined;

export function buildHelper(name: string): string {
  dir ??= mkdtempSync(join(tmpdir(), 'hostwatch-native-'));
  const out = join(dir, name);
  execFileSync('gcc', ['-O2', '-Wall', '-o', out, join(SOURCES, `${name}.c`)]);
  return out;
}

export function removeHelpers(): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
}
