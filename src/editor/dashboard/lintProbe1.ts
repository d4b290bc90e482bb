import type { InstallBaseTree } from '../installBase/installBaseTree';
export type Probe = InstallBaseTree;
