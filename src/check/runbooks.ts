// The alert whose runbook explains each kind of finding. The runbooks live in
// docs/runbooks/<AlertName>.md (written with the alert rules, alerts/hostwatch.rules.yml);
// keep these names equal to the rules' alert names.
export const RUNBOOK = {
  clockStep: 'HostwatchClockStep',
  clockDrift: 'HostwatchClockDriftHigh',
  notSynchronising: 'HostwatchClockNotSynchronising',
  offsetHigh: 'HostwatchClockOffsetHigh',
  clockUncertainty: 'HostwatchClockReadUncertaintyHigh',
  sleepLateness: 'HostwatchTimerSleepLatenessHigh',
  timerCoarse: 'HostwatchTimerResolutionCoarse',
  cpuGroups: 'HostwatchCpuGroupsRestricted',
  collectorFailing: 'HostwatchCollectorFailing',
} as const;
