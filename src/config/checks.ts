// The composite parts of the validator: strict objects (sections), checks after a value
// parsed (refine) and conversions that can fail (transform). validate.ts has the leaves.
import { fail, isMapping, ok, schema, type Issue, type Result, type Schema } from './validate';

export type Shape = Readonly<Record<string, Schema<unknown>>>;

interface StrictOptions {
  /** The issue when the value is not a mapping. */
  readonly message?: string;
  /** An unknown key as an ordinary issue at the object with this message, not as unknown_key. */
  readonly unknownKey?: (key: string) => string;
}

/**
 * Every key of the shape is checked in the shape's order (a missing key is undefined to its
 * schema, so defaults fill in), then the first key the shape does not know is reported.
 * Keys that are missing and stay undefined are left out of the result.
 */
export function strictObject(shape: Shape, options: StrictOptions = {}): Schema<Record<string, unknown>> {
  return schema((v, path) => {
    if (!isMapping(v)) return fail(path, options.message ?? 'a mapping');
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(shape)) {
      const result = field.check(v[key], [...path, key]);
      if (!result.ok) return result;
      if (result.value !== undefined || key in v) out[key] = result.value;
    }
    const unknown = Object.keys(v).find((key) => !Object.hasOwn(shape, key));
    if (unknown === undefined) return ok(out);
    return options.unknownKey
      ? fail(path, options.unknownKey(unknown))
      : fail(path, `unknown key "${unknown}"`, 'unknown_key', unknown);
  });
}

/** A missing value is checked as `input` (a missing section is an empty one: all defaults). */
export const whenMissing = <T>(inner: Schema<T>, input: unknown): Schema<T> =>
  schema((v, path) => inner.check(v === undefined ? input : v, path));

/** What a refinement found: where (relative to the value; the value itself if left out) and what. */
export interface Problem {
  readonly path?: readonly string[];
  readonly code: Issue['code'];
  readonly message: string;
}

/** A check of a value that parsed: `problem` returns what is wrong, or undefined. */
export function refine<T>(inner: Schema<T>, problem: (value: T) => Problem | undefined): Schema<T> {
  return schema((v, path) => {
    const result = inner.check(v, path);
    if (!result.ok) return result;
    const found = problem(result.value);
    if (found === undefined) return result;
    return fail([...path, ...(found.path ?? [])], found.message, found.code);
  });
}

/** A conversion of a value that parsed; `convert` gets the path to name in its issue. */
export function transform<T, U>(
  inner: Schema<T>,
  convert: (value: T, path: string[]) => Result<U>,
): Schema<U> {
  return schema((v, path) => {
    const result = inner.check(v, path);
    return result.ok ? convert(result.value, path) : result;
  });
}
