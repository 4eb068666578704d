// Typed processor-topology calls on Windows: the two-call GetLogicalProcessorInformationEx
// protocol, the processor-group counts and this process's affinity.
import { win32Error } from '../errors';
import { ERROR_INSUFFICIENT_BUFFER } from './errors';
import { kernel32, lastError } from './kernel32';
import { parseProcessorInformation, type ParsedProcessorInformation } from './processor-information';

/**
 * GetLogicalProcessorInformationEx(relation), parsed: ask for the length, then fill a
 * buffer of that length. Throws OsError when the call fails.
 */
export function processorInformation(relation: number): ParsedProcessorInformation {
  return parseProcessorInformation(processorInformationBuffer(relation));
}

/** The raw buffer, for tests that compare it with the parsed view. */
export function processorInformationBuffer(relation: number): Buffer {
  const k32 = kernel32();
  const length = Buffer.alloc(4);
  if (k32.GetLogicalProcessorInformationEx(relation, null, length)) return Buffer.alloc(0);
  const error = lastError();
  if (error !== ERROR_INSUFFICIENT_BUFFER) throw win32Error('GetLogicalProcessorInformationEx', error);
  const buf = Buffer.alloc(length.readUInt32LE(0));
  if (!k32.GetLogicalProcessorInformationEx(relation, buf, length)) {
    throw win32Error('GetLogicalProcessorInformationEx', lastError());
  }
  return buf.subarray(0, length.readUInt32LE(0));
}

export function activeProcessorGroupCount(): number {
  return Number(kernel32().GetActiveProcessorGroupCount());
}

export function maximumProcessorGroupCount(): number {
  return Number(kernel32().GetMaximumProcessorGroupCount());
}

/** Logical processors of one group: active (online) now, and its hot-add capacity. */
export function groupProcessorCounts(group: number): { active: number; maximum: number } {
  const k32 = kernel32();
  return {
    active: Number(k32.GetActiveProcessorCount(group)),
    maximum: Number(k32.GetMaximumProcessorCount(group)),
  };
}

/** GetProcessGroupAffinity of this process: its group count; undefined where the call fails (Wine). */
export function processGroupCount(activeGroups: number): number | undefined {
  const k32 = kernel32();
  const count = Buffer.alloc(2);
  count.writeUInt16LE(activeGroups, 0);
  const groups = Buffer.alloc(2 * Math.max(1, activeGroups));
  return k32.GetProcessGroupAffinity(k32.GetCurrentProcess(), count, groups)
    ? count.readUInt16LE(0)
    : undefined;
}

/** GetProcessAffinityMask of this process (its primary group); undefined where the call fails. */
export function processAffinityMask(): bigint | undefined {
  const k32 = kernel32();
  const processMask = Buffer.alloc(8);
  const systemMask = Buffer.alloc(8);
  if (!k32.GetProcessAffinityMask(k32.GetCurrentProcess(), processMask, systemMask)) return undefined;
  return processMask.readBigUInt64LE(0);
}
