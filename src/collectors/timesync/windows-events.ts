// Event XML as EvtRender(EvtRenderEventXml) produces it, reduced to what we count. Pure.
//
// Microsoft-Windows-Kernel-General event 1 ("The system time has changed to %1 from
// %2") carries NewTime and OldTime as ISO-8601 UTC with up to 9 fraction digits; their
// difference is the step. Microsoft-Windows-Time-Service events are counted by id.

const KERNEL_GENERAL = 'Microsoft-Windows-Kernel-General';
const TIME_SERVICE = 'Microsoft-Windows-Time-Service';

export interface ParsedEvent {
  readonly provider: string;
  readonly eventId: number;
  readonly recordId: number | undefined;
  /** EventData Data elements by Name. */
  readonly data: ReadonlyMap<string, string>;
}

export type EventMeaning =
  | { readonly kind: 'step'; readonly seconds: number }
  | { readonly kind: 'time_service'; readonly provider: string; readonly eventId: number }
  | { readonly kind: 'other' };

const attr = (name: string) => new RegExp(`${name}\\s*=\\s*(?:'([^']*)'|"([^"]*)")`);

export function parseEventXml(xml: string): ParsedEvent | undefined {
  const providerTag = /<Provider\b[^>]*>/.exec(xml)?.[0];
  const providerMatch = providerTag ? attr('Name').exec(providerTag) : null;
  const provider = providerMatch ? (providerMatch[1] ?? providerMatch[2] ?? '') : '';
  const eventId = Number(/<EventID\b[^>]*>\s*(\d+)\s*<\/EventID>/.exec(xml)?.[1] ?? NaN);
  if (!provider || !Number.isInteger(eventId)) return undefined;
  const record = /<EventRecordID>\s*(\d+)\s*<\/EventRecordID>/.exec(xml)?.[1];
  const data = new Map<string, string>();
  for (const m of xml.matchAll(/<Data\b([^>]*?)(?:\/>|>([\s\S]*?)<\/Data>)/g)) {
    const name = attr('Name').exec(m[1] ?? '');
    if (name) data.set(name[1] ?? name[2] ?? '', unescapeXml((m[2] ?? '').trim()));
  }
  return { provider, eventId, recordId: record === undefined ? undefined : Number(record), data };
}

export function meaningOf(event: ParsedEvent): EventMeaning {
  if (event.provider === KERNEL_GENERAL && event.eventId === 1) {
    const newNs = isoToUnixNs(event.data.get('NewTime') ?? '');
    const oldNs = isoToUnixNs(event.data.get('OldTime') ?? '');
    if (newNs === undefined || oldNs === undefined) return { kind: 'other' };
    return { kind: 'step', seconds: Number(newNs - oldNs) / 1e9 };
  }
  if (event.provider === TIME_SERVICE) {
    return { kind: 'time_service', provider: event.provider, eventId: event.eventId };
  }
  return { kind: 'other' };
}

const ISO_RE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/;

/** "2023-11-05T22:32:20.942615Z" -> ns since 1970, exactly (no float rounding). */
export function isoToUnixNs(text: string): bigint | undefined {
  const m = ISO_RE.exec(text.replace(/\u200e/g, '').trim());
  if (!m) return undefined;
  const wholeMs = Date.parse(`${m[1]}Z`);
  if (!Number.isFinite(wholeMs)) return undefined;
  const fractionNs = BigInt((m[2] ?? '').padEnd(9, '0'));
  return BigInt(wholeMs) * 1_000_000n + fractionNs;
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/**
 * The structured query for the System channel: Kernel-General event 1 and every
 * Time-Service event. Time-Service also writes to its Operational channel on newer
 * builds; System holds the events operators know (35, 36, 37, 47, 129, 134, 158...).
 */
export const EVENT_QUERY =
  "<QueryList><Query Id='0' Path='System'>" +
  `<Select Path='System'>*[System[Provider[@Name='${KERNEL_GENERAL}'] and EventID=1]]</Select>` +
  `<Select Path='System'>*[System[Provider[@Name='${TIME_SERVICE}']]]</Select>` +
  '</Query></QueryList>';
