// `npm run dashboards`: writes dashboards/*.json from dashboards/src. With --check, writes
// nothing and exits 1 naming every file that differs from what the source generates.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DASHBOARDS, renderDashboard } from './index';

/** dashboards/ in the repository, from dist/dashboards/src where this runs. */
export const DASHBOARD_DIR = join(__dirname, '..', '..', '..', 'dashboards');

function main(check: boolean): number {
  const stale: string[] = [];
  for (const { file, build } of DASHBOARDS) {
    const path = join(DASHBOARD_DIR, file);
    const json = renderDashboard(build());
    const current = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    if (current === json) continue;
    if (check) stale.push(file);
    else writeFileSync(path, json);
    process.stdout.write(`${check ? 'stale' : 'wrote'} dashboards/${file}\n`);
  }
  if (stale.length > 0) process.stderr.write('run `npm run dashboards` and commit the result\n');
  return stale.length > 0 ? 1 : 0;
}

if (require.main === module) process.exit(main(process.argv.includes('--check')));
