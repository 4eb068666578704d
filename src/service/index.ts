// `hostwatch-exporter service ACTION`: the exporter as a Windows service. install,
// uninstall, start, stop and status talk to the SCM (actions.ts); run is what the SCM
// starts (run.ts). On Linux the same job is the systemd unit (deploy/systemd/).
import { ConfigError } from '../config/errors';
import type { LoadedConfig } from '../config/load';
import type { Platform } from '../platform';
import { installService, serviceStatus, startService, stopService, uninstallService } from './actions';
import { runService } from './run';

type Action = (loaded: LoadedConfig) => Promise<number>;

const ACTIONS: Record<string, Action> = {
  install: installService,
  uninstall: uninstallService,
  start: startService,
  stop: stopService,
  status: serviceStatus,
  run: runService,
};

export async function serviceCommand(loaded: LoadedConfig, platform: Platform): Promise<number> {
  const name = loaded.operands[0];
  const action = name === undefined ? undefined : ACTIONS[name];
  if (!action) {
    const given = name === undefined ? 'no action' : `"${name}"`;
    throw new ConfigError(
      `service: ${given}; accepted: install, uninstall, start, stop, status (and run, which the Service Control Manager starts)`,
    );
  }
  if (platform !== 'windows') {
    throw new ConfigError(
      `service ${name} is for Windows (this is ${platform}); on Linux, run the exporter under deploy/systemd/hostwatch-exporter.service (docs/deploy.md)`,
    );
  }
  return action(loaded);
}
