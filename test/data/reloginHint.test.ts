/** The login hint quotes the alias for the user's shell: it may come from a project's .sf/config.json (docs/salesforce/write-safety.md). */
import * as assert from 'node:assert/strict';
import { shellCommand } from '../../src/core/shellQuote';
import { cliReloginHint } from '../../src/data/org/orgTarget';

describe('the login hint', () => {
  it('the login hint quotes an alias read from a project file', () => {
    assert.equal(cliReloginHint('evil; rm -rf ~', 'u', undefined, 'linux'), "sf org login web --alias 'evil; rm -rf ~'");
    assert.equal(cliReloginHint('evil; calc', 'u', undefined, 'win32'), "sf org login web --alias 'evil; calc'");
    assert.equal(
      cliReloginHint('acme-lmo', 'u', 'https://acme.my.salesforce.com', 'linux'),
      'sf org login web --alias acme-lmo --instance-url https://acme.my.salesforce.com',
    );
    assert.equal(shellCommand(['sf', 'org', 'login', 'web', '--alias', '$(id)'], 'posix'), "sf org login web --alias '$(id)'");
  });
});
