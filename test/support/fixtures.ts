// Fixture files under test/fixtures, read from the compiled tests in dist/test.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURES = join(__dirname, '..', '..', '..', 'test', 'fixtures');

export function fixtureText(...parts: string[]): string {
  return readFileSync(join(FIXTURES, ...parts), 'utf8');
}

export function fixtureBytes(...parts: string[]): Buffer {
  return readFileSync(join(FIXTURES, ...parts));
}

/** A .hex fixture (hex digits, any whitespace) as bytes. */
export function fixtureHex(...parts: string[]): Buffer {
  return Buffer.from(fixtureText(...parts).replace(/\s+/g, ''), 'hex');
}
