import type { License } from '../../core/license';
export type Probe = License;
