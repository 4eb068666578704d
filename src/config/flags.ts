// Command-line flags in the Prometheus style, derived from the option trees:
//   web.listen_address        -> --web.listen-address
//   collectors.clock.enabled  -> --collector.clock / --no-collector.clock
//   collectors.clock.interval -> --collector.clock.interval
import type { OptionTree, Option } from './options';
import { ConfigError } from './errors';

export interface FlagSpec {
  readonly flag: string;
  /** Dotted path into the config object. */
  readonly path: readonly string[];
  readonly option: Option<unknown>;
}

export function flagName(treeKey: string, optionKey: string): string {
  const [head, name] = treeKey.split('.');
  if (head === 'collectors') {
    return optionKey === 'enabled'
      ? `collector.${name}`
      : `collector.${name}.${optionKey.replace(/_/g, '-')}`;
  }
  return `${treeKey}.${optionKey.replace(/_/g, '-')}`;
}

export function flagSpecs(trees: Record<string, OptionTree>): FlagSpec[] {
  const specs: FlagSpec[] = [];
  for (const [treeKey, tree] of Object.entries(trees)) {
    for (const [optionKey, option] of Object.entries(tree)) {
      if (!option.flag) continue;
      specs.push({ flag: flagName(treeKey, optionKey), path: [...treeKey.split('.'), optionKey], option });
    }
  }
  return specs;
}

export interface ParsedArgs {
  readonly command: string | undefined;
  /** Positional arguments after the command (`service install`: ["install"]). */
  readonly operands: readonly string[];
  /** The arguments as given minus the command and its operands: flags and their values. */
  readonly flagArgv: readonly string[];
  readonly config: Record<string, unknown>;
  /** Flags given, by dotted config path, for error messages. */
  readonly given: Map<string, string>;
  readonly special: Set<string>;
  readonly configFile: string | undefined;
}

/** Flags that are not configuration: they choose what the program does. */
const SPECIAL_FLAGS = ['help', 'version', 'config.check'] as const;

/** Commands that take operands after their name, and how many (`service install`). */
export const COMMAND_OPERANDS: Readonly<Record<string, number>> = { service: 1 };

export function parseArgs(
  argv: readonly string[],
  specs: readonly FlagSpec[],
  collectorNames: readonly string[],
): ParsedArgs {
  const byFlag = new Map(specs.map((s) => [s.flag, s]));
  const config: Record<string, unknown> = {};
  const given = new Map<string, string>();
  const special = new Set<string>();
  let command: string | undefined;
  let configFile: string | undefined;
  const operands: string[] = [];
  const positional = new Set<number>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('-')) {
      if (command !== undefined && operands.length >= (COMMAND_OPERANDS[command] ?? 0))
        throw new ConfigError(
          `unexpected argument "${arg}"; accepted: one command (serve, check, service ACTION)`,
        );
      if (command === undefined) command = arg;
      else operands.push(arg);
      positional.add(i);
      continue;
    }
    if (arg === '-h') {
      special.add('help');
      continue;
    }
    const body = arg.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const name = eq >= 0 ? body.slice(0, eq) : body;
    const inline = eq >= 0 ? body.slice(eq + 1) : undefined;
    if ((SPECIAL_FLAGS as readonly string[]).includes(name)) {
      special.add(name);
      continue;
    }
    if (name === 'config.file') {
      configFile = inline ?? argv[++i];
      if (configFile === undefined)
        throw new ConfigError('flag --config.file needs a value; accepted: a path to a YAML file');
      continue;
    }
    const negated = name.startsWith('no-') ? byFlag.get(name.slice(3)) : undefined;
    const spec = negated ?? byFlag.get(name);
    if (!spec) throw unknownFlag(name, collectorNames);
    let raw: string | boolean;
    if (spec.option.kind === 'boolean') {
      raw = negated ? false : inline === undefined ? true : inline;
      if (raw === 'true' || raw === 'false') raw = raw === 'true';
    } else {
      const value = inline ?? argv[++i];
      if (value === undefined)
        throw new ConfigError(`flag --${name} needs a value; accepted: ${spec.option.accepts}`);
      raw = value;
    }
    setPath(
      config,
      spec.path,
      spec.option.kind === 'integer' && /^-?\d+$/.test(String(raw)) ? Number(raw) : raw,
    );
    given.set(spec.path.join('.'), `--${name}`);
  }
  const flagArgv = argv.filter((_, i) => !positional.has(i));
  return { command, operands, flagArgv, config, given, special, configFile };
}

function unknownFlag(name: string, collectorNames: readonly string[]): ConfigError {
  const collector = /^(?:no-)?collector\.([^.]+)/.exec(name)?.[1];
  if (collector !== undefined && !collectorNames.includes(collector)) {
    return new ConfigError(
      `unknown collector "${collector}" in flag --${name}; accepted: ${collectorNames.join(', ')}`,
    );
  }
  return new ConfigError(`unknown flag --${name}; accepted: the flags listed by --help`);
}

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  path.slice(0, -1).forEach((key) => {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  });
  node[path[path.length - 1] as string] = value;
}
