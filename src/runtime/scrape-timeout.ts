// X-Prometheus-Scrape-Timeout-Seconds: how long the scraper waits for an answer. Work
// done for the scrape (a collector update, a /probe run) gets that minus a margin for
// the round trip and the rendering, as blackbox_exporter does. Pure.

export const SCRAPE_TIMEOUT_HEADER = 'X-Prometheus-Scrape-Timeout-Seconds';
/** Left for the HTTP round trip and the rendering. */
export const SCRAPE_TIMEOUT_MARGIN_SECONDS = 0.5;

/**
 * Seconds the scrape's work may take: the header minus the margin (half the header when
 * it is too short to leave one); undefined without the header; an Error when it is not a
 * positive number of seconds.
 */
export function scrapeBudgetSeconds(
  header: string | undefined,
  marginSeconds = SCRAPE_TIMEOUT_MARGIN_SECONDS,
): number | undefined | Error {
  if (header === undefined || header === '') return undefined;
  const timeout = Number(header);
  if (!Number.isFinite(timeout) || timeout <= 0) {
    return new Error(`${SCRAPE_TIMEOUT_HEADER} is "${header}"; accepted: a positive number of seconds`);
  }
  const available = timeout - marginSeconds;
  return available > 0 ? available : timeout / 2;
}
