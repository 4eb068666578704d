// koffi itself is loaded lazily: nothing under src/ imports it at module load, so an
// exporter whose collectors need no OS call never loads the native module.
import type * as KoffiModule from 'koffi';

let koffi: typeof KoffiModule | undefined;

export function loadKoffi(): typeof KoffiModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  koffi ??= require('koffi') as typeof KoffiModule;
  return koffi;
}

/** A bound native function as koffi returns it. */
export type NativeFunction = ReturnType<KoffiModule.LibraryHandle['func']>;
