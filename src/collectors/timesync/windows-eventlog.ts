// Reads Kernel-General 1 and Time-Service events from the System log with a bookmark
// kept in the storage directory, so a restart neither misses nor double-counts events.
// At the very first start (no bookmark file) the bookmark is put on the newest matching
// event: events from before the exporter ever ran on this host are not counted.
// Read at scrape time: the log keeps the events, so nothing is lost between scrapes.
import {
  EVT_QUERY_CHANNEL_PATH,
  EVT_QUERY_FORWARD_DIRECTION,
  EVT_QUERY_REVERSE_DIRECTION,
  EVT_QUERY_TOLERATE_QUERY_ERRORS,
  EVT_RENDER_BOOKMARK,
  EVT_RENDER_EVENT_XML,
  evtClose,
  evtCreateBookmark,
  evtNext,
  evtQuery,
  evtRender,
  evtSeekAfterBookmark,
  evtUpdateBookmark,
  type EvtHandle,
} from '../../platform/windows/wevtapi';
import { StateFile } from '../../runtime/state-file';
import { EVENT_QUERY, meaningOf, parseEventXml } from './windows-events';
import type { Findings, ReportedStep, TimeServiceEvent } from './types';

const BOOKMARK_FILE = 'eventlog-bookmark.json';
const BATCH = 16;
/** At most this many batches per scrape; the rest is read at the next scrape. */
const MAX_BATCHES = 64;
const NEXT_TIMEOUT_MS = 1000;

export class EventLogReader {
  private bookmark: EvtHandle = 0;
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
    // EvtQuery first: Wine 8 returns NULL from it, but its EvtCreateBookmark is an
    // unimplemented stub that aborts the whole process when called.
    const newest = query(EVT_QUERY_REVERSE_DIRECTION);
    try {
      const saved = this.file?.read(bookmarkXmlOf);
      const xml = saved?.kind === 'ok' ? saved.value : undefined;
      this.bookmark = evtCreateBookmark(xml || null);
      if (xml !== undefined) {
        this.positioned = xml !== '';
        return 'resumed';
      }
      const batch = evtNext(newest, BATCH, NEXT_TIMEOUT_MS);
      if (batch[0] !== undefined) this.remember(batch[0]);
      for (const handle of batch) evtClose(handle);
      this.save();
      return saved === undefined || saved.kind === 'missing' ? 'first_start' : 'replaced_corrupt';
    } finally {
      evtClose(newest);
    }
  }

  /** Every matching event after the bookmark, oldest first; moves the bookmark on. */
  read(): Findings {
    const results = query(EVT_QUERY_FORWARD_DIRECTION);
    const steps: ReportedStep[] = [];
    const events: TimeServiceEvent[] = [];
    try {
      if (this.positioned) evtSeekAfterBookmark(results, this.bookmark);
      // Bounded: after a long downtime the backlog is read over several scrapes, so one
      // scrape never blocks the event loop for long (koffi calls are synchronous).
      for (let n = 0; n < MAX_BATCHES; n++) {
        const batch = evtNext(results, BATCH, NEXT_TIMEOUT_MS);
        if (batch.length === 0) break;
        for (const handle of batch) this.take(handle, steps, events);
      }
    } finally {
      evtClose(results);
    }
    if (steps.length + events.length > 0) this.save();
    return { steps, events };
  }

  close(): void {
    if (this.bookmark) evtClose(this.bookmark);
    this.bookmark = 0;
  }

  private take(handle: EvtHandle, steps: ReportedStep[], events: TimeServiceEvent[]): void {
    try {
      const parsed = parseEventXml(evtRender(handle, EVT_RENDER_EVENT_XML));
      if (parsed) events.push({ provider: parsed.provider, eventId: parsed.eventId });
      const meaning = parsed && meaningOf(parsed);
      if (meaning?.kind === 'step') steps.push({ source: 'eventlog', seconds: meaning.seconds });
      this.remember(handle);
    } finally {
      evtClose(handle);
    }
  }

  private remember(handle: EvtHandle): void {
    evtUpdateBookmark(this.bookmark, handle);
    this.positioned = true;
  }

  private save(): void {
    const xml = this.positioned ? evtRender(this.bookmark, EVT_RENDER_BOOKMARK) : '';
    this.file?.write({ version: 1, bookmark: xml });
  }
}

/** The stored form: { version: 1, bookmark: "<BookmarkList>...</BookmarkList>" or "" }. */
export function bookmarkXmlOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const r = value as Record<string, unknown>;
  return r['version'] === 1 && typeof r['bookmark'] === 'string' ? r['bookmark'] : undefined;
}

/** The System-log query for Kernel-General 1 and Time-Service events, in one direction. */
function query(direction: number): EvtHandle {
  return evtQuery(EVENT_QUERY, EVT_QUERY_CHANNEL_PATH | EVT_QUERY_TOLERATE_QUERY_ERRORS | direction);
}
