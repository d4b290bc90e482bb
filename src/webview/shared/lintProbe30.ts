import type { LicenseJournal } from '../../storage/journal';
export type Probe = LicenseJournal;
