// How the status page writes values: seconds scaled to a readable unit, ratios in ppm,
// 0/1 gauges as yes/no, and series named exactly as /metrics names them.

export function seconds(value: number, signed = false): string {
  const sign = signed && value > 0 ? '+' : '';
  const abs = Math.abs(value);
  if (abs === 0) return '0 s';
  if (abs >= 1) return `${sign}${value.toFixed(3)} s`;
  if (abs >= 1e-3) return `${sign}${(value * 1e3).toFixed(3)} ms`;
  if (abs >= 1e-6) return `${sign}${(value * 1e6).toFixed(3)} µs`;
  return `${sign}${(value * 1e9).toFixed(0)} ns`;
}

export const ppm = (ratio: number): string => `${ratio * 1e6 >= 0 ? '+' : ''}${(ratio * 1e6).toFixed(3)} ppm`;
export const yesNo = (value: number): string => (value === 1 ? 'yes' : value === 0 ? 'no' : String(value));
export const count = (value: number): string => String(value);

/** `name{a="x",b="y"}` as prom-client writes it in the text format. */
export function seriesName(name: string, labels: Readonly<Partial<Record<string, string | number>>>): string {
  const parts = Object.entries(labels).map(
    ([k, v]) =>
      `${k}="${typeof v === 'string' ? v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"') : String(v)}"`,
  );
  return parts.length ? `${name}{${parts.join(',')}}` : name;
}
