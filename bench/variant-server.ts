// Entry point of a bench variant: the exporter's real scrape path with one change undone
// (bench/variant-names.ts lists them). The young-generation bound must be set before
// anything else allocates, as src/main.ts does, so it is loaded (or not) here first and
// the server after it.
//
// Usage: node dist/bench/variant-server.js <variant> <port> [exporter flags...]
import { isVariant, VARIANTS } from './variant-names';

async function main(argv: string[]): Promise<void> {
  const [variant, port, ...flags] = argv;
  if (!isVariant(variant)) throw new Error(`variant must be one of ${Object.keys(VARIANTS).join(', ')}`);
  if (variant !== 'legacy' && variant !== 'young-gen-default')
    await import('../src/runtime/young-generation.js');
  const { serveVariant } = await import('./variant-app.js');
  serveVariant(variant, Number(port), flags);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`variant-server: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
