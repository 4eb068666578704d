// check: one probe of each listen target now, with the listen collector's own probe,
// worker thread and timeout. A failed or blocked listen points at the runbook of the
// alert that raises the same condition.
import { listenCollector, listenTargets } from '../collectors/listen';
import { ProbeSlot } from '../collectors/listen/slot';
import type { ListenTarget, ProbeOutcome } from '../collectors/listen/types';
import { formatSeconds, type Finding } from './findings';
import { SEE } from './runbooks';
import { collectorSection } from './section';

export const listenSection = collectorSection(listenCollector, 'listen probes', async (options) => {
  const findings: Finding[] = [];
  for (const target of listenTargets(options)) {
    const slot = new ProbeSlot(target, () => undefined);
    try {
      findings.push(listenFinding(target, await slot.run(target.timeoutSeconds, 'check')));
    } finally {
      await slot.stop();
    }
  }
  return findings;
});

/** What one probe of a target says, as one line. Pure. */
export function listenFinding(target: ListenTarget, outcome: ProbeOutcome): Finding {
  const host = target.address.includes(':') ? `[${target.address}]` : target.address;
  const where = `${target.name} (${host}:${target.port})`;
  if (outcome.kind !== 'done') {
    return {
      status: 'attention',
      text: `${where}: no answer within ${formatSeconds(target.timeoutSeconds)}; the listen is blocked in the OS`,
      see: SEE.listenBlocked,
    };
  }
  const { durations, failure, inUse } = outcome.result;
  if (failure) {
    return {
      status: 'attention',
      text: `${where}: ${failure.phase} failed with ${failure.code} (OS error ${failure.osCode})`,
      see: SEE.listenFailing,
    };
  }
  const time = (phase: keyof typeof durations) => formatSeconds(durations[phase] ?? NaN);
  if (inUse)
    return { status: 'ok', text: `${where}: in use, as expected (bind answered in ${time('bind')})` };
  return {
    status: 'ok',
    text: `${where}: bind ${time('bind')}, accept ${time('accept')}, total ${time('total')}`,
  };
}
