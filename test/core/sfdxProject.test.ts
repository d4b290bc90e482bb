import * as assert from 'node:assert/strict';
import { parseSfdxProject } from '../../src/core/sfdxProject';

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
});
