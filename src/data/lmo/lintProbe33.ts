import type { OrgClient } from '../org/salesforceStack';
export type Probe = OrgClient;
