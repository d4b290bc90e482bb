import { OrgClient } from '../data/org/salesforceStack';
export const probe = OrgClient;
