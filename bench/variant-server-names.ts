// The variants bench/variant-server.ts serves; a module of its own so that run.ts can
// list them without starting a server.
export const VARIANTS = [
  'full',
  'no-timesync',
  'no-listen',
  'no-services',
  'no-topology',
  'no-timer',
  'no-eventloop-lag',
  'no-default',
] as const;
export type Variant = (typeof VARIANTS)[number];
