// One collector's updates, one at a time, each with its own deadline. An update asked for
// while the previous one still runs (it outlived its deadline, or another scrape asked
// for it) starts when that one settles, so a collector is never updated twice at once;
// its deadline counts from when it was asked for, waiting included. An update still
// waiting at its deadline never starts: updates of a stuck collector do not pile up.

export class SerialUpdate {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly name: string) {}

  /**
   * Runs `update` after the previous one settles; rejects at the deadline (the update is
   * then aborted through its signal, and the next one waits for it to settle).
   */
  run(update: (signal: AbortSignal) => unknown, seconds: number, why = ''): Promise<void> {
    const controller = new AbortController();
    let started = false;
    const previous = this.tail;
    const mine = previous.then(() => {
      if (controller.signal.aborted) return undefined;
      started = true;
      return update(controller.signal);
    });
    this.tail = mine.catch(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        const waited = started ? '' : ' (its previous update was still running)';
        reject(new Error(`${this.name} update timed out after ${seconds} s${why}${waited}`));
      }, seconds * 1000);
    });
    return Promise.race([mine.then(() => undefined), deadline]).finally(() => clearTimeout(timer));
  }
}
