import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isoToUnixNs, meaningOf, parseEventXml } from '../../src/collectors/timesync/windows-events';
import { bookmarkXmlOf } from '../../src/collectors/timesync/windows-eventlog';
import { fixtureText } from '../support/fixtures';

const event = (name: string) => {
  const parsed = parseEventXml(fixtureText('timesync', `${name}.xml`));
  assert.ok(parsed, `${name} parses`);
  return parsed;
};

test('Kernel-General 1, forward change: NewTime - OldTime, exactly', () => {
  const e = event('kernel-general-1-forward');
  assert.equal(e.provider, 'Microsoft-Windows-Kernel-General');
  assert.equal(e.eventId, 1);
  assert.equal(e.recordId, 1943);
  assert.deepEqual(meaningOf(e), { kind: 'step', seconds: 1.289385 });
});

test('Kernel-General 1, backward change with 7 fraction digits and double quotes', () => {
  const e = event('kernel-general-1-backward');
  assert.deepEqual(meaningOf(e), { kind: 'step', seconds: -5.0010562 });
  assert.equal(e.data.get('Reason'), '1');
});

test('Time-Service events are counted by id; EventID Qualifiers are ignored', () => {
  assert.deepEqual(meaningOf(event('time-service-35')), {
    kind: 'time_service',
    provider: 'Microsoft-Windows-Time-Service',
    eventId: 35,
  });
  const e129 = event('time-service-129');
  assert.equal(e129.eventId, 129);
  assert.equal(event('time-service-35').data.get('TimeSource')?.includes('->20.101.57.9'), true, 'entities');
});

test('other providers mean nothing; broken XML is not an event', () => {
  assert.deepEqual(meaningOf(event('other-provider')), { kind: 'other' });
  assert.equal(parseEventXml('<Event><System></System></Event>'), undefined);
  const noTimes = parseEventXml(
    "<Event><System><Provider Name='Microsoft-Windows-Kernel-General'/><EventID>1</EventID></System></Event>",
  );
  assert.ok(noTimes);
  assert.deepEqual(meaningOf(noTimes), { kind: 'other' }, 'event 1 without times is not a step');
});

test('ISO times with 0 to 9 fraction digits, and the LTR marks Windows puts in messages', () => {
  assert.equal(isoToUnixNs('1970-01-01T00:00:01Z'), 1_000_000_000n);
  assert.equal(isoToUnixNs('1970-01-01T00:00:00.000000001Z'), 1n);
  assert.equal(isoToUnixNs('\u200e1970-01-01T00:00:00.5Z'), 500_000_000n);
  assert.equal(isoToUnixNs('1970-01-01 00:00:00Z'), undefined);
});

test('stored bookmarks: only our own version-1 records are accepted', () => {
  assert.equal(bookmarkXmlOf({ version: 1, bookmark: '<BookmarkList/>' }), '<BookmarkList/>');
  assert.equal(bookmarkXmlOf({ version: 1, bookmark: '' }), '');
  assert.equal(bookmarkXmlOf({ version: 2, bookmark: 'x' }), undefined);
  assert.equal(bookmarkXmlOf('garbage'), undefined);
});
