/**
 * The package source a drift check reads: sfdx-project.json's package directories, and in them
 * the feature parameter files (featureParameters/*.featureParameter…-meta.xml) and Apex classes and
 * triggers. Bounded: hidden folders and node_modules are skipped, and so are files over 2 MB.
 */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { type FeatureProject, type SourceFile, isFeatureSourcePath } from '../core/features/drift';
import { parseProjectLayout } from '../core/sfdxProject';
import { usageError } from '../data/org/errors';

const MAX_FILE_BYTES = 2 * 1024 * 1024;
const MAX_FILES = 20_000;

export async function readFeatureSource(projectDir: string): Promise<{ project: FeatureProject; files: SourceFile[] }> {
  let text: string;
  try {
    text = await readFile(join(projectDir, 'sfdx-project.json'), 'utf8');
  } catch {
    throw usageError(`No sfdx-project.json in ${projectDir}: pass --project <folder of a Salesforce DX project>.`);
  }
  const parsed = parseProjectLayout(text);
  if (!parsed.ok) throw usageError(`${join(projectDir, 'sfdx-project.json')} is not valid: ${parsed.error}.`);
  const files: SourceFile[] = [];
  const seen = new Set<string>();
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (files.length >= MAX_FILES) return;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith('.') && entry.name !== 'node_modules') await walk(full);
      } else if (entry.isFile() && isFeatureSourcePath(entry.name) && !seen.has(full)) {
        seen.add(full);
        if ((await stat(full)).size <= MAX_FILE_BYTES)
          files.push({ path: relative(projectDir, full).split(sep).join('/'), text: await readFile(full, 'utf8') });
      }
    }
  };
  for (const d of parsed.layout.directories) await walk(join(projectDir, d.path));
  return { project: parsed.layout, files };
}
