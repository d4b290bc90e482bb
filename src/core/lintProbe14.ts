import { EXIT } from '../cli/output';
export const probe = EXIT;
