// The EnumServicesStatusExW loop, apart from the call itself, so its two ways of
// continuing are tested: Windows fills the buffer with as many whole records as fit and
// answers ERROR_MORE_DATA with the resume handle moved on; Wine returns nothing and only
// the bytes needed. Either way the buffer grows to what the SCM says it needs. Pure.
import { ERROR_MORE_DATA } from './errors';
import type { EnumeratedService } from './scm-layout';

export interface EnumAnswer {
  readonly ok: boolean;
  /** GetLastError() when ok is false. */
  readonly error: number;
  /** *lpServicesReturned: whole records written into the buffer by this call. */
  readonly returned: number;
  /** *pcbBytesNeeded: bytes the remaining records need. */
  readonly needed: number;
}

/** One EnumServicesStatusExW call into `buffer`; the caller keeps the resume handle. */
export type EnumCall = (buffer: Buffer) => EnumAnswer;

/** Reads the `count` records one call wrote into `buffer`. */
export type EnumParse = (buffer: Buffer, count: number) => EnumeratedService[];

const MAX_CALLS = 1000;
const MIN_GROWTH = 4096;

export function enumerateAll(
  call: EnumCall,
  parse: EnumParse,
  initial: Buffer,
): { services: EnumeratedService[]; buffer: Buffer } {
  let buffer = initial;
  const services: EnumeratedService[] = [];
  for (let i = 0; i < MAX_CALLS; i++) {
    const answer = call(buffer);
    if (!answer.ok && answer.error !== ERROR_MORE_DATA) {
      throw new Error(`EnumServicesStatusExW failed (error ${answer.error})`);
    }
    if (answer.returned > 0) services.push(...parse(buffer, answer.returned));
    if (answer.ok) return { services, buffer };
    if (answer.returned === 0 || answer.needed > buffer.length) {
      buffer = Buffer.alloc(Math.max(answer.needed, MIN_GROWTH));
    }
  }
  throw new Error(`EnumServicesStatusExW did not finish after ${MAX_CALLS} calls`);
}
