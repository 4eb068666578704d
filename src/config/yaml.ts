// YAML parsing for the two files the exporter reads (--config.file, --web.config.file),
// with the options both use. The yaml module is loaded on the first file read: an exporter
// configured by flags alone never loads it, and a loaded module holds its RSS for good
// (issue 11).
import type * as YamlModule from 'yaml';

let yaml: typeof YamlModule | undefined;

/** YAML.parse with duplicate keys refused and errors that show the offending line. */
export function parseYaml(text: string): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  yaml ??= require('yaml') as typeof YamlModule;
  return yaml.parse(text, { uniqueKeys: true, prettyErrors: true });
}
