// Re-reads the web config file, and the certificate, key and CA files it names, when one
// of them changes, without dropping the listener: their contents are compared every
// second (exporter-toolkit reads them on every request; a second is as prompt for a
// person and costs one read per file, not one per scrape), and at once on SIGHUP where
// there are signals (Linux). A file that cannot be used is logged once and the settings
// in force are kept; so is a change between TLS and plain HTTP, which needs a restart, as
// in the toolkit. Works the same on Windows and with Kubernetes Secrets, whose files
// are swapped through a symlink.
import type { Logger } from '../../log';
import { currentDigest, loadWebSettings, type WebSettings } from './settings';

export const WEB_CONFIG_POLL_MS = 1000;

export class WebConfigWatcher {
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;
  /** The digest last tried, good or bad: a bad file is logged once, not every second. */
  private triedDigest: string;
  private readonly onHangup = () => void this.check(true);

  constructor(
    private settings: WebSettings,
    private readonly apply: (next: WebSettings) => void,
    private readonly logger: Logger,
    private readonly pollMs = WEB_CONFIG_POLL_MS,
  ) {
    this.triedDigest = settings.digest;
  }

  get current(): WebSettings {
    return this.settings;
  }

  start(): void {
    this.timer = setInterval(() => void this.check(false), this.pollMs);
    this.timer.unref();
    if (process.platform !== 'win32') process.on('SIGHUP', this.onHangup);
  }

  stop(): void {
    clearInterval(this.timer);
    process.off('SIGHUP', this.onHangup);
  }

  /** Reloads when a file changed (or always, when forced); one check at a time. */
  check(force: boolean): Promise<void> {
    this.checking ??= this.reloadIfChanged(force).finally(() => (this.checking = undefined));
    return this.checking;
  }

  private async reloadIfChanged(force: boolean): Promise<void> {
    const digest = await currentDigest(this.settings.files);
    if (!force && digest === this.triedDigest) return;
    this.triedDigest = digest;
    const fields = { file: this.settings.path };
    let next: WebSettings;
    try {
      next = loadWebSettings(this.settings.path);
    } catch (error) {
      const err = error instanceof Error ? error.message : String(error);
      this.logger.error('web config not reloaded; the settings in force are kept', { ...fields, err });
      return;
    }
    this.triedDigest = next.digest;
    if ((next.tls === undefined) !== (this.settings.tls === undefined)) {
      const err = 'switching between TLS and plain HTTP needs a restart';
      this.logger.error('web config not reloaded; the settings in force are kept', { ...fields, err });
      return;
    }
    this.settings = next;
    this.apply(next);
    this.logger.info('web config reloaded', {
      ...fields,
      tls: next.tls !== undefined,
      users: next.config.users.size,
    });
  }
}
