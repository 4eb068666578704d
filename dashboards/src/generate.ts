// `npm run dashboards`: writes dashboards/*.json and docs/dashboards.md from dashboards/src.
// With --check, writes nothing and exits 1 naming every file that differs from what the
// source generates.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderDashboardsDoc } from './doc';
import { DASHBOARDS, renderDashboard } from './index';

/** The repository, from dist/dashboards/src where this runs. */
const ROOT = join(__dirname, '..', '..', '..');

/** Every generated file: its path in the repository and its content. */
export function generatedFiles(): [string, string][] {
  return [
    ...DASHBOARDS.map(({ file, build }): [string, string] => [
      `dashboards/${file}`,
      renderDashboard(build()),
    ]),
    ['docs/dashboards.md', renderDashboardsDoc()],
  ];
}

function main(check: boolean): number {
  const stale: string[] = [];
  for (const [file, content] of generatedFiles()) {
    const path = join(ROOT, file);
    const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    if (current === content) continue;
    if (check) stale.push(file);
    else writeFileSync(path, content);
    process.stdout.write(`${check ? 'stale' : 'wrote'} ${file}\n`);
  }
  if (stale.length > 0) process.stderr.write('run `npm run dashboards` and commit the result\n');
  return stale.length > 0 ? 1 : 0;
}

if (require.main === module) process.exit(main(process.argv.includes('--check')));
