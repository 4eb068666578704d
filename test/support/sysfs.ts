// Writes a fake sysfs tree (the files the Linux topology backend reads, laid out and
// formatted as the kernel does) into a temporary directory, and removes it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface FakeCpu {
  readonly id: number;
  readonly online: boolean;
  readonly pkg: number;
  readonly core: number;
  /** CPUs of the same core (SMT siblings), itself included. */
  readonly siblings: readonly number[];
}

export interface FakeSysfs {
  readonly cpus: readonly FakeCpu[];
  /** CPU ids per NUMA node; undefined: a kernel without NUMA (no node directory). */
  readonly nodes?: readonly (readonly number[])[];
  /** Cpus_allowed_list of the fake /proc/self/status. */
  readonly allowed?: string;
}

/** [0, 1, 2, 5] -> "0-2,5", as the kernel prints CPU lists. */
function cpuList(ids: readonly number[]): string {
  const sorted = [...ids].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && (sorted[j + 1] as number) === (sorted[j] as number) + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

export function writeSysfs(spec: FakeSysfs): { root: string; status: string; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), 'hostwatch-sysfs-'));
  const put = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), `${text}\n`);
  };
  const cpu = 'sys/devices/system/cpu';
  put(`${cpu}/possible`, cpuList(spec.cpus.map((c) => c.id)));
  put(`${cpu}/present`, cpuList(spec.cpus.map((c) => c.id)));
  put(`${cpu}/online`, cpuList(spec.cpus.filter((c) => c.online).map((c) => c.id)));
  for (const c of spec.cpus) {
    put(`${cpu}/cpu${c.id}/online`, c.online ? '1' : '0');
    if (!c.online) continue; // the kernel removes topology/ of an offline CPU
    put(`${cpu}/cpu${c.id}/topology/physical_package_id`, String(c.pkg));
    put(`${cpu}/cpu${c.id}/topology/core_id`, String(c.core));
    put(
      `${cpu}/cpu${c.id}/topology/thread_siblings_list`,
      cpuList(c.siblings.filter((s) => isOnline(spec, s))),
    );
  }
  if (spec.nodes) {
    put('sys/devices/system/node/online', cpuList(spec.nodes.map((_, i) => i)));
    spec.nodes.forEach((ids, i) => put(`sys/devices/system/node/node${i}/cpulist`, cpuList(ids)));
  }
  put('proc/self/status', `Name:\tnode\nCpus_allowed:\tff\nCpus_allowed_list:\t${spec.allowed ?? '0'}\n`);
  return {
    root,
    status: join(root, 'proc/self/status'),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

function isOnline(spec: FakeSysfs, id: number): boolean {
  return spec.cpus.find((c) => c.id === id)?.online ?? false;
}

/** `cores` cores per package with `threads` SMT threads each, numbered as Linux does on x86. */
export function cpusOf(packages: number, cores: number, threads: number): FakeCpu[] {
  const perThread = packages * cores;
  const out: FakeCpu[] = [];
  for (let t = 0; t < threads; t++) {
    for (let p = 0; p < packages; p++) {
      for (let c = 0; c < cores; c++) {
        const id = t * perThread + p * cores + c;
        const siblings = Array.from({ length: threads }, (_, s) => s * perThread + p * cores + c);
        out.push({ id, online: true, pkg: p, core: c, siblings });
      }
    }
  }
  return out.sort((a, b) => a.id - b.id);
}
