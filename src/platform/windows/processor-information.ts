// Decoder of the buffer GetLogicalProcessorInformationEx fills: a sequence of
// variable-length SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX records. Pure, so it is tested
// with buffers built byte by byte on any OS.
//
// Every record starts with { DWORD Relationship; DWORD Size; } and its payload follows
// at offset 8. The next record starts Size bytes later, whatever the relationship: that
// is how records of a relationship newer than this code (RelationProcessorModule came in
// Windows 11, RelationProcessorSharedComputeUnit later) are skipped without misparsing.
// A record that claims less than its own fixed part, or more than the buffer holds, is
// a malformed buffer: we throw rather than guess.

export const RELATION = {
  processorCore: 0,
  numaNode: 1,
  cache: 2,
  processorPackage: 3,
  group: 4,
  processorDie: 5,
  numaNodeEx: 6,
  processorModule: 7,
} as const;

const HEADER = 8;
/** GROUP_AFFINITY: KAFFINITY Mask (8), WORD Group (2), WORD Reserved[3] (6). */
const GROUP_AFFINITY_SIZE = 16;
/** PROCESSOR_RELATIONSHIP / NUMA_NODE_RELATIONSHIP: WORD GroupCount at 22, masks at 24. */
const PROCESSOR_GROUP_COUNT = 22;
const PROCESSOR_MASKS = 24;
/** GROUP_RELATIONSHIP: WORD Maximum, WORD Active, BYTE Reserved[20], PROCESSOR_GROUP_INFO[]. */
const GROUP_INFOS = 24;
/** PROCESSOR_GROUP_INFO: BYTE Max, BYTE Active, BYTE Reserved[38], KAFFINITY ActiveMask at 40. */
const GROUP_INFO_SIZE = 48;

export interface GroupAffinity {
  readonly group: number;
  readonly mask: bigint;
}

export interface ParsedProcessorInformation {
  /** RelationProcessorCore records, each with the logical processors of one core. */
  readonly cores: readonly (readonly GroupAffinity[])[];
  readonly packages: number;
  /** NUMA node number -> its affinity in each group it spans. */
  readonly numa: ReadonlyMap<number, readonly GroupAffinity[]>;
  /** From the RelationGroup record; undefined when the buffer has none. */
  readonly groups:
    | {
        readonly maximumGroupCount: number;
        readonly activeGroupCount: number;
        readonly perGroup: readonly { maximum: number; active: number; activeMask: bigint }[];
      }
    | undefined;
  /** Records of relationships this parser does not interpret (caches, dies, unknown). */
  readonly skipped: number;
}

export function popcount(mask: bigint): number {
  let n = 0;
  for (let m = mask; m > 0n; m >>= 1n) n += Number(m & 1n);
  return n;
}

export function parseProcessorInformation(buf: Buffer): ParsedProcessorInformation {
  const cores: GroupAffinity[][] = [];
  const numa = new Map<number, GroupAffinity[]>();
  let packages = 0;
  let skipped = 0;
  let groups: ParsedProcessorInformation['groups'];
  for (let offset = 0; offset < buf.length;) {
    const { relation, size } = recordHeader(buf, offset);
    const body = buf.subarray(offset + HEADER, offset + size);
    switch (relation) {
      case RELATION.processorCore:
        cores.push(groupMasks(body, PROCESSOR_GROUP_COUNT, PROCESSOR_MASKS, offset));
        break;
      case RELATION.processorPackage:
        packages++;
        break;
      case RELATION.numaNode:
      case RELATION.numaNodeEx:
        addNuma(numa, body.readUInt32LE(0), groupMasks(body, PROCESSOR_GROUP_COUNT, PROCESSOR_MASKS, offset));
        break;
      case RELATION.group:
        groups = groupRelationship(body, offset);
        break;
      default:
        skipped++;
    }
    offset += size;
  }
  return { cores, packages, numa, groups, skipped };
}

function recordHeader(buf: Buffer, offset: number): { relation: number; size: number } {
  if (offset + HEADER > buf.length) throw malformed(offset, 'truncated record header');
  const relation = buf.readUInt32LE(offset);
  const size = buf.readUInt32LE(offset + 4);
  if (size < HEADER || offset + size > buf.length) {
    throw malformed(offset, `record size ${size} outside the ${buf.length}-byte buffer`);
  }
  const fixed = FIXED_PART[relation];
  if (fixed !== undefined && size < HEADER + fixed) {
    throw malformed(offset, `relationship ${relation} needs ${HEADER + fixed} bytes, record has ${size}`);
  }
  return { relation, size };
}

/** Smallest payload of each known relationship: its fixed part plus one GROUP_AFFINITY. */
const FIXED_PART: Record<number, number> = {
  [RELATION.processorCore]: PROCESSOR_MASKS + GROUP_AFFINITY_SIZE,
  [RELATION.numaNode]: PROCESSOR_MASKS + GROUP_AFFINITY_SIZE,
  [RELATION.processorPackage]: PROCESSOR_MASKS + GROUP_AFFINITY_SIZE,
  [RELATION.group]: GROUP_INFOS,
  [RELATION.numaNodeEx]: PROCESSOR_MASKS + GROUP_AFFINITY_SIZE,
};

/**
 * The GROUP_AFFINITY array of a processor or NUMA record. NUMA records before Windows
 * Server 2022 have GroupCount 0 and exactly one mask (the field was reserved).
 */
function groupMasks(body: Buffer, countAt: number, masksAt: number, offset: number): GroupAffinity[] {
  const count = Math.max(1, body.readUInt16LE(countAt));
  if (masksAt + count * GROUP_AFFINITY_SIZE > body.length) {
    throw malformed(offset, `${count} group masks do not fit in the record`);
  }
  const masks: GroupAffinity[] = [];
  for (let i = 0; i < count; i++) {
    const at = masksAt + i * GROUP_AFFINITY_SIZE;
    masks.push({ mask: body.readBigUInt64LE(at), group: body.readUInt16LE(at + 8) });
  }
  return masks;
}

/** A node may be reported twice (RelationNumaNode and RelationNumaNodeEx): masks are merged. */
function addNuma(numa: Map<number, GroupAffinity[]>, node: number, masks: GroupAffinity[]): void {
  const byGroup = new Map((numa.get(node) ?? []).map((a) => [a.group, a.mask]));
  for (const a of masks) byGroup.set(a.group, (byGroup.get(a.group) ?? 0n) | a.mask);
  numa.set(
    node,
    [...byGroup].map(([group, mask]) => ({ group, mask })),
  );
}

function groupRelationship(body: Buffer, offset: number): ParsedProcessorInformation['groups'] {
  const maximumGroupCount = body.readUInt16LE(0);
  const activeGroupCount = body.readUInt16LE(2);
  if (GROUP_INFOS + activeGroupCount * GROUP_INFO_SIZE > body.length) {
    throw malformed(offset, `${activeGroupCount} PROCESSOR_GROUP_INFO entries do not fit in the record`);
  }
  const perGroup = [];
  for (let i = 0; i < activeGroupCount; i++) {
    const at = GROUP_INFOS + i * GROUP_INFO_SIZE;
    perGroup.push({
      maximum: body.readUInt8(at),
      active: body.readUInt8(at + 1),
      activeMask: body.readBigUInt64LE(at + 40),
    });
  }
  return { maximumGroupCount, activeGroupCount, perGroup };
}

function malformed(offset: number, why: string): Error {
  return new Error(`malformed GetLogicalProcessorInformationEx buffer at byte ${offset}: ${why}`);
}
