/**
 * The tests' own count of a demo summary file (the demo's summaryCsv): distinct user tokens per
 * org and package, read with a few lines of CSV splitting, not the product's parser.
 */
export function oracleActiveUsers(csv: string): Map<string, number> {
  const lines = csv.split(/\r?\n/).filter((l) => l !== '');
  const split = (line: string): string[] => {
    const out: string[] = [];
    let cell = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quoted && c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = !quoted;
      else if (c === ',' && !quoted) {
        out.push(cell);
        cell = '';
      } else cell += c;
    }
    out.push(cell);
    return out;
  };
  const header = split(lines[0] ?? '');
  const [org, pkg, token] = ['organization_id', 'package_id', 'user_id_token'].map((c) => header.indexOf(c));
  const sets = new Map<string, Set<string>>();
  for (const line of lines.slice(1)) {
    const cells = split(line);
    if (!cells[token]) continue;
    const key = `${cells[org].slice(0, 15)}|${cells[pkg].slice(0, 15)}`;
    sets.set(key, (sets.get(key) ?? new Set()).add(cells[token]));
  }
  return new Map([...sets].map(([k, s]) => [k, s.size]));
}
