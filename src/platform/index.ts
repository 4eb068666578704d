// The one place that decides which OS backend runs. Everything else asks here.

export type Platform = 'linux' | 'windows';

const PLATFORMS: Partial<Record<NodeJS.Platform, Platform>> = {
  linux: 'linux',
  win32: 'windows',
};

export function currentPlatform(): Platform | undefined {
  return PLATFORMS[process.platform];
}

/** Picks the backend for this OS from a table; undefined when the OS has none. */
export function pickBackend<T>(
  backends: Partial<Record<Platform, () => T>>,
  platform: Platform,
): T | undefined {
  const load = backends[platform];
  return load ? load() : undefined;
}

/** The backend for this OS from a table; throws, naming what it is for, when the OS has none. */
export function backendFor<T>(
  what: string,
  backends: Partial<Record<Platform, () => T>>,
  platform: Platform,
): T {
  const backend = pickBackend(backends, platform);
  if (backend === undefined) throw new Error(`no ${what} backend for ${platform}`);
  return backend;
}
