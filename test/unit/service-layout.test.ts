import assert from 'node:assert/strict';
import { test } from 'node:test';
import { installedFlags, logPathFor, SERVICE_NAME, serviceDefinition } from '../../src/service/definition';
import {
  descriptionInfo,
  failureActions,
  failureActionsFlag,
  parseServiceConfig,
  restartActions,
  startTypeName,
  wideString,
} from '../../src/service/layout';

test('SERVICE_FAILURE_ACTIONSW: reset period, no message or command, count and array pointer', () => {
  const actions = restartActions([{ delayMs: 5000 }, { delayMs: 60_000 }]);
  assert.deepEqual(
    [0, 4, 8, 12].map((o) => actions.readUInt32LE(o)),
    [1, 5000, 1, 60_000],
  );
  const info = failureActions(86_400, 0x1234_5678_9an, 2);
  assert.equal(info.length, 40);
  assert.equal(info.readUInt32LE(0), 86_400);
  assert.equal(info.readBigUInt64LE(8), 0n);
  assert.equal(info.readBigUInt64LE(16), 0n);
  assert.equal(info.readUInt32LE(24), 2);
  assert.equal(info.readBigUInt64LE(32), 0x1234_5678_9an);
  assert.equal(failureActionsFlag(true).readInt32LE(0), 1);
  assert.equal(descriptionInfo(0xabcn).readBigUInt64LE(0), 0xabcn);
  assert.equal(wideString('hé').toString('utf16le'), 'hé\0');
});

test('QUERY_SERVICE_CONFIGW: start type and the strings its pointers name inside the buffer', () => {
  const base = 0x10_0000n;
  const buf = Buffer.alloc(256);
  const put = (slot: number, at: number, text: string) => {
    buf.writeBigUInt64LE(base + BigInt(at), slot);
    buf.write(`${text}\0`, at, 'utf16le');
  };
  buf.writeUInt32LE(2, 4);
  put(16, 64, 'C:\\node.exe main.js service run');
  put(48, 140, 'LocalSystem');
  put(56, 170, 'hostwatch-exporter');
  assert.deepEqual(parseServiceConfig(buf, base), {
    startType: 2,
    commandLine: 'C:\\node.exe main.js service run',
    account: 'LocalSystem',
    displayName: 'hostwatch-exporter',
  });
  assert.throws(() => parseServiceConfig(Buffer.alloc(32), base), /64 bytes/);
  assert.deepEqual([0, 2, 3, 4, 9].map(startTypeName), ['boot', 'auto', 'demand', 'disabled', 'unknown (9)']);
});

test('the service definition: node.exe, main.js, "service run" and the flags, read back by status', () => {
  const def = serviceDefinition({
    nodeExe: 'C:\\Program Files\\nodejs\\node.exe',
    script: 'C:\\hw\\dist\\src\\main.js',
    flagArgv: ['--config.file', 'my config.yml', '--web.listen-address=:9100'],
    cwd: 'C:\\etc hw',
    listenAddress: ':9100',
  });
  assert.equal(def.name, SERVICE_NAME);
  assert.equal(
    def.commandLine,
    '"C:\\Program Files\\nodejs\\node.exe" C:\\hw\\dist\\src\\main.js service run "--config.file=C:\\etc hw\\my config.yml" --web.listen-address=:9100',
  );
  assert.match(def.description, /serves \/metrics on :9100/);
  assert.deepEqual(
    def.restarts.map((r) => r.delayMs),
    [5000, 5000, 60_000],
  );
  assert.deepEqual(installedFlags(def.commandLine), [
    '--config.file=C:\\etc hw\\my config.yml',
    '--web.listen-address=:9100',
  ]);
  assert.equal(installedFlags('C:\\other.exe --x'), undefined);
});

test('the log file: in the storage directory, else in %ProgramData%\\hostwatch-exporter', () => {
  assert.equal(logPathFor('D:\\state', {}), 'D:\\state\\hostwatch-exporter.log');
  assert.equal(
    logPathFor('', { ProgramData: 'C:\\ProgramData' }).replace(/\//g, '\\'),
    'C:\\ProgramData\\hostwatch-exporter\\hostwatch-exporter.log',
  );
});
