import { regionStandIn } from './shared/region.ts';

/** crowd-tab (`header`): one pane of crowd-tabs, which builds the tab bar. */
export const crowdTab = regionStandIn('crowd-tab');
