import { OrgClient } from '../org/salesforceStack';
export const probe = OrgClient;
