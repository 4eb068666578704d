#!/usr/bin/env node
// Entry point: parse flags and config, then run a command: serve /metrics (the default)
// or check the host once and print a report.
// First: bounds V8's young generation before the modules below allocate (see the module).
import './runtime/young-generation-bound';
import { runCheck } from './check';
import { ConfigError } from './config/errors';
import { loadConfig, type LoadedConfig } from './config/load';
import { optionTrees } from './config/schema';
import { helpText } from './help';
import { createLogger, flushLogs } from './log';
import { currentPlatform, type Platform } from './platform';
import { exitNow } from './platform/exit';
import { probeWorkersAlive } from './runtime/probe-thread';
import { serve } from './serve';
import { loadWebSettings } from './server/web/settings';
import { serviceCommand } from './service';
import { VERSION } from './version';

const EXIT_CONFIG = 2;

async function main(argv: string[]): Promise<number> {
  const platform = currentPlatform();
  if (!platform) {
    process.stderr.write(
      `hostwatch-exporter: unsupported platform ${process.platform}; accepted: linux, win32\n`,
    );
    return EXIT_CONFIG;
  }
  const loaded = loadConfig(argv, platform);
  if (loaded.special.has('help')) {
    process.stdout.write(helpText(optionTrees(platform)));
    return 0;
  }
  if (loaded.special.has('version')) {
    process.stdout.write(
      `hostwatch-exporter ${VERSION} (${platform}/${process.arch}, Node.js ${process.version})\n`,
    );
    return 0;
  }
  if (loaded.special.has('config.check')) {
    // The web config file too, and the files it names, as the server would read them.
    if (loaded.config.web.config.file) loadWebSettings(loaded.config.web.config.file);
    process.stdout.write(`configuration is valid\n${JSON.stringify(loaded.config, null, 2)}\n`);
    return 0;
  }
  const name = loaded.command ?? 'serve';
  const command = COMMANDS[name];
  if (!command) {
    throw new ConfigError(`unknown command "${name}"; accepted: ${Object.keys(COMMANDS).join(', ')}`);
  }
  return command(loaded, platform);
}

type Command = (loaded: LoadedConfig, platform: Platform) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  serve: runServe,
  check: (loaded, platform) => runCheck(loaded.config, platform),
  service: serviceCommand,
};

async function runServe(loaded: LoadedConfig, platform: Platform): Promise<number> {
  const logger = createLogger(loaded.config.log.level, loaded.config.log.format);
  const exporter = await serve(loaded.config, platform, logger);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info('shutting down', { signal });
      void exporter.close().then(resolve);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  const blocked = probeWorkersAlive();
  if (blocked > 0) {
    // process.exit() would wait for the blocked call to return, maybe forever.
    logger.warn('a probe is still blocked in the OS; exiting without waiting for it', { threads: blocked });
    await flushLogs();
    exitNow(0, platform);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`hostwatch-exporter: ${error.message}\n`);
      process.exit(EXIT_CONFIG);
    }
    process.stderr.write(
      `hostwatch-exporter: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
