// A small strict validator for the configuration: unknown keys are rejected, every key is
// typed, missing keys get their defaults. It replaces zod, which cost 3 to 5 MB of RSS for
// a check that runs once at start. Only what the options need; the first issue wins.
// Sections, refinements and transforms are in checks.ts.

export interface Issue {
  /** Where the value is, from the top of what was checked. */
  readonly path: string[];
  /** What is accepted there (load.ts decides how much of it to show). */
  readonly message: string;
  /** unknown_key: `key` is the first key the object does not know, `path` the object. */
  readonly code: 'invalid' | 'unknown_key' | 'relation';
  readonly key?: string;
}

export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issue: Issue };

export interface Schema<T> {
  check(value: unknown, path: string[]): Result<T>;
  /** The value, or a thrown Error naming the first issue (tests and fixed inputs). */
  parse(value: unknown): T;
  safeParse(
    value: unknown,
  ): { readonly success: true; readonly data: T } | { readonly success: false; readonly issue: Issue };
}

export type Infer<S> = S extends Schema<infer T> ? T : never;

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export const fail = (path: string[], message: string, code: Issue['code'] = 'invalid', key?: string) =>
  ({ ok: false, issue: key === undefined ? { path, message, code } : { path, message, code, key } }) as const;

export function schema<T>(check: (value: unknown, path: string[]) => Result<T>): Schema<T> {
  return {
    check,
    parse(value) {
      const result = check(value, []);
      if (result.ok) return result.value;
      throw new Error(`${result.issue.path.join('.') || 'value'}: ${result.issue.message}`);
    },
    safeParse(value) {
      const result = check(value, []);
      return result.ok ? { success: true, data: result.value } : { success: false, issue: result.issue };
    },
  };
}

/** A mapping as YAML gives it: not null, not a list. */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const string = (message: string): Schema<string> =>
  schema((v, path) => (typeof v === 'string' ? ok(v) : fail(path, message)));

export const boolean = (message: string): Schema<boolean> =>
  schema((v, path) => (typeof v === 'boolean' ? ok(v) : fail(path, message)));

/** A finite number within [min, max]; an integer when `integer` is set. */
export function number(
  message: string,
  range: { min: number; max: number; integer: boolean },
): Schema<number> {
  return schema((v, path) => {
    const fits =
      typeof v === 'number' &&
      Number.isFinite(v) &&
      (!range.integer || Number.isSafeInteger(v)) &&
      v >= range.min &&
      v <= range.max;
    return fits ? ok(v) : fail(path, message);
  });
}

export function oneOf<const V extends readonly string[]>(values: V, message: string): Schema<V[number]> {
  return schema((v, path) =>
    typeof v === 'string' && values.includes(v) ? ok(v as V[number]) : fail(path, message),
  );
}

/** The first alternative that accepts the value; else one issue for all of them. */
export function union<T>(alternatives: readonly Schema<T>[], message: string): Schema<T> {
  return schema((v, path) => {
    for (const alternative of alternatives) {
      const result = alternative.check(v, path);
      if (result.ok) return result;
    }
    return fail(path, message);
  });
}

export function array<T>(item: Schema<T>, message: string): Schema<T[]> {
  return schema((v, path) => {
    if (!Array.isArray(v)) return fail(path, message);
    const out: T[] = [];
    for (const [i, element] of v.entries()) {
      const result = item.check(element, [...path, String(i)]);
      if (!result.ok) return result;
      out.push(result.value);
    }
    return ok(out);
  });
}

/** A mapping of non-empty string keys to values of one schema. */
export function record<T>(value: Schema<T>, message: string): Schema<Record<string, T>> {
  return schema((v, path) => {
    if (!isMapping(v)) return fail(path, message);
    const out: Record<string, T> = {};
    for (const [key, element] of Object.entries(v)) {
      if (key === '') return fail([...path, key], message);
      const result = value.check(element, [...path, key]);
      if (!result.ok) return result;
      out[key] = result.value;
    }
    return ok(out);
  });
}

/** A missing value (undefined) is accepted and stays missing. */
export const optional = <T>(inner: Schema<T>): Schema<T | undefined> =>
  schema((v, path) => (v === undefined ? ok(undefined) : inner.check(v, path)));

/** A missing value is `value` itself, taken as it is. */
export const withDefault = <T>(inner: Schema<T>, value: T): Schema<T> =>
  schema((v, path) => (v === undefined ? ok(value) : inner.check(v, path)));
