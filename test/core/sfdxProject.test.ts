import * as assert from 'node:assert/strict';
import { parseProjectLayout, parseSfdxProject } from '../../src/core/sfdxProject';

const TEXT = `{
  // comments are allowed
  "packageDirectories": [
    { "path": "force-app", "default": true, "package": "Acme Billing", "versionNumber": "2.4.0.NEXT" },
    { "path": "other" },
  ],
  "packageAliases": {
    "Acme Billing": "0Ho5g0000000001AAA",
    "Acme Billing@2.3.0-1": "04t5g0100000010AAA",
    "Legacy": "0335g0000000007AAA",
    "Unnamed": "04t5g0100000001AAA"
  }
}`;

describe('sfdx-project.json', () => {
  it('finds packages and version aliases with their places in the text', () => {
    const parsed = parseSfdxProject(TEXT);
    assert.equal(parsed.ok, true);
    if (!parsed.ok) return;
    const { packages, versionAliases } = parsed.project;
    assert.deepEqual(
      packages.map((p) => [p.name, p.packageId]),
      [
        ['Acme Billing', '0Ho5g0000000001AAA'],
        ['Legacy', '0335g0000000007AAA'],
      ],
    );
    assert.equal(TEXT.slice(packages[0].span.offset, packages[0].span.offset + packages[0].span.length), '"Acme Billing"');
    assert.equal(TEXT.slice(packages[1].span.offset, packages[1].span.offset + packages[1].span.length), '"Legacy"');
    assert.deepEqual(
      versionAliases.map((v) => [v.alias, v.packageName, v.versionNumber, v.versionId]),
      [
        ['Acme Billing@2.3.0-1', 'Acme Billing', '2.3.0-1', '04t5g0100000010AAA'],
        ['Unnamed', undefined, undefined, '04t5g0100000001AAA'],
      ],
    );
    const alias = versionAliases[0];
    assert.equal(TEXT.slice(alias.keySpan.offset, alias.keySpan.offset + alias.keySpan.length), '"Acme Billing@2.3.0-1"');
    assert.equal(TEXT.slice(alias.valueSpan.offset, alias.valueSpan.offset + alias.valueSpan.length), '"04t5g0100000010AAA"');
  });

  it('reports malformed files instead of guessing', () => {
    assert.equal(parseSfdxProject('{ "packageDirectories": [ ').ok, false);
    assert.equal(parseSfdxProject('[1, 2]').ok, false);
    assert.equal(parseSfdxProject('').ok, false);
  });

  it('copes with missing or odd sections', () => {
    const parsed = parseSfdxProject('{ "packageDirectories": "oops", "packageAliases": { "x": 5 } }');
    assert.deepEqual(parsed, { ok: true, project: { packages: [], versionAliases: [] } });
  });

  it('answers a file nested 10,000 levels deep with a parse error, not a stack overflow', () => {
    for (const deep of ['['.repeat(10_000) + ']'.repeat(10_000), '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000)]) {
      const text = `{ "packageDirectories": [ { "path": "a", "package": "P", "x": ${deep} } ] }`;
      const parsed = parseSfdxProject(text);
      assert.equal(parsed.ok, false);
      assert.match((parsed as { error: string }).error, /nested more than \d+ levels deep/);
      const layout = parseProjectLayout(text);
      assert.equal(layout.ok, false);
      assert.match((layout as { error: string }).error, /nested more than \d+ levels deep/);
    }
  });

  it('reads a 5 MB file, finding its packages and aliases (a quadratic parser would not finish within the timeout)', () => {
    const aliases: Record<string, string> = {};
    for (let i = 0; i < 95_000; i++) aliases[`Acme Billing@1.${i}.0-1`] = `04t5g${String(i).padStart(10, '0')}AAA`;
    const text = JSON.stringify(
      {
        packageDirectories: [{ path: 'force-app', package: 'Acme Billing' }],
        namespace: 'acme',
        packageAliases: { 'Acme Billing': '0Ho5g0000000001AAA', ...aliases },
      },
      null,
      2,
    );
    assert.ok(text.length > 5_000_000, `${text.length} characters`);
    const parsed = parseSfdxProject(text);
    const layout = parseProjectLayout(text);
    assert.ok(parsed.ok && layout.ok);
    if (!parsed.ok || !layout.ok) return;
    assert.equal(parsed.project.versionAliases.length, 95_000);
    assert.deepEqual(
      parsed.project.packages.map((p) => [p.name, p.packageId]),
      [['Acme Billing', '0Ho5g0000000001AAA']],
    );
    assert.deepEqual(layout.layout, { directories: [{ path: 'force-app', packageName: 'Acme Billing' }], namespace: 'acme' });
  });
});
