// A connection to a systemd manager over sd-bus, for one collection: opens the system
// bus or a manager's own socket, calls a Manager list method with (states: [],
// patterns: ["*.service"]) and walks the array of structs it returns.
import { constants } from 'node:os';
import { SD_BUS_ERROR_SIZE, type SdBus } from '../../platform/linux/systemd';

const DEST = 'org.freedesktop.systemd1';
const PATH = '/org/freedesktop/systemd1';
const MANAGER = 'org.freedesktop.systemd1.Manager';
/** sd-bus waits 25 s by default; a scrape should not. */
const CALL_TIMEOUT_USEC = 2_000_000n;
const char = (c: string) => c.charCodeAt(0);

export type RowReader = (read: () => string, skip: (types: string) => void) => void;

/** One connection to the systemd manager, for one collection. */
export class ManagerClient {
  private readonly bus: bigint;
  private readonly out = Buffer.alloc(8);

  constructor(
    private readonly sd: SdBus,
    address: string,
  ) {
    this.bus = address === '' ? this.openSystem() : this.openAddress(address);
  }

  close(): void {
    this.sd.sd_bus_flush_close_unref(this.bus);
  }

  /**
   * Calls a Manager method with (states: [], patterns: ["*.service"]) off the event loop
   * (systemd takes up to a second to answer ListUnitFiles on a host with hundreds of
   * unit files), then walks the a(row) it returns.
   */
  async list(member: string, row: string, readRow: RowReader): Promise<void> {
    const reply = await this.call(member);
    try {
      this.walk(reply, row, readRow);
    } finally {
      this.sd.sd_bus_message_unref(reply);
    }
  }

  private async call(member: string): Promise<bigint> {
    const sd = this.sd;
    this.check(
      sd.sd_bus_message_new_method_call(this.bus, this.out, DEST, PATH, MANAGER, member),
      'new call',
    );
    const request = this.out.readBigUInt64LE(0);
    const error = Buffer.alloc(SD_BUS_ERROR_SIZE);
    const reply = Buffer.alloc(8);
    try {
      this.check(sd.sd_bus_message_append_strv(request, [null]), 'append states');
      this.check(sd.sd_bus_message_append_strv(request, ['*.service', null]), 'append patterns');
      const r = await new Promise<number>((resolve, reject) =>
        sd.sd_bus_call.async(
          this.bus,
          request,
          CALL_TIMEOUT_USEC,
          error,
          reply,
          (err: unknown, value: number) =>
            err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(value),
        ),
      );
      if (r < 0) throw new Error(`systemd ${member} failed: ${this.describeError(error, r)}`);
      return reply.readBigUInt64LE(0);
    } finally {
      sd.sd_bus_message_unref(request);
    }
  }

  private walk(reply: bigint, row: string, readRow: RowReader): void {
    this.check(this.sd.sd_bus_message_enter_container(reply, char('a'), `(${row})`), 'enter array');
    const read = () => this.readString(reply);
    const skip = (types: string) => this.check(this.sd.sd_bus_message_skip(reply, types), 'skip');
    while (this.check(this.sd.sd_bus_message_enter_container(reply, char('r'), row), 'enter row') > 0) {
      readRow(read, skip);
      this.check(this.sd.sd_bus_message_exit_container(reply), 'exit row');
    }
  }

  private readString(reply: bigint): string {
    this.check(this.sd.sd_bus_message_read_basic(reply, char('s'), this.out), 'read');
    return this.sd.cString(this.out.readBigUInt64LE(0));
  }

  private openSystem(): bigint {
    this.check(this.sd.sd_bus_open_system(this.out), 'sd_bus_open_system');
    return this.out.readBigUInt64LE(0);
  }

  /** A systemd manager's own socket (as systemctl uses /run/systemd/private). */
  private openAddress(address: string): bigint {
    this.check(this.sd.sd_bus_new(this.out), 'sd_bus_new');
    const bus = this.out.readBigUInt64LE(0);
    try {
      this.check(this.sd.sd_bus_set_address(bus, address), 'sd_bus_set_address');
      this.check(this.sd.sd_bus_start(bus), `sd_bus_start(${address})`);
    } catch (error) {
      this.sd.sd_bus_flush_close_unref(bus);
      throw error;
    }
    return bus;
  }

  private check(r: unknown, what: string): number {
    const code = r as number;
    if (code < 0) throw new Error(`sd-bus ${what} failed: ${errnoName(-code)}`);
    return code;
  }

  private describeError(error: Buffer, r: number): string {
    const name = error.readBigUInt64LE(0);
    const message = error.readBigUInt64LE(8);
    const text = name
      ? `${this.sd.cString(name)}${message ? `: ${this.sd.cString(message)}` : ''}`
      : errnoName(-r);
    this.sd.sd_bus_error_free(error);
    return text;
  }
}

function errnoName(code: number): string {
  const name = Object.entries(constants.errno).find(([, value]) => value === code)?.[0];
  return name ?? `errno ${code}`;
}
