/**
 * The docs say what the product is (CONTRIBUTING.md, docs/testing.md): every command of the CLI is
 * in the command line reference and every command there exists; every setting is in the README;
 * every relative link resolves; the README fits the Marketplace page; no source or test cites a
 * file that is not in the repository.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { buildCli } from '../support/cli';

const ROOT = resolve(__dirname, '../../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

function filesUnder(dir: string, keep: (path: string) => boolean): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...filesUnder(path, keep));
    else if (keep(path)) out.push(path);
  }
  return out;
}

/** The Markdown the project publishes: the README, CONTRIBUTING.md, the changelog and docs/. */
const MARKDOWN = ['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md', ...filesUnder('docs', (p) => p.endsWith('.md'))];

/** Markdown without its fenced code blocks (their text is not links or headings). */
const prose = (text: string) => text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');

describe('docs: the command line reference (docs/cli.md) and the CLI agree', function () {
  this.timeout(120_000);
  const commands = new Map<string, { aliases: string[]; subcommands: Set<string> }>();
  let doc: string;

  const cli = (...args: string[]) => execFileSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), ...args], { cwd: ROOT, encoding: 'utf8' });

  before(async () => {
    if (!existsSync(join(ROOT, 'dist', 'cli.js'))) buildCli();
    // The registered commands, as a user lists them: the overview's "Commands:" block.
    const overview = cli('--help');
    const block = /^Commands:\n((?: {2}\S.*\n)+)/m.exec(overview)?.[1] ?? assert.fail(`no "Commands:" block in:\n${overview}`);
    const names = block.split('\n').flatMap((line) => (/^ {2}([a-z][\w-]*)\s/.exec(line) ? [line.trim().split(/\s/)[0]] : []));
    // Aliases are not listed: read them from the compiled command modules (each exports a CliCommand).
    const aliases = new Map<string, string[]>();
    const dir = join(ROOT, 'out', 'src', 'cli', 'commands');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.js'))) {
      const module = (await import(join(dir, file))) as Record<string, unknown>;
      for (const value of Object.values(module)) {
        const c = value as { name?: unknown; usage?: unknown; aliases?: unknown };
        if (typeof c?.name === 'string' && typeof c.usage === 'string' && Array.isArray(c.aliases)) aliases.set(c.name, c.aliases as string[]);
      }
    }
    for (const name of names) {
      // Subcommands, from the usage lines `help <command>` prints: "lma-workbench <command> <subcommand> …".
      const usage = cli('help', name);
      const subcommands = new Set([...usage.matchAll(/^\s*(?:Usage:\s+)?lma-workbench (\S+) ([a-z][\w-]*)/gm)].filter((m) => m[1] === name).map((m) => m[2]));
      commands.set(name, { aliases: aliases.get(name) ?? [], subcommands });
    }
    doc = read('docs/cli.md');
  });

  it('finds the commands (the parse works)', () => {
    assert.ok(commands.size >= 7, `commands: ${[...commands.keys()].join(', ')}`);
    assert.deepEqual(commands.get('dashboard')?.aliases, ['report']);
    assert.ok(commands.get('licenses')?.subcommands.has('modify'));
  });

  it('every command and subcommand has a heading in docs/cli.md, and every alias is named there', () => {
    const headings = new Set([...doc.matchAll(/^#{2,3} `lma-workbench ([^`]+)`\s*$/gm)].map((m) => m[1].trim()));
    const missing: string[] = [];
    for (const [name, { aliases, subcommands }] of commands) {
      if (!headings.has(name)) missing.push(`## \`lma-workbench ${name}\``);
      for (const sub of subcommands) if (!headings.has(`${name} ${sub}`)) missing.push(`### \`lma-workbench ${name} ${sub}\``);
      for (const alias of aliases) if (!doc.includes(`lma-workbench ${alias}`)) missing.push(`the alias \`lma-workbench ${alias}\``);
    }
    assert.deepEqual(missing, [], `docs/cli.md lacks: ${missing.join('; ')}`);
  });

  it('every command documented in docs/cli.md exists in the CLI', () => {
    const unknown: string[] = [];
    for (const [, heading] of doc.matchAll(/^#{2,3} `lma-workbench ([^`]+)`\s*$/gm)) {
      const [name, sub, ...rest] = heading.trim().split(/\s+/);
      const command = commands.get(name);
      if (!command || rest.length || (sub !== undefined && !command.subcommands.has(sub))) unknown.push(heading);
    }
    assert.deepEqual(unknown, [], `docs/cli.md documents commands the CLI does not have: ${unknown.join('; ')}`);
  });

  it('every `lma-workbench <command>` and `dist/cli.js <command>` in the docs names a command the CLI has', () => {
    const known = new Set(['help', ...[...commands].flatMap(([name, c]) => [name, ...c.aliases])]);
    const unknown: string[] = [];
    for (const file of MARKDOWN) {
      for (const m of read(file).matchAll(/(?<![\w/.:@-])(?:lma-workbench|dist\/cli\.js) ([a-z][\w-]*)/g))
        if (!known.has(m[1])) unknown.push(`${file}: ${m[0]}`);
    }
    assert.deepEqual(unknown, [], `not commands of the CLI: ${unknown.join('; ')}`);
  });
});

describe('docs: the README', () => {
  const readme = read('README.md');

  it('documents every setting package.json contributes', () => {
    const manifest = JSON.parse(read('package.json')) as {
      contributes: { configuration: { properties: Record<string, unknown> } | { properties: Record<string, unknown> }[] };
    };
    const sections = [manifest.contributes.configuration].flat();
    const settings = sections.flatMap((s) => Object.keys(s.properties));
    assert.ok(settings.length > 10, `settings: ${settings.join(', ')}`);
    const missing = settings.filter((s) => !readme.includes(`\`${s}\``));
    assert.deepEqual(missing, [], `settings the README does not document: ${missing.join(', ')}`);
    // …and the docs name no setting that does not exist (a prefix such as `lmaWorkbench.demo.` is fine).
    const stale: string[] = [];
    for (const file of MARKDOWN)
      for (const [name] of read(file).matchAll(/lmaWorkbench(?:\.[A-Za-z]+)+/g))
        if (!settings.some((s) => s === name || s.startsWith(`${name}.`))) stale.push(`${file}: ${name}`);
    assert.deepEqual(stale, [], `settings that do not exist: ${stale.join('; ')}`);
  });

  it('fits the Marketplace page: at most 300 lines', () => {
    const lines = readme.replace(/\n$/, '').split('\n').length;
    assert.ok(lines <= 300, `README.md has ${lines} lines; move detail to docs/`);
  });
});

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const [, heading] of prose(markdown).matchAll(/^#{1,6} (.+?)\s*#*\s*$/gm)) {
    const base = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n ? `${base}-${n}` : base);
  }
  return anchors;
}

describe('docs: links', () => {
  it('every relative link in the README, CONTRIBUTING.md, the changelog and docs/ resolves (files and anchors)', () => {
    const broken: string[] = [];
    let checked = 0;
    for (const file of MARKDOWN) {
      const text = prose(read(file)).replace(/`[^`\n]*`/g, '');
      for (const [, target] of text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
        checked++;
        const [path, anchor] = target.split('#');
        const resolved = path ? resolve(ROOT, dirname(file), decodeURIComponent(path)) : join(ROOT, file);
        if (!existsSync(resolved)) {
          broken.push(`${file}: ${target} (no ${relative(ROOT, resolved)})`);
          continue;
        }
        if (anchor !== undefined && statSync(resolved).isFile() && resolved.endsWith('.md') && !anchorsOf(readFileSync(resolved, 'utf8')).has(anchor))
          broken.push(`${file}: ${target} (no heading #${anchor} in ${relative(ROOT, resolved)})`);
      }
    }
    assert.ok(checked > 50, `only ${checked} relative links found: the parse is broken`);
    assert.deepEqual(broken, [], `broken links:\n  ${broken.join('\n  ')}`);
  });
});

describe('docs: what the code cites is in the repository', () => {
  const SELF = 'test/docs/docs.test.ts';
  const sources = ['src', 'test', 'scripts', 'bench'].flatMap((d) => filesUnder(d, (p) => /\.(ts|mjs|js|json)$/.test(p) && !p.startsWith('test/fixtures/')));

  it('no source or test cites the team notes that are not in the repository', () => {
    // The team's notes outside the repository, by path or by name (lma-setup.md, a Salesforce page, is not one of them).
    const outside = /\.\.\/shared\/docs|\/work\/shared|(?<![\w-])(?:lma-domain|sfapi|product|setup)\.md/;
    const citing = sources.filter((p) => p !== SELF).filter((p) => outside.test(read(p)));
    assert.deepEqual(citing, [], `cite a file outside the repository (cite docs/… instead): ${citing.join(', ')}`);
  });

  it('every docs/… file a source or test cites exists', () => {
    const missing: string[] = [];
    for (const file of sources.filter((p) => p !== SELF))
      for (const [path] of read(file).matchAll(/(?<![\w/.-])docs\/[\w./-]+\.md\b/g)) if (!existsSync(join(ROOT, path))) missing.push(`${file}: ${path}`);
    assert.deepEqual(missing, [], `cited docs that do not exist: ${missing.join('; ')}`);
  });
});

describe('docs: the code paths they name exist', () => {
  it('every `src/…`, `test/…`, `scripts/…` or `bench/…` path in the docs and CONTRIBUTING.md is in the tree (files move; the docs follow)', () => {
    const missing: string[] = [];
    let checked = 0;
    for (const file of MARKDOWN) {
      for (const [, span] of read(file).matchAll(/`([^`\n]+)`/g)) {
        for (const [path] of span.matchAll(/(?<![\w/.-])(?:src|test|scripts|bench)\/[\w./-]*[\w/]/g)) {
          // Placeholders (src/editor/<capability>/) and globs name no one file.
          if (/[<*{]/.test(span.slice(span.indexOf(path), span.indexOf(path) + path.length + 1))) continue;
          checked++;
          const bare = path.replace(/\/$/, '');
          if (![bare, `${bare}.ts`].some((p) => existsSync(join(ROOT, p)))) missing.push(`${file}: ${path}`);
        }
      }
    }
    assert.ok(checked > 30, `only ${checked} code paths found: the parse is broken`);
    assert.deepEqual(missing, [], `paths the docs name that are not in the tree:\n  ${missing.join('\n  ')}`);
  });
});
