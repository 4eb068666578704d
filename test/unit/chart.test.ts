// The Helm chart, checked without a helm binary (none is installable here; docs/deploy.md
// says how to run `helm lint` and `helm template`): values against the schema, every
// value the templates use declared, every include and file present, the templates
// well-formed YAML of known Kubernetes kinds once their actions are stripped, and the
// chart's copies of the rules and dashboards in step with their sources.
import assert from 'node:assert/strict';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import Ajv from 'ajv';
import YAML from 'yaml';
import { CHART_DIR, chartDrift, ROOT, syncChart } from '../../src/tools/chart-sync';

const CHART = join(ROOT, CHART_DIR);
const TEMPLATES = join(CHART, 'templates');
const templateFiles = readdirSync(TEMPLATES).sort();
const source = (file: string) => readFileSync(join(TEMPLATES, file), 'utf8');
const allTemplates = templateFiles.map(source).join('\n');
const values = YAML.parse(readFileSync(join(CHART, 'values.yaml'), 'utf8')) as Record<string, unknown>;
const schema = JSON.parse(readFileSync(join(CHART, 'values.schema.json'), 'utf8')) as Record<string, unknown>;

/** Kinds the chart may render, with the apiVersion each must use. */
const KINDS: Record<string, string> = {
  ConfigMap: 'v1',
  Service: 'v1',
  ServiceAccount: 'v1',
  DaemonSet: 'apps/v1',
  NetworkPolicy: 'networking.k8s.io/v1',
  ServiceMonitor: 'monitoring.coreos.com/v1',
  PodMonitor: 'monitoring.coreos.com/v1',
  PrometheusRule: 'monitoring.coreos.com/v1',
};

test('Chart.yaml: apiVersion v2, appVersion from package.json', () => {
  const chart = YAML.parse(readFileSync(join(CHART, 'Chart.yaml'), 'utf8')) as Record<string, string>;
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  assert.equal(chart['apiVersion'], 'v2');
  assert.equal(chart['name'], 'hostwatch-exporter');
  assert.equal(chart['appVersion'], pkg.version);
  assert.match(chart['version'] ?? '', /^\d+\.\d+\.\d+/);
});

test('values.yaml and every ci/*-values.yaml validate against values.schema.json', () => {
  const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true });
  const validate = ajv.compile(schema);
  const files = ['values.yaml', ...readdirSync(join(CHART, 'ci')).map((f) => join('ci', f))];
  assert.ok(files.length >= 4, 'values.yaml and at least three ci values files');
  for (const file of files) {
    const ok = validate(YAML.parse(readFileSync(join(CHART, file), 'utf8')));
    assert.ok(ok, `${file}: ${ajv.errorsText(validate.errors)}`);
  }
  // The schema rejects what it should: a typo'd key, a wrong type, an unknown enum value.
  for (const bad of [
    { linux: { enabeld: true } },
    { port: '9877' },
    { image: { pullPolicy: 'Sometimes' } },
    { webConfig: { scheme: 'https' } },
    { webConfig: { existingSecret: 'Not_A_Name' } },
    { webConfig: { file: 'web.yml' } },
  ]) {
    assert.equal(validate(bad), false, JSON.stringify(bad));
  }
});

test('every value in the schema is typed and described', () => {
  const walk = (node: Record<string, unknown>, path: string) => {
    assert.ok(node['type'], `${path}: no type`);
    assert.ok(
      typeof node['description'] === 'string' && node['description'].length > 10,
      `${path}: no description`,
    );
    for (const [key, child] of Object.entries(
      (node['properties'] ?? {}) as Record<string, Record<string, unknown>>,
    )) {
      walk(child, `${path}.${key}`);
    }
  };
  walk(schema, 'values');
});

test('every .Values.x.y a template uses exists in values.yaml', () => {
  const used = new Set(
    [...allTemplates.matchAll(/\.Values((?:\.[A-Za-z_]\w*)+)/g)].map((m) => m[1] as string),
  );
  assert.ok(used.size > 40, `found ${used.size} references`);
  for (const ref of used) {
    let node: unknown = values;
    for (const key of ref.slice(1).split('.')) {
      assert.ok(
        node !== null && typeof node === 'object' && key in node,
        `.Values${ref} is not in values.yaml`,
      );
      node = (node as Record<string, unknown>)[key];
    }
  }
});

test('every template a template includes is defined, and every file it reads exists', () => {
  const defined = new Set([...allTemplates.matchAll(/define "([^"]+)"/g)].map((m) => m[1]));
  for (const [, name] of allTemplates.matchAll(/include "([^"]+)"/g))
    assert.ok(defined.has(name), `include "${name}"`);
  for (const [, path] of allTemplates.matchAll(/\.Files\.Get "([^"]+)"/g)) {
    assert.ok(existsSync(join(CHART, path as string)), `.Files.Get "${path}"`);
  }
  for (const [, pattern] of allTemplates.matchAll(/\.Files\.Glob "([^"]+)"/g)) {
    const dir = (pattern as string).slice(0, (pattern as string).lastIndexOf('/'));
    assert.ok(
      existsSync(join(CHART, dir)),
      `.Files.Glob "${pattern}": ${dir} exists (it may hold no file yet)`,
    );
  }
});

/** The template with its actions removed: whole-line actions dropped, inline ones made a scalar. */
function stripActions(template: string): string {
  return template
    .replace(/\{\{-?\s*\/\*[\s\S]*?\*\/\s*-?\}\}/g, '')
    .split('\n')
    .filter((line) => !/^\s*\{\{[^}]*\}\}\s*$/.test(line))
    .map((line) => line.replace(/\{\{[^}]*\}\}/g, 'x'))
    .join('\n');
}

test('each template, its actions stripped, is well-formed YAML of a known Kubernetes kind', () => {
  const kinds: string[] = [];
  for (const file of templateFiles.filter((f) => f.endsWith('.yaml'))) {
    const docs = YAML.parseAllDocuments(stripActions(source(file))).filter((d) => d.contents !== null);
    assert.ok(docs.length > 0, `${file}: no document`);
    for (const doc of docs) {
      assert.deepEqual(doc.errors, [], `${file}: ${doc.errors.join('; ')}`);
      const object = doc.toJS() as { apiVersion?: string; kind?: string; metadata?: { name?: unknown } };
      assert.ok(object.kind && object.kind in KINDS, `${file}: kind ${object.kind}`);
      assert.equal(object.apiVersion, KINDS[object.kind], `${file}: apiVersion of ${object.kind}`);
      assert.ok(object.metadata?.name, `${file}: metadata.name`);
      kinds.push(object.kind);
    }
  }
  assert.deepEqual(
    [...new Set(kinds)].sort(),
    Object.keys(KINDS).sort(),
    'every kind is rendered by some template',
  );
});

test('the DaemonSets: hostProcess as LocalSystem on Windows; non-root, read-only, no capabilities on Linux', () => {
  const windows = YAML.parse(stripActions(source('daemonset-windows.yaml'))) as {
    spec: {
      template: {
        spec: Record<string, unknown> & { securityContext: { windowsOptions: Record<string, unknown> } };
      };
    };
  };
  const pod = windows.spec.template.spec;
  assert.equal(pod['hostNetwork'], true);
  assert.equal(pod.securityContext.windowsOptions['hostProcess'], true);
  assert.equal(
    values['windows'] && (values['windows'] as Record<string, unknown>)['runAsUserName'],
    'NT AUTHORITY\\system',
  );
  const linux = source('daemonset-linux.yaml');
  for (const line of [
    'runAsNonRoot: true',
    'readOnlyRootFilesystem: true',
    'allowPrivilegeEscalation: false',
    '- ALL',
  ]) {
    assert.ok(linux.includes(line), line);
  }
  assert.match(linux, /include "hostwatch-exporter.probes"/);
  const helpers = source('_helpers.tpl');
  assert.match(helpers, /livenessProbe:\n\s+httpGet:\n\s+path: \/healthz/);
  assert.match(helpers, /readinessProbe:\n\s+httpGet:\n\s+path: \/readyz/);
});

test('the web config Secret: mounted read-only in both DaemonSets, passed as --web.config.file, the probes follow it', () => {
  const helpers = source('_helpers.tpl');
  for (const [file, dir] of [
    ['daemonset-linux.yaml', '"/etc/hostwatch-exporter/web" "sep" "/"'],
    [
      'daemonset-windows.yaml',
      '"%CONTAINER_SANDBOX_MOUNT_POINT%\\\\etc\\\\hostwatch-exporter\\\\web" "sep" "\\\\"',
    ],
  ] as const) {
    const ds = source(file);
    assert.ok(ds.includes(`include "hostwatch-exporter.webConfigArgs" (dict "root" . "dir" ${dir})`), file);
    assert.match(ds, /volumeMounts:[\s\S]*include "hostwatch-exporter.webConfigMount"/, file);
    assert.match(ds, /volumes:\n\s+\{\{- include "hostwatch-exporter.webConfigVolume"/, file);
  }
  assert.match(helpers, /--web.config.file=%s%s%s" .dir .sep .root.Values.webConfig.key/);
  assert.match(
    helpers,
    /- name: web-config\n\s+mountPath: \/etc\/hostwatch-exporter\/web\n\s+readOnly: true/,
  );
  assert.match(helpers, /secret:\n\s+secretName: \{\{ .Values.webConfig.existingSecret \}\}/);
  assert.equal(
    helpers.match(/include "hostwatch-exporter.probeScheme" . \| nindent 4/g)?.length,
    3,
    'all three probes',
  );
  assert.match(
    helpers,
    /scheme: \{\{ .Values.webConfig.scheme \}\}\n\{\{- with .Values.webConfig.probeHeaders \}\}\nhttpHeaders:/,
  );
  // Each of those only when a Secret is named: plain HTTP otherwise.
  for (const name of ['probeScheme', 'webConfigMount', 'webConfigVolume']) {
    const body = new RegExp(
      `define "hostwatch-exporter.${name}" -\\}\\}\\n\\{\\{-? if .Values.webConfig.existingSecret`,
    );
    assert.match(helpers, body, name);
  }
  assert.equal((values['webConfig'] as Record<string, unknown>)['existingSecret'], '');
});

test("the chart's copies of the rules and dashboards match their sources (npm run chart)", () => {
  assert.deepEqual(chartDrift(), []);
});

test('npm run chart picks up new dashboards and drops removed ones', () => {
  const root = mkdtempSync(join(tmpdir(), 'hostwatch-chart-'));
  try {
    for (const path of ['package.json', 'alerts', 'dashboards', CHART_DIR]) {
      if (existsSync(join(ROOT, path))) cpSync(join(ROOT, path), join(root, path), { recursive: true });
    }
    mkdirSync(join(root, 'dashboards'), { recursive: true });
    writeFileSync(join(root, 'dashboards', 'new-panel.json'), '{"title":"new"}\n');
    writeFileSync(join(root, CHART_DIR, 'files', 'dashboards', 'gone.json'), '{}\n');
    assert.deepEqual(chartDrift(root).sort(), [
      `${CHART_DIR}/files/dashboards/gone.json: no longer has a source; remove it`,
      `${CHART_DIR}/files/dashboards/new-panel.json: missing`,
    ]);
    syncChart(root);
    assert.deepEqual(chartDrift(root), []);
    assert.equal(
      readFileSync(join(root, CHART_DIR, 'files', 'dashboards', 'new-panel.json'), 'utf8'),
      '{"title":"new"}\n',
    );
    assert.ok(!existsSync(join(root, CHART_DIR, 'files', 'dashboards', 'gone.json')));
    writeFileSync(join(root, 'package.json'), JSON.stringify({ version: '9.8.7' }));
    assert.deepEqual(chartDrift(root), [`${CHART_DIR}/Chart.yaml: differs from its source`]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
