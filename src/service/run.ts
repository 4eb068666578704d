// `service run`: what the SCM starts. Logs go to a rotating file in the storage
// directory (a service has no console), the exporter is served as by `serve`, and the
// SCM drives start and stop through dispatcher.ts.
import { tmpdir } from 'node:os';
import type { LoadedConfig } from '../config/load';
import { resolveStorageDir } from '../config/storage';
import { createLogger } from '../log';
import { serve } from '../serve';
import { SERVICE_NAME, serviceLogFile } from './definition';
import { dispatchService } from './dispatcher';

export async function runService(loaded: LoadedConfig): Promise<number> {
  const { config } = loaded;
  const storage = resolveStorageDir(config.storage.path, 'windows');
  const logFile = serviceLogFile(storage ?? tmpdir());
  const logger = createLogger(config.log.level, config.log.format, logFile);
  logger.info('service process started', { pid: process.pid, log_file: logFile.path });
  if (storage === undefined) logger.warn('no writable storage directory; logging to the temporary directory');
  const result = await dispatchService(
    SERVICE_NAME,
    {
      start: () => serve(config, 'windows', logger),
      // The file is written synchronously: this line is on disk before STOPPED is reported.
      beforeStopped: async (exitCode) => void logger.info('service process exiting', { exit_code: exitCode }),
    },
    logger,
  );
  if (result.connected) return result.exitCode;
  logger.error('StartServiceCtrlDispatcherW returned without a start from the SCM');
  process.stderr.write(
    `hostwatch-exporter: "service run" is started by the Service Control Manager, and this process was not (StartServiceCtrlDispatcherW failed). To run in a console: hostwatch-exporter serve\n`,
  );
  return 1;
}
