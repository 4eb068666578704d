// Typed option builders. Each option carries its schema (the one validator), its help
// text and a sentence saying what it accepts, so that --help, the YAML schema and every
// error message come from the same place.
import { strictObject, transform, whenMissing, type Shape } from './checks';
import { formatDuration, parseDuration } from './duration';
import * as v from './validate';

export type OptionKind = 'duration' | 'integer' | 'enum' | 'string' | 'boolean' | 'structured';

export interface Option<T> {
  readonly schema: v.Schema<T>;
  readonly kind: OptionKind;
  readonly help: string;
  /** What values are accepted, for --help and for error messages. */
  readonly accepts: string;
  /** Default as a person would write it, or undefined when there is none. */
  readonly defaultText: string | undefined;
  /** Structured options (lists, maps) live only in the config file. */
  readonly flag: boolean;
}

export type OptionTree = { readonly [key: string]: Option<unknown> };
export type OptionValues<T extends OptionTree> = {
  [K in keyof T]: T[K] extends Option<infer V> ? V : never;
};

interface RangeSpec {
  default: number;
  min: number;
  max: number;
  help: string;
}

export function duration(spec: RangeSpec): Option<number> {
  const accepts = `a duration from ${formatDuration(spec.min)} to ${formatDuration(spec.max)} (e.g. "1s", "250ms")`;
  const seconds = transform(v.string(accepts), (text, path) => {
    const value = parseDuration(text);
    return value === undefined || value < spec.min || value > spec.max ? v.fail(path, accepts) : v.ok(value);
  });
  const schema = v.withDefault(seconds, spec.default);
  return option(schema, 'duration', spec.help, accepts, formatDuration(spec.default));
}

export function integer(spec: RangeSpec): Option<number> {
  const accepts = `an integer from ${spec.min} to ${spec.max}`;
  const schema = v.withDefault(v.number(accepts, { ...spec, integer: true }), spec.default);
  return option(schema, 'integer', spec.help, accepts, String(spec.default));
}

export function oneOf<const V extends readonly [string, ...string[]]>(spec: {
  values: V;
  default: V[number];
  help: string;
}): Option<V[number]> {
  const accepts = `one of ${spec.values.join(', ')}`;
  const schema = v.withDefault(v.oneOf(spec.values, accepts), spec.default);
  return option(schema, 'enum', spec.help, accepts, spec.default);
}

export function text(spec: {
  default: string;
  help: string;
  accepts: string;
  check: (value: string) => boolean;
}): Option<string> {
  const checked = transform(v.string(spec.accepts), (value, path) =>
    spec.check(value) ? v.ok(value) : v.fail(path, spec.accepts),
  );
  const schema = v.withDefault(checked, spec.default);
  return option(schema, 'string', spec.help, spec.accepts, spec.default || undefined);
}

export function flag(spec: { default: boolean; help: string }): Option<boolean> {
  const accepts = 'true or false';
  const schema = v.withDefault(v.boolean(accepts), spec.default);
  return option(schema, 'boolean', spec.help, accepts, String(spec.default));
}

/** A list or map that only the config file can express. */
export function structured<T>(spec: { schema: v.Schema<T>; help: string; accepts: string }): Option<T> {
  return { ...option(spec.schema, 'structured', spec.help, spec.accepts, undefined), flag: false };
}

function option<T>(
  schema: v.Schema<T>,
  kind: OptionKind,
  help: string,
  accepts: string,
  defaultText: string | undefined,
): Option<T> {
  return { schema, kind, help, accepts, defaultText, flag: true };
}

/** A strict section: unknown keys are rejected, every key has its default. */
export function section<T extends OptionTree>(tree: T): v.Schema<OptionValues<T>> {
  // The object has exactly the tree's keys, each checked by its option's schema.
  return whenMissing(strictObject(sectionShape(tree)), {}) as v.Schema<OptionValues<T>>;
}

/** The shape of a section, for a section that nests another (web.config). */
export function sectionShape(tree: OptionTree): Shape {
  const shape: Record<string, v.Schema<unknown>> = {};
  for (const [key, opt] of Object.entries(tree)) shape[key] = opt.schema;
  return shape;
}
