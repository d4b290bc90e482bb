import { defaultStateDir } from '../storage/journal';
export const probe = defaultStateDir;
