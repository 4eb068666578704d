// An LD_PRELOAD shim, compiled with gcc during the test run, that wraps bind() for one
// chosen port: it sleeps while a control file exists (a bind that does not return until
// the test lets it), or fails with a chosen errno (always, or while another control file
// exists: HOSTWATCH_SHIM_ERRNO_FILE). Other ports go to the real bind().
// It is preloaded into the exporter child process only.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SOURCE = String.raw`
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int chosen_port(const struct sockaddr *addr) {
  const char *want = getenv("HOSTWATCH_SHIM_PORT");
  if (!want || !addr) return 0;
  int port = -1;
  if (addr->sa_family == AF_INET) port = ntohs(((const struct sockaddr_in *)addr)->sin_port);
  if (addr->sa_family == AF_INET6) port = ntohs(((const struct sockaddr_in6 *)addr)->sin6_port);
  return port == atoi(want);
}

int bind(int fd, const struct sockaddr *addr, socklen_t len) {
  static int (*real_bind)(int, const struct sockaddr *, socklen_t);
  if (!real_bind) real_bind = (int (*)(int, const struct sockaddr *, socklen_t))dlsym(RTLD_NEXT, "bind");
  if (chosen_port(addr)) {
    const char *block = getenv("HOSTWATCH_SHIM_BLOCK_FILE");
    struct timespec tick = {0, 10 * 1000 * 1000};
    while (block && access(block, F_OK) == 0) nanosleep(&tick, NULL);
    const char *fail = getenv("HOSTWATCH_SHIM_ERRNO");
    const char *fail_file = getenv("HOSTWATCH_SHIM_ERRNO_FILE");
    if (fail && (!fail_file || access(fail_file, F_OK) == 0)) {
      errno = atoi(fail);
      return -1;
    }
  }
  return real_bind(fd, addr, len);
}
`;

/** Compiles the shim into dir and returns the path of the shared object. */
export function buildBindShim(dir: string): string {
  const source = join(dir, 'bind-shim.c');
  const output = join(dir, 'bind-shim.so');
  writeFileSync(source, SOURCE);
  const gcc = spawnSync('gcc', ['-shared', '-fPIC', '-O2', '-o', output, source, '-ldl'], {
    encoding: 'utf8',
  });
  if (gcc.status !== 0) throw new Error(`gcc failed: ${gcc.stderr}`);
  return output;
}

/** A YAML config with the given listen targets (inline mappings). */
export function listenConfig(dir: string, targets: Record<string, string | number>[]): string {
  const file = join(dir, 'listen.yml');
  const lines = targets.map(
    (t) =>
      `      - { ${Object.entries(t)
        .map(([k, v]) => `${k}: ${typeof v === 'string' ? JSON.stringify(v) : v}`)
        .join(', ')} }`,
  );
  writeFileSync(file, ['collectors:', '  listen:', '    targets:', ...lines, ''].join('\n'));
  return file;
}
