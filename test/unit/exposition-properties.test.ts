// Property test (fast-check) of the exposition: whatever a service name or a listen
// target's name and address hold (quotes, backslashes, newlines, any Unicode), the text
// the exporter serves stays valid for `promtool check metrics`, with one series per
// name. The families are the collectors' own, rendered by the exporter's registries.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';
import fc from 'fast-check';
import { listenMetrics } from '../../src/collectors/listen/metrics';
import { servicesMetrics } from '../../src/collectors/services/metrics';
import { createRegistries } from '../../src/serve';
import { needTools } from '../support/tools';

const skip = needTools('promtool');
const name = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
  fc.constantFrom('a"b', 'a\\b', 'line\nbreak', '\\n', '} 1\nfake 2', '# HELP x', 'ünïcødé ✓', '\u0000'),
);

function promtool(text: string): { status: number | null; output: string } {
  const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

test(
  'any service or listen target name: promtool check metrics passes, one series per name',
  { skip },
  async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(name, { minLength: 1, maxLength: 6 }), name, async (names, address) => {
        const registries = createRegistries();
        const registers = [registries.prometheus, registries.openmetrics];
        const services = servicesMetrics(registers);
        const listen = listenMetrics(registers);
        for (const n of names) {
          services.state.set({ name: n, state: 'running' }, 1);
          services.policyCompliant.set({ name: n, expected: `auto ${n}`, reason: 'missing' }, 0);
          listen.targetInfo.set({ target: n, address, port: '1', expect: 'open' }, 1);
          listen.duration.observe({ target: n, phase: 'total' }, 0.001);
          listen.probes.inc({ target: n, result: 'success' });
        }
        const text = await registries.prometheus.metrics();
        const checked = promtool(text);
        assert.equal(checked.status, 0, `${checked.output}\n${text}`);
        const lines = text.split('\n');
        assert.equal(lines.filter((l) => l.startsWith('hostwatch_service_state{')).length, names.length);
        const open = await registries.openmetrics.metrics();
        assert.match(open, /# EOF\n$/);
        assert.equal(
          open.split('\n').filter((l) => l.startsWith('hostwatch_service_state{')).length,
          names.length,
        );
      }),
      { numRuns: 60 },
    );
  },
);
