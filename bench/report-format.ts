// Formatting shared by the report's sections.

/** The shipped exporter's name in every phase (bench/procs.ts startHostwatch). */
export const SHIPPED = 'hostwatch-exporter';

export const verdict = (met: boolean): string => (met ? '**met**' : '**NOT met**');
export const f = (n: number, digits = 1): string => n.toFixed(digits);
export const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
