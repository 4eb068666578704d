// The sections of `check`, in the order the report prints them. A new collector adds a
// CheckSection that reads the same backend the collector uses (see timesync.ts) and turns
// what it reads into findings with the runbook of the matching alert.
import { clockSection } from './clock';
import { listenSection } from './listen';
import { ntpSection } from './ntp';
import type { CheckSection } from './section';
import { servicesSection } from './services';
import { timerSection } from './timer';
import { timesyncSection } from './timesync';
import { topologySection } from './topology';

export const SECTIONS: readonly CheckSection[] = [
  clockSection,
  timesyncSection,
  ntpSection,
  timerSection,
  topologySection,
  listenSection,
  servicesSection,
];
