import { orgKey } from '../core/orgId';
export const probe = orgKey;
