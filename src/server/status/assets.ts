// The files the status page loads, all served by the exporter itself (no CDN, no
// internet): uPlot from node_modules, the page's script compiled from client/status.ts,
// and its stylesheet. Read once, on first request.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STATUS_CSS } from './styles';

export interface Asset {
  readonly contentType: string;
  readonly body: string;
}

const uplot = (file: string) => require.resolve(`uplot/dist/${file}`);

const SOURCES: Record<string, { contentType: string; read: () => string }> = {
  '/status/uPlot.iife.min.js': {
    contentType: 'text/javascript',
    read: () => readFileSync(uplot('uPlot.iife.min.js'), 'utf8'),
  },
  '/status/uPlot.min.css': {
    contentType: 'text/css',
    read: () => readFileSync(uplot('uPlot.min.css'), 'utf8'),
  },
  '/status/status.js': {
    contentType: 'text/javascript',
    read: () => readFileSync(join(__dirname, 'client', 'status.js'), 'utf8'),
  },
  '/status/status.css': { contentType: 'text/css', read: () => STATUS_CSS },
};

export const ASSET_PATHS = Object.keys(SOURCES);
const cache = new Map<string, Asset>();

export function asset(path: string): Asset {
  const known = cache.get(path);
  if (known) return known;
  const source = SOURCES[path];
  if (!source) throw new Error(`no status asset ${path}`);
  const loaded = { contentType: source.contentType, body: source.read() };
  cache.set(path, loaded);
  return loaded;
}
