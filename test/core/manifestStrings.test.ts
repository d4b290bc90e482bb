/** The manifest's user-facing strings come from package.nls.json: none missing, none left over. */
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');
const manifest = readFileSync(join(ROOT, 'package.json'), 'utf8');
const strings = JSON.parse(readFileSync(join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, unknown>;

/** Every `%key%` a string value of package.json is made of. */
function placeholders(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    const m = /^%([^%\s]+)%$/.exec(value);
    if (m) out.add(m[1]);
  } else if (Array.isArray(value)) for (const v of value) placeholders(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) placeholders(v, out);
  return out;
}

describe('package.nls.json', () => {
  const used = placeholders(JSON.parse(manifest));

  it('has a non-empty string for every %key% in package.json, and no key package.json does not use', () => {
    assert.ok(used.size > 20, `${used.size} placeholders: the manifest is localised`);
    const missing = [...used].filter((k) => typeof strings[k] !== 'string' || !(strings[k] as string).trim());
    assert.deepEqual(missing, [], 'placeholders with no string: the editor would show the raw %key%');
    const unused = Object.keys(strings).filter((k) => !used.has(k));
    assert.deepEqual(unused, [], 'strings nothing shows');
  });

  it('leaves no user-facing manifest text untranslatable: titles, descriptions and names are placeholders', () => {
    const contributes = (JSON.parse(manifest) as { contributes: Record<string, unknown> }).contributes;
    const literal: string[] = [];
    const walk = (value: unknown, path: string) => {
      if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`));
      else if (value && typeof value === 'object')
        for (const [k, v] of Object.entries(value)) {
          if (
            ['title', 'description', 'markdownDescription', 'name', 'label', 'contextualTitle', 'category'].includes(k) &&
            typeof v === 'string' &&
            !/^%[^%]+%$/.test(v)
          )
            literal.push(`${path}.${k}: ${v}`);
          else walk(v, `${path}.${k}`);
        }
    };
    walk(contributes, 'contributes');
    assert.deepEqual(literal, []);
  });
});
