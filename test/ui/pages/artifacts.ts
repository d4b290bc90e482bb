import { join } from 'node:path';
import { REPO } from '../../../scripts/harness/vsix';

/** Screenshots and logs a human can look at after a run (git-ignored). */
export const ARTIFACTS_DIR = join(REPO, 'test-results', 'ui');
