// Reading one input of the time service, on either OS. Every input is optional: one that
// fails is reported through onError (the collector logs it once) and reads as undefined,
// which the backend reports as the input being unavailable; the other inputs still count.
import type { InputErrorHandler } from './types';

/** Reads the named input, or reports its failure and answers undefined. */
export type InputReader = <T>(input: string, read: () => T) => T | undefined;

export function inputReader(onError: InputErrorHandler): InputReader {
  return (input, read) => {
    try {
      return read();
    } catch (error) {
      onError(input, error instanceof Error ? error : new Error(String(error)));
      return undefined;
    }
  };
}
