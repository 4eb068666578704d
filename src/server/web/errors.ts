import { ConfigError } from '../../config/errors';

/**
 * A web config file that cannot be used: the message names the key, the value and what is
 * accepted. At start it exits 2 like any configuration error; on a reload it is logged and
 * the settings in force are kept.
 */
export class WebConfigError extends ConfigError {}
