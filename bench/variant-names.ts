// The variants bench/variant-server.ts serves; a module of its own so that run.ts can
// list them without starting a server. Each prices one change against the shipped
// exporter ("full"); "legacy" is the exporter as it was before all of them.
export const VARIANTS = {
  full: 'as shipped: one update, rendering and gzip per second shared by every scrape, served before express; one probe thread; young generation held at 1 MiB semi-spaces',
  legacy:
    'before: every scrape routed by express and rendered on its own (updates shared only while in flight), no gzip, one worker per listen target and one for the sleep probe, V8 default young generation, the event-loop delay sampled every 10 ms',
  'via-express': 'as shipped, but scrapes go through express routing like every other path',
  'no-cache': 'as shipped, but every scrape gets an update, a rendering and a gzip of its own',
  'no-cache-no-default': 'no-cache, and without any process_* / nodejs_* family',
  'isolate-per-probe': 'as shipped, but one worker per listen target and one for the sleep probe',
  'young-gen-default': "as shipped, but V8's default young generation (semi-spaces grow to 16 MiB)",
} as const;
export type Variant = keyof typeof VARIANTS;

export function isVariant(name: string | undefined): name is Variant {
  return name !== undefined && Object.prototype.hasOwnProperty.call(VARIANTS, name);
}
