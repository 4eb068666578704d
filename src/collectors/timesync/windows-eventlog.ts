// Reads Kernel-General 1 and Time-Service events from the System log with a bookmark
// kept in the storage directory, so a restart neither misses nor double-counts events.
// At the very first start (no bookmark file) the bookmark is put on the newest matching
// event: events from before the exporter ever ran on this host are not counted.
// Read at scrape time: the log keeps the events, so nothing is lost between scrapes.
import * as evt from '../../platform/windows/wevtapi';
import { kernel32 } from '../../platform/windows/kernel32';
import { StateFile } from '../../runtime/state-file';
import { EVENT_QUERY, meaningOf, parseEventXml } from './events';
import type { Findings, ReportedStep, TimeServiceEvent } from './types';

export const BOOKMARK_FILE = 'eventlog-bookmark.json';
const BATCH = 16;
/** At most this many batches per scrape; the rest is read at the next scrape. */
const MAX_BATCHES = 64;

export class EventLogReader {
  private bookmark = 0;
  /** True once the bookmark points at an event (else: read from the oldest match). */
  private positioned = false;
  private readonly file: StateFile | undefined;

  constructor(stateDir: string | undefined) {
    this.file = stateDir === undefined ? undefined : new StateFile(stateDir, BOOKMARK_FILE);
  }

  /**
   * Loads the bookmark, or puts a new one on the newest matching event when there is no
   * usable file (first start, or a corrupt file, which is replaced). Throws when the
   * event log cannot be queried. Says which, for the caller's log line.
   */
  open(): 'resumed' | 'first_start' | 'replaced_corrupt' {
    const api = evt.wevtapi();
    // EvtQuery first: Wine 8 returns NULL from it, but its EvtCreateBookmark is an
    // unimplemented stub that aborts the whole process when called.
    const newest = this.query(evt.EVT_QUERY_REVERSE_DIRECTION);
    try {
      const saved = this.file?.read();
      const xml = saved?.kind === 'ok' ? bookmarkXmlOf(saved.value) : undefined;
      this.bookmark = api.EvtCreateBookmark(xml || null) as number;
      if (!this.bookmark) throw lastError('EvtCreateBookmark');
      if (xml !== undefined) {
        this.positioned = xml !== '';
        return 'resumed';
      }
      const batch = this.next(newest);
      if (batch[0] !== undefined) this.remember(batch[0]);
      for (const handle of batch) api.EvtClose(handle);
      this.save();
      return saved === undefined || saved.kind === 'missing' ? 'first_start' : 'replaced_corrupt';
    } finally {
      api.EvtClose(newest);
    }
  }

  /** Every matching event after the bookmark, oldest first; moves the bookmark on. */
  read(): Findings {
    const api = evt.wevtapi();
    const results = this.query(evt.EVT_QUERY_FORWARD_DIRECTION);
    const steps: ReportedStep[] = [];
    const events: TimeServiceEvent[] = [];
    try {
      if (this.positioned && !api.EvtSeek(results, 1, this.bookmark, 0, evt.EVT_SEEK_RELATIVE_TO_BOOKMARK)) {
        throw lastError('EvtSeek');
      }
      // Bounded: after a long downtime the backlog is read over several scrapes, so one
      // scrape never blocks the event loop for long (koffi calls are synchronous).
      for (let n = 0; n < MAX_BATCHES; n++) {
        const batch = this.next(results);
        if (batch.length === 0) break;
        for (const handle of batch) this.take(handle, steps, events);
      }
    } finally {
      api.EvtClose(results);
    }
    if (steps.length + events.length > 0) this.save();
    return { steps, events };
  }

  close(): void {
    if (this.bookmark) evt.wevtapi().EvtClose(this.bookmark);
    this.bookmark = 0;
  }

  private take(handle: number, steps: ReportedStep[], events: TimeServiceEvent[]): void {
    try {
      const parsed = parseEventXml(render(handle, evt.EVT_RENDER_EVENT_XML));
      if (parsed) events.push({ provider: parsed.provider, eventId: parsed.eventId });
      const meaning = parsed && meaningOf(parsed);
      if (meaning?.kind === 'step') steps.push({ source: 'eventlog', seconds: meaning.seconds });
      this.remember(handle);
    } finally {
      evt.wevtapi().EvtClose(handle);
    }
  }

  private remember(handle: number): void {
    if (!evt.wevtapi().EvtUpdateBookmark(this.bookmark, handle)) throw lastError('EvtUpdateBookmark');
    this.positioned = true;
  }

  private save(): void {
    const xml = this.positioned ? render(this.bookmark, evt.EVT_RENDER_BOOKMARK) : '';
    this.file?.write({ version: 1, bookmark: xml });
  }

  private query(direction: number): number {
    const flags = evt.EVT_QUERY_CHANNEL_PATH | evt.EVT_QUERY_TOLERATE_QUERY_ERRORS | direction;
    const results = evt.wevtapi().EvtQuery(0, null, EVENT_QUERY, flags) as number;
    if (!results) throw lastError('EvtQuery');
    return results;
  }

  /** Up to BATCH event handles; an empty list at the end of the results. */
  private next(results: number): number[] {
    const handles = Buffer.alloc(8 * BATCH);
    const returned = [0];
    if (!evt.wevtapi().EvtNext(results, BATCH, handles, 1000, 0, returned)) {
      const error = kernel32().GetLastError() as number;
      if (error === evt.ERROR_NO_MORE_ITEMS) return [];
      throw new Error(`EvtNext failed (error ${error})`);
    }
    return Array.from({ length: returned[0] ?? 0 }, (_, i) => Number(handles.readBigUInt64LE(8 * i)));
  }
}

/** The stored form: { version: 1, bookmark: "<BookmarkList>...</BookmarkList>" or "" }. */
export function bookmarkXmlOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as Record<string, unknown>;
  return r['version'] === 1 && typeof r['bookmark'] === 'string' ? r['bookmark'] : undefined;
}

/** EvtRender into a growing buffer; the result is UTF-16LE text. */
function render(handle: number, flags: number): string {
  let buf = Buffer.alloc(8192);
  const used = [0];
  for (let attempt = 0; attempt < 2; attempt++) {
    if (evt.wevtapi().EvtRender(0, handle, flags, buf.length, buf, used, [0])) {
      return buf
        .subarray(0, used[0] ?? 0)
        .toString('utf16le')
        .replace(/\0+$/, '');
    }
    const error = kernel32().GetLastError() as number;
    if (error !== evt.ERROR_INSUFFICIENT_BUFFER) throw new Error(`EvtRender failed (error ${error})`);
    buf = Buffer.alloc(used[0] ?? buf.length * 2);
  }
  throw new Error('EvtRender: buffer still too small');
}

/** For a call that returned NULL/FALSE. Wine's stubs often leave GetLastError at 0. */
function lastError(call: string): Error {
  return new Error(`${call} failed (GetLastError ${kernel32().GetLastError()})`);
}
