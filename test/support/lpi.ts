// Builds SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX buffers byte by byte, laid out as
// winnt.h declares them, for the parser tests. Each record is { DWORD Relationship;
// DWORD Size; payload }, and Size may exceed what the payload needs (Windows pads).

export interface Affinity {
  readonly group: number;
  readonly mask: bigint;
}

/** n consecutive processors starting at `first` as a KAFFINITY. */
export function bits(first: number, n: number): bigint {
  return ((1n << BigInt(n)) - 1n) << BigInt(first);
}

function record(relation: number, payload: Buffer, padding = 0): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32LE(relation, 0);
  head.writeUInt32LE(8 + payload.length + padding, 4);
  return Buffer.concat([head, payload, Buffer.alloc(padding)]);
}

function affinities(masks: readonly Affinity[]): Buffer {
  const out = Buffer.alloc(16 * masks.length);
  masks.forEach((a, i) => {
    out.writeBigUInt64LE(a.mask, i * 16);
    out.writeUInt16LE(a.group, i * 16 + 8);
  });
  return out;
}

/** PROCESSOR_RELATIONSHIP: Flags, EfficiencyClass, Reserved[20], GroupCount, GroupMask[]. */
export function processor(relation: 0 | 3 | 5 | 7, masks: readonly Affinity[], smt = false): Buffer {
  const fixed = Buffer.alloc(24);
  fixed.writeUInt8(smt ? 1 : 0, 0);
  fixed.writeUInt16LE(masks.length, 22);
  return record(relation, Buffer.concat([fixed, affinities(masks)]));
}

export const core = (group: number, mask: bigint, smt = false) => processor(0, [{ group, mask }], smt);
export const pkg = (masks: readonly Affinity[]) => processor(3, masks);

/**
 * NUMA_NODE_RELATIONSHIP: NodeNumber, Reserved[18], GroupCount, GroupMasks[]. Before
 * Windows Server 2022 GroupCount is 0 and there is exactly one GroupMask (legacy).
 */
export function numa(
  node: number,
  masks: readonly Affinity[],
  opts: { legacy?: boolean; ex?: boolean } = {},
): Buffer {
  const fixed = Buffer.alloc(24);
  fixed.writeUInt32LE(node, 0);
  fixed.writeUInt16LE(opts.legacy ? 0 : masks.length, 22);
  return record(opts.ex ? 6 : 1, Buffer.concat([fixed, affinities(masks)]));
}

/** CACHE_RELATIONSHIP: Level, Associativity, LineSize, CacheSize, Type, Reserved[18], GroupCount, GroupMask[]. */
export function cache(level: number, masks: readonly Affinity[]): Buffer {
  const fixed = Buffer.alloc(32);
  fixed.writeUInt8(level, 0);
  fixed.writeUInt8(8, 1);
  fixed.writeUInt16LE(64, 2);
  fixed.writeUInt32LE(32768 << level, 4);
  fixed.writeUInt32LE(0, 8);
  fixed.writeUInt16LE(masks.length, 30);
  return record(2, Buffer.concat([fixed, affinities(masks)]));
}

/** GROUP_RELATIONSHIP: MaximumGroupCount, ActiveGroupCount, Reserved[20], PROCESSOR_GROUP_INFO[]. */
export function groups(maximumGroups: number, infos: readonly { maximum: number; active: number }[]): Buffer {
  const fixed = Buffer.alloc(24);
  fixed.writeUInt16LE(maximumGroups, 0);
  fixed.writeUInt16LE(infos.length, 2);
  const entries = Buffer.alloc(48 * infos.length);
  infos.forEach((g, i) => {
    entries.writeUInt8(g.maximum, i * 48);
    entries.writeUInt8(g.active, i * 48 + 1);
    entries.writeBigUInt64LE(bits(0, g.active), i * 48 + 40);
  });
  return record(4, Buffer.concat([fixed, entries]));
}

/** A record of a relationship this code does not know, filled with bytes that would misparse. */
export function unknown(relation: number, payloadBytes: number): Buffer {
  return record(relation, Buffer.alloc(payloadBytes, 0xff));
}

/** A record with extra trailing bytes, as a future Windows may append fields. */
export function padded(buf: Buffer, extra: number): Buffer {
  const out = Buffer.concat([buf, Buffer.alloc(extra, 0xee)]);
  out.writeUInt32LE(buf.readUInt32LE(4) + extra, 4);
  return out;
}

/** One core per processor: `perGroup[i]` processors in group i, SMT off. */
export function coresOf(perGroup: readonly number[]): Buffer[] {
  return perGroup.flatMap((n, group) => Array.from({ length: n }, (_, i) => core(group, bits(i, 1))));
}
