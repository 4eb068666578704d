// --help, generated from the same option trees that validate the configuration.
import { COLLECTORS } from './collectors';
import { flagSpecs } from './config/flags';
import type { OptionTree } from './config/options';

export function helpText(trees: Record<string, OptionTree>): string {
  const lines = [
    'usage: hostwatch-exporter [command] [flags]',
    '',
    'Prometheus exporter for wall vs monotonic clock, time sync, listen latency,',
    'service start modes, CPU groups and timers.',
    '',
    'Commands:',
    '  serve   serve /metrics (the default)',
    '  check   print a one-page report of the host now (clock, timers, processor groups, ...)',
    '  service install|uninstall|start|stop|status',
    '          the exporter as a Windows service (Windows only): install registers it with the',
    '          flags given here, to start at boot and restart on failure; logs go to',
    '          <storage.path>\\hostwatch-exporter.log. status exits 0 running, 3 stopped, 4 not installed',
    '',
    'Flags:',
    '  -h, --help            show this help and exit',
    '  --version             print the version and exit',
    '  --config.file=PATH    YAML configuration file; flags given on the command line win',
    '  --config.check        validate the configuration, print it, and exit (0 valid, 2 invalid)',
  ];
  for (const spec of flagSpecs(trees)) {
    const o = spec.option;
    const form = o.kind === 'boolean' ? `--[no-]${spec.flag}` : `--${spec.flag}=VALUE`;
    const dflt = o.defaultText === undefined ? '' : ` (default: ${o.defaultText})`;
    lines.push(`  ${form}`, `      ${o.help} Accepts ${o.accepts}.${dflt}`);
  }
  lines.push('', 'Collectors:');
  for (const c of COLLECTORS)
    lines.push(`  ${c.name.padEnd(10)} ${c.description} [${c.platforms.join(', ')}]`);
  lines.push(
    '',
    'Exit status: 0 on success, 2 on invalid configuration or flags;',
    'check: 0 when all is well, 1 when a finding needs attention.',
    '',
  );
  return lines.join('\n');
}
