// One family object in both registries: rendering OpenMetrics must not rename the
// counters the Prometheus-text registry serves (prom-client's own OpenMetrics rendering
// strips "_total" from the shared object in place), and must render what prom-client does.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Counter, Gauge, Histogram, Registry, type RegistryContentType } from 'prom-client';
import { createRegistries } from '../../src/serve';

function families(registers: Registry<RegistryContentType>[]) {
  const c = new Counter({ name: 'demo_events_total', help: 'Events.', labelNames: ['kind'], registers });
  const g = new Gauge({ name: 'demo_level', help: 'Level.', registers });
  const h = new Histogram({ name: 'demo_seconds', help: 'Time.', buckets: [1], registers });
  c.inc({ kind: 'a' }, 2);
  g.set(3);
  h.observe(0.5);
}

test('after OpenMetrics renders, the text format still names counters with _total', async () => {
  const { prometheus, openmetrics } = createRegistries();
  families([prometheus, openmetrics]);
  const before = await prometheus.metrics();
  const [open, during] = await Promise.all([openmetrics.metrics(), prometheus.metrics()]);
  const after = await prometheus.metrics();
  for (const text of [before, during, after]) {
    assert.match(text, /^# TYPE demo_events_total counter$/m);
    assert.match(text, /^demo_events_total\{kind="a"\} 2$/m);
  }
  assert.equal(after, before);
  assert.match(open, /^# TYPE demo_events counter$/m);
  assert.match(open, /^demo_events_total\{kind="a"\} 2$/m);
  assert.match(open, /# EOF\n$/);
});

test("the OpenMetrics text is prom-client's own, byte for byte", async () => {
  const { openmetrics } = createRegistries();
  families([openmetrics]);
  const reference = new Registry<'application/openmetrics-text; version=1.0.0; charset=utf-8'>();
  reference.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  families([reference]);
  assert.equal(await openmetrics.metrics(), await reference.metrics());
  assert.equal(await openmetrics.metrics(), await reference.metrics(), 'and again, after a first rendering');
});
