// Typed option builders. Each option carries its zod schema (the one validator), its
// help text and a sentence saying what it accepts, so that --help, the YAML schema and
// every error message come from the same place.
import { z } from 'zod';
import { formatDuration, parseDuration } from './duration';

export type OptionKind = 'duration' | 'integer' | 'enum' | 'string' | 'boolean' | 'structured';

export interface Option<T> {
  readonly schema: z.ZodType<T>;
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
  const schema = z
    .string({ error: accepts })
    .transform((text, ctx) => {
      const seconds = parseDuration(text);
      if (seconds === undefined || seconds < spec.min || seconds > spec.max) {
        ctx.addIssue({ code: 'custom', message: accepts });
        return z.NEVER;
      }
      return seconds;
    })
    .default(spec.default);
  return option(schema, 'duration', spec.help, accepts, formatDuration(spec.default));
}

export function integer(spec: RangeSpec): Option<number> {
  const accepts = `an integer from ${spec.min} to ${spec.max}`;
  const schema = z
    .number({ error: accepts })
    .int({ error: accepts })
    .min(spec.min, { error: accepts })
    .max(spec.max, { error: accepts })
    .default(spec.default);
  return option(schema, 'integer', spec.help, accepts, String(spec.default));
}

export function oneOf<const V extends readonly [string, ...string[]]>(spec: {
  values: V;
  default: V[number];
  help: string;
}): Option<V[number]> {
  const accepts = `one of ${spec.values.join(', ')}`;
  const schema = z.enum(spec.values, { error: accepts }).default(spec.default as never);
  return option(schema as z.ZodType<V[number]>, 'enum', spec.help, accepts, spec.default);
}

export function text(spec: {
  default: string;
  help: string;
  accepts: string;
  check: (value: string) => boolean;
}): Option<string> {
  const schema = z
    .string({ error: spec.accepts })
    .refine(spec.check, { error: spec.accepts })
    .default(spec.default);
  return option(schema, 'string', spec.help, spec.accepts, spec.default || undefined);
}

export function flag(spec: { default: boolean; help: string }): Option<boolean> {
  const accepts = 'true or false';
  const schema = z.boolean({ error: accepts }).default(spec.default);
  return option(schema, 'boolean', spec.help, accepts, String(spec.default));
}

/** A list or map that only the config file can express. */
export function structured<T>(spec: { schema: z.ZodType<T>; help: string; accepts: string }): Option<T> {
  return { ...option(spec.schema, 'structured', spec.help, spec.accepts, undefined), flag: false };
}

function option<T>(
  schema: z.ZodType<T>,
  kind: OptionKind,
  help: string,
  accepts: string,
  defaultText: string | undefined,
): Option<T> {
  return { schema, kind, help, accepts, defaultText, flag: true };
}

/** A strict section: unknown keys are rejected, every key has its default. */
export function section<T extends OptionTree>(tree: T): z.ZodType<OptionValues<T>> {
  return z.strictObject(sectionShape(tree)).prefault({}) as unknown as z.ZodType<OptionValues<T>>;
}

/** The zod shape of a section, for a section that nests another (web.config). */
export function sectionShape(tree: OptionTree): Record<string, z.ZodType> {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, opt] of Object.entries(tree)) shape[key] = opt.schema;
  return shape;
}
