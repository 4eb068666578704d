// Polling for a state, not for a time: the machine is shared and slow at times, so tests
// wait for what they expect (with a generous cap) instead of asserting durations.
import { sleep } from './exporter';

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  capMs = 20_000,
): Promise<T> {
  const deadline = performance.now() + capMs;
  let last: unknown;
  while (performance.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await sleep(50);
  }
  throw new Error(`gave up waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
