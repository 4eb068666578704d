// Typed calls over file security descriptors (advapi32), in SDDL. The exporter's state
// files get a protected DACL that names their owner and SYSTEM only (ownerOnlyDacl): on
// Windows a file created under %ProgramData% inherits read access for every user, which
// chmod-like modes cannot take away.
import { win32Error } from '../errors';
import { loadKoffi } from '../koffi';
import { advapi32 } from './advapi32';
import { ERROR_INSUFFICIENT_BUFFER } from './errors';
import { kernel32, lastError } from './kernel32';

const SDDL_REVISION_1 = 1;
const OWNER_SECURITY_INFORMATION = 0x1;
const DACL_SECURITY_INFORMATION = 0x4;
/** With DACL_SECURITY_INFORMATION: the DACL inherits nothing from the directory. */
const PROTECTED_DACL_SECURITY_INFORMATION = 0x80000000;

/** The owner and DACL of a file in SDDL ("O:S-1-5-18D:P(A;;FA;;;S-1-5-18)"). */
export function fileSecurity(path: string): string {
  const info = OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION;
  const api = advapi32();
  const needed = Buffer.alloc(4);
  if (!api.GetFileSecurityW(path, info, null, 0, needed) && lastError() !== ERROR_INSUFFICIENT_BUFFER) {
    throw win32Error('GetFileSecurityW', lastError());
  }
  const descriptor = Buffer.alloc(Math.max(needed.readUInt32LE(0), 20));
  if (!api.GetFileSecurityW(path, info, descriptor, descriptor.length, needed)) {
    throw win32Error('GetFileSecurityW', lastError());
  }
  const out: unknown[] = [null];
  if (
    !api.ConvertSecurityDescriptorToStringSecurityDescriptorW(descriptor, SDDL_REVISION_1, info, out, null)
  ) {
    throw win32Error('ConvertSecurityDescriptorToStringSecurityDescriptorW', lastError());
  }
  try {
    // A NUL-terminated UTF-16 string the API allocated: decoded, then freed.
    return String(loadKoffi().decode(out[0], 'char16_t', -1));
  } finally {
    kernel32().LocalFree(out[0]);
  }
}

/** Replaces a file's DACL with one that lets only its owner and SYSTEM in. */
export function restrictToOwner(path: string): void {
  const owner = ownerOf(fileSecurity(path));
  if (owner === undefined) throw new Error(`no owner in the security descriptor of ${path}`);
  setDacl(path, ownerOnlyDacl(owner));
}

/** The SDDL of a protected DACL: full access for the owner SID and SYSTEM, nobody else. Pure. */
export function ownerOnlyDacl(ownerSid: string): string {
  return `D:P(A;;FA;;;${ownerSid})(A;;FA;;;SY)`;
}

/** The owner SID of an SDDL string ("O:S-1-5-21-...D:..."); undefined without one. Pure. */
export function ownerOf(sddl: string): string | undefined {
  return /^O:(S-[\d-]+|[A-Z]{2})/.exec(sddl)?.[1];
}

function setDacl(path: string, sddl: string): void {
  const api = advapi32();
  const out: unknown[] = [null];
  if (!api.ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl, SDDL_REVISION_1, out, null)) {
    throw win32Error('ConvertStringSecurityDescriptorToSecurityDescriptorW', lastError());
  }
  try {
    const info = DACL_SECURITY_INFORMATION | PROTECTED_DACL_SECURITY_INFORMATION;
    if (!api.SetFileSecurityW(path, info, out[0])) throw win32Error('SetFileSecurityW', lastError());
  } finally {
    kernel32().LocalFree(out[0]);
  }
}
