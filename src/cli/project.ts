/** The Salesforce DX project a command looks at: --project <dir>, else the current folder when it is one. */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type ProjectPackage, parseSfdxProject } from '../core/sfdxProject';
import { usageError } from '../data/org/errors';

/** The project's packages; undefined when no --project was given and the current folder has no sfdx-project.json. */
export async function readProjectPackages(dir: string | undefined): Promise<ProjectPackage[] | undefined> {
  const file = join(resolve(dir ?? process.cwd()), 'sfdx-project.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (dir) throw usageError(`--project: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`);
    return undefined;
  }
  const parsed = parseSfdxProject(text);
  if (!parsed.ok) throw usageError(`${file} is not a valid sfdx-project.json: ${parsed.error}`);
  return [...parsed.project.packages];
}
