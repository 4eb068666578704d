// Content negotiation for /metrics, from the request headers alone. Pure.
//
// Prometheus 2.x (>= 2.49) sends
//   Accept: application/openmetrics-text;version=1.0.0;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2
//   Accept-Encoding: gzip
// (scrape/scrape.go acceptHeader and acceptEncodingHeader); 3.x adds text/plain;version=1.0.0
// and escaping parameters; older servers send the same types without weights. Clients
// that send neither header (curl, a browser) get the 0.0.4 text, uncompressed.
//
// A Prometheus server sends the same two headers on every scrape, and parsing them anew
// was a quarter of all the memory a cached scrape allocated (splits, trims, arrays of
// offers; docs/benchmarks.md): so each answer is remembered per header text. The memo is
// bounded: a client that varies its headers only costs a reparse.

export type ExpositionFormat = 'prometheus' | 'openmetrics';
export type Encoding = 'gzip' | 'identity';

interface Offer {
  readonly value: string;
  readonly q: number;
}

/** The comma-separated entries of an Accept-style header with their q weights (default 1). */
export function parseWeighted(header: string | undefined): Offer[] {
  if (!header) return [];
  return header.split(',').flatMap((entry) => {
    const [value = '', ...params] = entry.split(';').map((p) => p.trim());
    if (value === '') return [];
    const q = params.find((p) => /^q=/i.test(p));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    return [{ value: value.toLowerCase(), q: Number.isFinite(weight) ? weight : 0 }];
  });
}

/** Remembers up to `size` answers of a pure function of one header; then starts over. */
export function memoByHeader<T>(decide: (header: string | undefined) => T, size = 16) {
  const answers = new Map<string | undefined, T>();
  return (header: string | undefined): T => {
    let answer = answers.get(header);
    if (answer === undefined) {
      if (answers.size >= size) answers.clear();
      answer = decide(header);
      answers.set(header, answer);
    }
    return answer;
  };
}

/** OpenMetrics when the client weighs it at least as high as the text format, else 0.0.4. */
export const chooseFormat = memoByHeader(formatFor);

/** gzip when the client accepts it (explicitly or through "*") with a weight above 0. */
export const chooseEncoding = memoByHeader(encodingFor);

function formatFor(accept: string | undefined): ExpositionFormat {
  const offers = parseWeighted(accept);
  const best = (type: string) => Math.max(0, ...offers.filter((o) => o.value === type).map((o) => o.q));
  const openmetrics = best('application/openmetrics-text');
  return openmetrics > 0 && openmetrics >= best('text/plain') ? 'openmetrics' : 'prometheus';
}

function encodingFor(acceptEncoding: string | undefined): Encoding {
  const offers = parseWeighted(acceptEncoding);
  const named = offers.find((o) => o.value === 'gzip' || o.value === 'x-gzip');
  const weight = named?.q ?? offers.find((o) => o.value === '*')?.q ?? 0;
  return weight > 0 ? 'gzip' : 'identity';
}
