import { usageError } from '../data/org/errors';
export const probe = usageError;
