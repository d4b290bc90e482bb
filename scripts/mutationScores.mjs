#!/usr/bin/env node
// The mutation score per folder from Stryker's JSON report (mutation-testing-report-schema):
// (killed + timed out) / (killed + timed out + survived + no coverage), as Stryker counts it;
// mutants that do not compile, crash the runner or are disabled by a comment do not count.
//   node scripts/mutationScores.mjs [reports/mutation/core.json]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

/** Folders reported: each top folder of src/ and its sub-folders (files directly in a top folder count for it only). */
function foldersOf(path) {
  const parts = path.split('/');
  const folders = [parts.slice(0, 2).join('/')];
  if (parts.length > 3) folders.push(parts.slice(0, 3).join('/'));
  return folders;
}

export function folderScores(report) {
  const tally = new Map();
  for (const [path, file] of Object.entries(report.files)) {
    for (const folder of foldersOf(path)) {
      const t = tally.get(folder) ?? { detected: 0, undetected: 0, survived: 0, noCoverage: 0, ignored: 0, invalid: 0 };
      for (const m of file.mutants) {
        if (DETECTED.has(m.status)) t.detected++;
        else if (UNDETECTED.has(m.status)) {
          t.undetected++;
          if (m.status === 'Survived') t.survived++;
          else t.noCoverage++;
        } else if (m.status === 'Ignored') t.ignored++;
        else t.invalid++;
      }
      tally.set(folder, t);
    }
  }
  return [...tally.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([folder, t]) => {
      const valid = t.detected + t.undetected;
      const score = valid ? ((100 * t.detected) / valid).toFixed(2).padStart(6) : '   n/a';
      const indent = folder.split('/').length > 2 ? '  ' : '';
      return (
        `${`${indent}${folder}`.padEnd(28)} ${score} %  ` +
        `killed or timed out ${t.detected}, survived ${t.survived}, no coverage ${t.noCoverage}, ignored ${t.ignored}, compile/runtime errors ${t.invalid}`
      );
    });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2] ?? 'reports/mutation/core.json';
  for (const row of folderScores(JSON.parse(readFileSync(file, 'utf8')))) process.stdout.write(`${row}\n`);
}
