// koffi declarations for libsystemd's sd-bus (libsystemd.so.0, Debian package
// libsystemd0). Loaded lazily, on first use; a host without the library throws there.
// The typed calls over them are in sd-bus.ts.
import type { LibraryHandle } from 'koffi';
import { loadKoffi, type NativeFunction } from '../koffi';

const LIBSYSTEMD = 'libsystemd.so.0';

export interface SdBusApi {
  /** int sd_bus_open_system(sd_bus **ret): the system bus (dbus-daemon or dbus-broker). */
  readonly sd_bus_open_system: NativeFunction;
  /** int sd_bus_new(sd_bus **ret), then set_address and start: a peer-to-peer connection. */
  readonly sd_bus_new: NativeFunction;
  /** int sd_bus_set_address(sd_bus *bus, const char *address). */
  readonly sd_bus_set_address: NativeFunction;
  /** int sd_bus_start(sd_bus *bus). */
  readonly sd_bus_start: NativeFunction;
  /** sd_bus *sd_bus_flush_close_unref(sd_bus *bus). */
  readonly sd_bus_flush_close_unref: NativeFunction;
  /** int sd_bus_message_new_method_call(sd_bus *bus, sd_bus_message **m, dest, path, iface, member). */
  readonly sd_bus_message_new_method_call: NativeFunction;
  /** int sd_bus_message_append_strv(sd_bus_message *m, char **l): appends an "as". */
  readonly sd_bus_message_append_strv: NativeFunction;
  /**
   * int sd_bus_call(sd_bus *bus, sd_bus_message *m, uint64_t usec, sd_bus_error *, sd_bus_message **reply).
   * Called with koffi's .async (a worker thread) by sd-bus.ts, so a slow manager does not
   * block the event loop; only one call per bus is ever in flight.
   */
  readonly sd_bus_call: NativeFunction;
  /** int sd_bus_message_enter_container(sd_bus_message *m, char type, const char *contents). */
  readonly sd_bus_message_enter_container: NativeFunction;
  /** int sd_bus_message_exit_container(sd_bus_message *m). */
  readonly sd_bus_message_exit_container: NativeFunction;
  /** int sd_bus_message_read_basic(sd_bus_message *m, char type, void *p). */
  readonly sd_bus_message_read_basic: NativeFunction;
  /** int sd_bus_message_skip(sd_bus_message *m, const char *types). */
  readonly sd_bus_message_skip: NativeFunction;
  /** sd_bus_message *sd_bus_message_unref(sd_bus_message *m). */
  readonly sd_bus_message_unref: NativeFunction;
  /** void sd_bus_error_free(sd_bus_error *e). */
  readonly sd_bus_error_free: NativeFunction;
  /** Decodes a NUL-terminated C string at a pointer. */
  readonly cString: (pointer: bigint) => string;
}

let cached: SdBusApi | undefined;

export function sdBus(): SdBusApi {
  if (cached) return cached;
  const koffi = loadKoffi();
  const lib: LibraryHandle = koffi.load(LIBSYSTEMD);
  cached = {
    sd_bus_open_system: lib.func('int sd_bus_open_system(void *ret)'),
    sd_bus_new: lib.func('int sd_bus_new(void *ret)'),
    sd_bus_set_address: lib.func('int sd_bus_set_address(void *bus, const char *address)'),
    sd_bus_start: lib.func('int sd_bus_start(void *bus)'),
    sd_bus_flush_close_unref: lib.func('void *sd_bus_flush_close_unref(void *bus)'),
    sd_bus_message_new_method_call: lib.func(
      'int sd_bus_message_new_method_call(void *bus, void *m, const char *dest, const char *path, const char *iface, const char *member)',
    ),
    sd_bus_message_append_strv: lib.func('int sd_bus_message_append_strv(void *m, const char **l)'),
    sd_bus_call: lib.func('int sd_bus_call(void *bus, void *m, uint64_t usec, void *error, void *reply)'),
    sd_bus_message_enter_container: lib.func(
      'int sd_bus_message_enter_container(void *m, char type, const char *contents)',
    ),
    sd_bus_message_exit_container: lib.func('int sd_bus_message_exit_container(void *m)'),
    sd_bus_message_read_basic: lib.func('int sd_bus_message_read_basic(void *m, char type, void *p)'),
    sd_bus_message_skip: lib.func('int sd_bus_message_skip(void *m, const char *types)'),
    sd_bus_message_unref: lib.func('void *sd_bus_message_unref(void *m)'),
    sd_bus_error_free: lib.func('void sd_bus_error_free(void *e)'),
    cString: (pointer) => koffi.decode(pointer, 'char', -1) as string,
  };
  return cached;
}
