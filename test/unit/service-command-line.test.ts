import assert from 'node:assert/strict';
import { win32 } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { collectorNames } from '../../src/collectors';
import { ConfigError } from '../../src/config/errors';
import { flagSpecs, parseArgs } from '../../src/config/flags';
import { loadConfig } from '../../src/config/load';
import { optionTrees } from '../../src/config/schema';
import { serviceCommand } from '../../src/service';
import {
  joinCommandLine,
  quoteArgument,
  serviceFlags,
  splitCommandLine,
} from '../../src/service/command-line';

test('quoting: plain arguments stay bare; spaces, quotes and trailing backslashes are escaped', () => {
  assert.equal(quoteArgument('--web.listen-address=:9877'), '--web.listen-address=:9877');
  assert.equal(quoteArgument('C:\\Program Files\\nodejs\\node.exe'), '"C:\\Program Files\\nodejs\\node.exe"');
  assert.equal(quoteArgument(''), '""');
  assert.equal(quoteArgument('say "hi"'), '"say \\"hi\\""');
  assert.equal(quoteArgument('C:\\dir with space\\'), '"C:\\dir with space\\\\"');
  assert.equal(quoteArgument('a\\\\"b'), '"a\\\\\\\\\\"b"');
});

test('splitting follows the Windows rules (examples from the CRT documentation)', () => {
  const args = (tail: string) => splitCommandLine(`prog.exe ${tail}`).slice(1);
  assert.deepEqual(args('"abc" d e'), ['abc', 'd', 'e']);
  assert.deepEqual(args('a\\\\\\b d"e f"g h'), ['a\\\\\\b', 'de fg', 'h']);
  assert.deepEqual(args('a\\\\\\"b c d'), ['a\\"b', 'c', 'd']);
  assert.deepEqual(args('a\\\\\\\\"b c" d e'), ['a\\\\b c', 'd', 'e']);
  assert.deepEqual(args('a"b"" c d'), ['ab" c d']);
  assert.deepEqual(splitCommandLine('"C:\\Program Files\\n\\node.exe" x'), [
    'C:\\Program Files\\n\\node.exe',
    'x',
  ]);
  assert.deepEqual(splitCommandLine('  C:\\n\\node.exe   a  '), ['C:\\n\\node.exe', 'a']);
});

test('property: any arguments survive join then split unchanged', () => {
  const arg = fc.string({ unit: fc.constantFrom('a', ' ', '"', '\\', '\t', 'é', '=', '-') });
  fc.assert(
    fc.property(fc.array(arg, { maxLength: 6 }), (args) => {
      const program = 'C:\\Program Files\\nodejs\\node.exe';
      assert.deepEqual(splitCommandLine(joinCommandLine([program, ...args])), [program, ...args]);
    }),
    { numRuns: 2000 },
  );
});

test('service flags: path values made absolute, in either flag form; the rest as given', () => {
  const resolve = (p: string) => win32.resolve('C:\\install here', p);
  assert.deepEqual(
    serviceFlags(
      ['--config.file', 'conf\\hw.yml', '-storage.path=state', '--no-collector.listen', '--log.level=debug'],
      resolve,
    ),
    [
      '--config.file=C:\\install here\\conf\\hw.yml',
      '--storage.path=C:\\install here\\state',
      '--no-collector.listen',
      '--log.level=debug',
    ],
  );
  assert.deepEqual(
    serviceFlags(['--storage.path='], resolve),
    ['--storage.path='],
    'empty means the default',
  );
  assert.deepEqual(serviceFlags(['--config.file=D:\\abs.yml'], resolve), ['--config.file=D:\\abs.yml']);
  assert.throws(() => serviceFlags(['--config.file'], resolve), /needs a value/);
});

test('flags: a command may take operands (service ACTION); the others take none', () => {
  const specs = flagSpecs(optionTrees('windows'));
  const parsed = parseArgs(
    ['service', 'install', '--config.file', 'c.yml', '--web.listen-address=:9100'],
    specs,
    collectorNames(),
  );
  assert.equal(parsed.command, 'service');
  assert.deepEqual(parsed.operands, ['install']);
  assert.deepEqual(parsed.flagArgv, ['--config.file', 'c.yml', '--web.listen-address=:9100']);
  assert.throws(() => parseArgs(['serve', 'now'], specs, collectorNames()), /unexpected argument "now"/);
  assert.throws(
    () => parseArgs(['service', 'install', 'now'], specs, collectorNames()),
    /unexpected argument "now"/,
  );
});

test('the service command: an unknown action, or any action off Windows, is a configuration error', async () => {
  const loaded = (operands: string[]) => ({ ...loadConfig([], 'linux'), operands });
  await assert.rejects(
    serviceCommand(loaded([]), 'windows'),
    /service: no action; accepted: install, uninstall/,
  );
  await assert.rejects(serviceCommand(loaded(['restart']), 'windows'), /service: "restart"; accepted/);
  await assert.rejects(serviceCommand(loaded(['install']), 'linux'), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.match(error.message, /service install is for Windows \(this is linux\).*systemd/);
    return true;
  });
});
