// Where each kind of finding is explained. A finding that an alert also raises points to
// that alert's runbook (docs/runbooks/<AlertName>.md, written with alerts/hostwatch.rules.yml:
// keep these names equal to the rules' alert names); a finding no alert raises points to
// the section of its collector's page that explains it.
const runbook = (alert: string) => `docs/runbooks/${alert}.md`;
const collectorDoc = (collector: string, anchor: string) => `docs/collectors/${collector}.md#${anchor}`;

export const SEE = {
  clockSteppedForward: runbook('HostwatchClockSteppedForward'),
  clockSteppedBackward: runbook('HostwatchClockSteppedBackward'),
  clockDrift: runbook('HostwatchClockDriftHigh'),
  notSynchronising: runbook('HostwatchClockNotSynchronising'),
  offsetHigh: runbook('HostwatchClockSkewDetected'),
  skewCritical: runbook('HostwatchClockSkewCritical'),
  ntpUnreachable: runbook('HostwatchNtpServersUnreachable'),
  sleepLateness: runbook('HostwatchSleepLatenessHigh'),
  collectorFailing: runbook('HostwatchCollectorFailing'),
  servicePolicy: runbook('HostwatchServicePolicyViolation'),
  listenFailing: runbook('HostwatchListenFailing'),
  listenBlocked: runbook('HostwatchListenBlocked'),
  clockUncertainty: collectorDoc('clock', 'how-it-samples'),
  timerSlack: collectorDoc('timer', 'two-parts'),
  timerCoarse: collectorDoc('timer', 'two-parts'),
  cpuGroups: collectorDoc('topology', 'groups-a-default-new-process-may-use'),
} as const;
