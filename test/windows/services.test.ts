// The services collector against the real SCM of the prefix (Wine's services.exe under
// CI): a service created with CreateServiceW is read back, its start type is changed
// with ChangeServiceConfigW and the metrics follow at the next update; the policy flips;
// a deleted service disappears. Runs inside node.exe (scripts/windows-test.sh).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { servicesCollector } from '../../src/collectors/services';
import { windowsServicesBackend } from '../../src/collectors/services/windows';
import { ERROR_INVALID_LEVEL } from '../../src/platform/windows/errors';
import { sampleValue } from '../support/exporter';
import { createCollector, type CollectorUnderTest } from '../support/collector';
import {
  closeServiceHandle,
  createService,
  deleteService,
  openScmForAdmin,
  setDelayedAutoStart,
  setStartType,
  START_TYPES,
  type ScHandle,
} from '../support/scm-admin';

const WINDOWS_ONLY = process.platform !== 'win32' && 'runs inside node.exe (scripts/windows-test.sh)';
const NAME = `HostwatchSvcTest${process.pid}`;
const MISSING = `HostwatchNoSuchService${process.pid}`;

describe('services collector on the SCM', { skip: WINDOWS_ONLY }, () => {
  let scm: ScHandle | undefined;
  let service: ScHandle | undefined;
  let svc: CollectorUnderTest;
  const value = (text: string, series: string) => sampleValue(text, series);

  before(() => {
    scm = openScmForAdmin();
    service = createService(scm, NAME, 'manual');
    svc = createCollector(servicesCollector, {
      include: 'HostwatchSvcTest.*',
      cache: '0s',
      policy: { [NAME]: 'auto', [MISSING]: { start_mode: 'manual', state: 'stopped' } },
    });
  });

  after(() => {
    // Clean up even when a test failed half-way: the prefix may be reused by hand.
    if (service) {
      deleteService(service);
      closeServiceHandle(service);
    }
    if (scm) closeServiceHandle(scm);
    svc?.collector.stop?.();
  });

  test('a created service is read back: manual, stopped, one-hot', async () => {
    const text = await svc.scrape();
    for (const mode of Object.keys(START_TYPES)) {
      const series = `hostwatch_service_start_mode{name="${NAME}",start_mode="${mode}"}`;
      assert.equal(value(text, series), mode === 'manual' ? 1 : 0, series);
    }
    assert.equal(value(text, `hostwatch_service_state{name="${NAME}",state="stopped"}`), 1);
    assert.equal(value(text, `hostwatch_service_state{name="${NAME}",state="running"}`), 0);
    assert.doesNotMatch(
      text,
      /name="(?!HostwatchSvcTest|HostwatchNoSuch)/,
      'only selected services are exported',
    );
  });

  test('the policy: non-compliant while manual, a missing service has its own reason', async () => {
    const text = await svc.scrape();
    assert.equal(
      value(text, `hostwatch_service_policy_compliant{name="${NAME}",expected="auto",reason="start_mode"}`),
      0,
    );
    assert.equal(
      value(
        text,
        `hostwatch_service_policy_compliant{name="${MISSING}",expected="manual,stopped",reason="missing"}`,
      ),
      0,
    );
  });

  test('ChangeServiceConfigW to auto: the metric and the policy follow at the next update', async () => {
    setStartType(service as ScHandle, 'auto');
    const text = await svc.scrape();
    assert.equal(value(text, `hostwatch_service_start_mode{name="${NAME}",start_mode="auto"}`), 1);
    assert.equal(value(text, `hostwatch_service_start_mode{name="${NAME}",start_mode="manual"}`), 0);
    assert.equal(
      value(text, `hostwatch_service_policy_compliant{name="${NAME}",expected="auto",reason="compliant"}`),
      1,
    );
    assert.equal(
      value(text, `hostwatch_service_policy_compliant{name="${NAME}",expected="auto",reason="start_mode"}`),
      undefined,
    );
  });

  test('delayed auto start: set and read where the SCM allows it, absent (not 0) where it does not', async () => {
    const error = setDelayedAutoStart(service as ScHandle, true);
    const text = await svc.scrape();
    const delayed = value(text, `hostwatch_service_delayed_start{name="${NAME}"}`);
    if (error === ERROR_INVALID_LEVEL) {
      // Wine 8: QueryServiceConfig2W and ChangeServiceConfig2W reject levels 3 and 8.
      assert.equal(delayed, undefined, 'delayed_start must be absent when the SCM cannot report it');
      assert.equal(value(text, `hostwatch_service_trigger_start{name="${NAME}"}`), undefined);
      assert.equal(svc.logs.filter((l) => l.includes('level 3')).length, 1, 'the gap is logged once');
    } else {
      assert.equal(error, 0, `ChangeServiceConfig2W failed (error ${error})`);
      assert.equal(delayed, 1);
      assert.equal(value(text, `hostwatch_service_trigger_start{name="${NAME}"}`), 0);
      assert.equal(setDelayedAutoStart(service as ScHandle, false), 0);
      assert.equal(value(await svc.scrape(), `hostwatch_service_delayed_start{name="${NAME}"}`), 0);
    }
  });

  test('manual, then disabled: each read at the next update, the policy flips back', async () => {
    for (const mode of ['manual', 'disabled'] as const) {
      setStartType(service as ScHandle, mode);
      const text = await svc.scrape();
      assert.equal(value(text, `hostwatch_service_start_mode{name="${NAME}",start_mode="${mode}"}`), 1, mode);
      assert.equal(value(text, `hostwatch_service_start_mode{name="${NAME}",start_mode="auto"}`), 0, mode);
      assert.equal(
        value(text, `hostwatch_service_policy_compliant{name="${NAME}",expected="auto",reason="start_mode"}`),
        0,
      );
      assert.equal(
        value(text, `hostwatch_service_policy_compliant{name="${NAME}",expected="auto",reason="compliant"}`),
        undefined,
      );
    }
  });

  test('a deleted service disappears, and its policy entry becomes "missing"', async () => {
    deleteService(service as ScHandle);
    closeServiceHandle(service as ScHandle);
    service = undefined; // closed: the after() hook has nothing left to clean up
    const text = await svc.scrape();
    assert.doesNotMatch(text, new RegExp(`hostwatch_service_(start_mode|state)\\{name="${NAME}"`));
    assert.equal(
      value(text, `hostwatch_service_policy_compliant{name="${NAME}",expected="auto",reason="missing"}`),
      0,
    );
  });

  test('every service of the prefix is listed with a start mode and a state', async () => {
    const all = createCollector(servicesCollector, { all: true, cache: '0s' });
    const text = await all.scrape();
    const names = new Set(
      [...text.matchAll(/^hostwatch_service_state\{name="([^"]+)",state="[a-z_]+"\} 1$/gm)].map((m) => m[1]),
    );
    assert.ok(names.size >= 10, `only ${names.size} services in the prefix`);
    assert.ok(names.has('RpcSs'), 'every Wine prefix has RpcSs');
    for (const name of names) {
      const modes = [
        ...text.matchAll(
          new RegExp(`^hostwatch_service_start_mode\\{name="${name}",start_mode="\\w+"\\} 1$`, 'gm'),
        ),
      ];
      assert.equal(modes.length, 1, `${name} has exactly one start mode`);
    }
  });
});

describe('EnumServicesStatusExW with a buffer too small', { skip: WINDOWS_ONLY }, () => {
  test('the buffer grows to the bytes the SCM says it needs; nothing lost or repeated', async () => {
    const oneShot = await windowsServicesBackend({ drivers: true }).collect(() => true);
    // 300 bytes hold a few records, never the whole list. Windows would return those and
    // ERROR_MORE_DATA; Wine returns none and the bytes needed (both paths: scm-enum tests).
    const resumed = await windowsServicesBackend({ drivers: true, initialBufferBytes: 300 }).collect(
      () => true,
    );
    assert.ok(oneShot.length > 10, `${oneShot.length} services`);
    assert.deepEqual(
      resumed.map((s) => s.name),
      oneShot.map((s) => s.name),
    );
  });
});
