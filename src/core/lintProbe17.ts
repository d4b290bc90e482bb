import { orgKey } from './orgId';
export const probe = orgKey;
