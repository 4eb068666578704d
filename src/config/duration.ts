// Prometheus-style durations ("1s", "100ms", "1m30s") to seconds. Pure.

// In milliseconds, so that "29557ms" is 29.557 and not 29557 * 0.001 (29.557000000000002).
const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1e3,
  m: 60e3,
  h: 3600e3,
  d: 86400e3,
};

const DURATION_RE = /^(?:(\d+(?:\.\d+)?)(ms|s|m|h|d))+$/;
const PART_RE = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;

/** Parses "1m30s" into 90; returns undefined for anything that is not a duration. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!DURATION_RE.test(trimmed)) return undefined;
  let ms = 0;
  for (const match of trimmed.matchAll(PART_RE)) {
    ms += Number(match[1]) * (UNIT_MS[match[2] ?? ''] ?? NaN);
  }
  return Number.isFinite(ms) ? ms / 1000 : undefined;
}

/** Formats seconds the way a person would write them in a flag ("100ms", "1m", "90s"). */
export function formatDuration(seconds: number): string {
  if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60}m`;
  if (seconds >= 1 && Number.isInteger(seconds)) return `${seconds}s`;
  return `${Math.round(seconds * 1e6) / 1e3}ms`;
}
