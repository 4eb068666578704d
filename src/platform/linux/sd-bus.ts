// libsystemd's sd-bus as typed calls (declarations in libsystemd.ts): a bus connection,
// method calls with string-array arguments answered off the event loop, and reading the
// reply. Out-parameters (sd_bus **, sd_bus_message **, char **) are 8-byte Buffers
// holding the pointer; pointers are koffi BigInts. A failure is an OsError with the
// errno sd-bus returned (negated).
import { constants } from 'node:os';
import { OsError } from '../errors';
import { sdBus, type SdBusApi } from './libsystemd';

/** sd_bus_error: { const char *name; const char *message; int _need_free; }, x64. */
const SD_BUS_ERROR_SIZE = 24;

const char = (c: string) => c.charCodeAt(0);

/** An sd-bus return value: negative is -errno. */
function check(r: unknown, what: string): number {
  const code = Number(r);
  if (code < 0) throw new OsError(what, -code, `sd-bus ${what} failed: ${errnoName(-code)}`);
  return code;
}

function errnoName(code: number): string {
  return Object.entries(constants.errno).find(([, value]) => value === code)?.[0] ?? `errno ${code}`;
}

/** The address of the destination object and interface of a method call. */
export interface BusMethod {
  readonly destination: string;
  readonly path: string;
  readonly iface: string;
  readonly member: string;
}

/** One connection: the system bus, or a peer-to-peer one to a manager's own socket. */
export class SdBusConnection {
  private readonly sd = sdBus();
  private readonly out = Buffer.alloc(8);
  private readonly bus: bigint;

  /** address '' is the system bus (dbus-daemon or dbus-broker); else e.g. "unix:path=/run/systemd/private". */
  constructor(address: string) {
    this.bus = address === '' ? this.openSystem() : this.openAddress(address);
  }

  close(): void {
    this.sd.sd_bus_flush_close_unref(this.bus);
  }

  /**
   * Calls a method whose arguments are string arrays ("as" each), with koffi's .async
   * (a worker thread), so a slow bus peer does not block the event loop. The caller reads
   * the reply and unrefs it.
   */
  async call(
    method: BusMethod,
    args: readonly (readonly string[])[],
    timeoutUsec: bigint,
  ): Promise<BusMessage> {
    const sd = this.sd;
    const { destination, path, iface, member } = method;
    check(
      sd.sd_bus_message_new_method_call(this.bus, this.out, destination, path, iface, member),
      'new call',
    );
    const request = this.out.readBigUInt64LE(0);
    const error = Buffer.alloc(SD_BUS_ERROR_SIZE);
    const reply = Buffer.alloc(8);
    try {
      for (const strings of args) check(sd.sd_bus_message_append_strv(request, [...strings, null]), 'append');
      const r = await new Promise<number>((resolve, reject) =>
        sd.sd_bus_call.async(this.bus, request, timeoutUsec, error, reply, (err: unknown, value: number) =>
          err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(value),
        ),
      );
      if (r < 0) throw new OsError(member, -r, `systemd ${member} failed: ${this.describeError(error, r)}`);
      return new BusMessage(sd, reply.readBigUInt64LE(0));
    } finally {
      sd.sd_bus_message_unref(request);
    }
  }

  private openSystem(): bigint {
    check(this.sd.sd_bus_open_system(this.out), 'sd_bus_open_system');
    return this.out.readBigUInt64LE(0);
  }

  private openAddress(address: string): bigint {
    check(this.sd.sd_bus_new(this.out), 'sd_bus_new');
    const bus = this.out.readBigUInt64LE(0);
    try {
      check(this.sd.sd_bus_set_address(bus, address), 'sd_bus_set_address');
      check(this.sd.sd_bus_start(bus), `sd_bus_start(${address})`);
    } catch (error) {
      this.sd.sd_bus_flush_close_unref(bus);
      throw error;
    }
    return bus;
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

/** A reply being read, front to back. */
export class BusMessage {
  private readonly out = Buffer.alloc(8);

  constructor(
    private readonly sd: SdBusApi,
    private readonly message: bigint,
  ) {}

  /** Enters an array ('a') or struct ('r') of the given contents; false at the end of the enclosing array. */
  enter(type: 'a' | 'r', contents: string): boolean {
    return check(this.sd.sd_bus_message_enter_container(this.message, char(type), contents), 'enter') > 0;
  }

  exit(): void {
    check(this.sd.sd_bus_message_exit_container(this.message), 'exit');
  }

  readString(): string {
    check(this.sd.sd_bus_message_read_basic(this.message, char('s'), this.out), 'read');
    return this.sd.cString(this.out.readBigUInt64LE(0));
  }

  skip(types: string): void {
    check(this.sd.sd_bus_message_skip(this.message, types), 'skip');
  }

  unref(): void {
    this.sd.sd_bus_message_unref(this.message);
  }
}
