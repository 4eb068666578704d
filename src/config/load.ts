// Defaults < config file < flags. Validation is strict and every failure is one
// ConfigError naming the key, the value given and what is accepted.
import { readFileSync } from 'node:fs';
import { collectorNames } from '../collectors';
import type { Platform } from '../platform';
import { ConfigError, describeValue } from './errors';
import { flagSpecs, parseArgs, type ParsedArgs } from './flags';
import type { OptionTree } from './options';
import { configSchema, optionTrees, type Config } from './schema';
import type { Issue } from './validate';
import { parseYaml } from './yaml';

export interface LoadedConfig extends Omit<ParsedArgs, 'config'> {
  readonly config: Config;
}

export function loadConfig(argv: readonly string[], platform: Platform): LoadedConfig {
  const trees = optionTrees(platform);
  const args = parseArgs(argv, flagSpecs(trees), collectorNames());
  const fromFile = args.configFile === undefined ? {} : readConfigFile(args.configFile);
  const merged = deepMerge(fromFile, args.config);
  const result = configSchema(platform).check(merged, []);
  if (!result.ok) {
    throw new ConfigError(describeIssue(result.issue, merged, trees, args.given, args.configFile));
  }
  return { ...args, config: result.value };
}

function readConfigFile(path: string): Record<string, unknown> {
  let textContent: string;
  try {
    textContent = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new ConfigError(`cannot read config file "${path}" (${code}); accepted: a readable YAML file`);
  }
  let parsed: unknown;
  try {
    parsed = parseYaml(textContent);
  } catch (error) {
    const detail = (error as Error).message.split('\n')[0];
    throw new ConfigError(`config file "${path}" is not valid YAML: ${detail}`);
  }
  if (parsed === null || parsed === undefined) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(
      `config file "${path}": the top level is ${describeValue(parsed)}; accepted: a mapping of sections (web, log, storage, collectors)`,
    );
  }
  return parsed as Record<string, unknown>;
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prior = out[key];
    out[key] = isPlainObject(prior) && isPlainObject(value) ? deepMerge(prior, value) : value;
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeIssue(
  issue: Issue,
  input: Record<string, unknown>,
  trees: Record<string, OptionTree>,
  given: Map<string, string>,
  file: string | undefined,
): string {
  const path = issue.path;
  const where = file === undefined ? '' : ` in "${file}"`;
  if (issue.code === 'unknown_key') {
    const parent = path.join('.');
    const key = issue.key ?? '';
    const known = acceptedKeys(parent, trees);
    const what = parent === 'collectors' ? 'collector' : 'key';
    return `unknown ${what} "${[...path, key].join('.')}"${where}; accepted: ${known.join(', ')}`;
  }
  const dotted = path.join('.');
  const treeKey = treeOf(path, trees);
  const optionKey = path[treeKey.split('.').length];
  const option = optionKey === undefined ? undefined : trees[treeKey]?.[optionKey];
  const value = path.reduce<unknown>(
    (node, key) =>
      isPlainObject(node) || Array.isArray(node) ? (node as Record<string, unknown>)[key] : undefined,
    input,
  );
  const source = given.get(dotted) ?? (file === undefined ? '' : `"${file}"`);
  // A check between two keys (web.header_timeout <= web.request_timeout) has its own message.
  const accepts =
    option === undefined
      ? issue.message
      : option.kind === 'structured' && path.length > 3
        ? `${option.accepts} (${issue.message})`
        : issue.code === 'relation'
          ? issue.message
          : option.accepts;
  const section = option === undefined && !isPlainObject(value) ? 'a mapping' : accepts;
  // A key left out can still be wrong next to another (request_timeout below header_timeout).
  const shown =
    value === undefined && option?.defaultText !== undefined
      ? `${option.defaultText} (the default)`
      : describeValue(value);
  return `invalid value for ${dotted || 'the configuration'}${source ? ` (${source})` : ''}: ${shown}; accepted: ${section}`;
}

/** The option tree a key belongs to: the longest prefix of its path that names one. */
function treeOf(path: readonly string[], trees: Record<string, OptionTree>): string {
  for (let n = path.length - 1; n > 1; n--) {
    const key = path.slice(0, n).join('.');
    if (key in trees) return key;
  }
  return path[0] ?? '';
}

function acceptedKeys(parent: string, trees: Record<string, OptionTree>): string[] {
  if (parent === '') return ['web', 'log', 'storage', 'collectors'];
  if (parent === 'collectors') return collectorNames();
  const nested = Object.keys(trees)
    .filter((k) => k.startsWith(`${parent}.`) && !k.slice(parent.length + 1).includes('.'))
    .map((k) => k.slice(parent.length + 1));
  return [...Object.keys(trees[parent] ?? {}), ...nested];
}
