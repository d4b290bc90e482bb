/**
 * The Salesforce CLI's auth store changes under a running editor: the user logs in again in a
 * terminal (a new token for the same alias) or logs in to another org. The product lives in one
 * long-running process; it must read the store as the CLI left it, not as it was the first time.
 * The logins here are made by another process, as `sf org login` is.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { openOrg } from '../../src/data/org/connect';
import { listCliOrgs } from '../../src/data/org/salesforceStack';
import { type DemoLmo } from '../../src/demo/http/server';
import { NO_RETRY, loginWithCli, startDemo } from '../support/demoOrg';

const CLI_LOGIN = join(__dirname, '..', '..', 'scripts', 'harness', 'cliLogin.js');
const COUNT = 'SELECT COUNT() FROM sfLma__License__c';

/** `sf org login access-token`, in a process of its own, on this run's (isolated) HOME; without blocking: the demo answers from this process. */
async function loginInAnotherProcess(demo: DemoLmo, alias: string): Promise<void> {
  const script = `require(${JSON.stringify(CLI_LOGIN)}).storeCliLogin(process.argv[1], process.env.LOGIN_TOKEN, process.argv[2]).catch((e) => { console.error(e.message); process.exit(1); })`;
  await promisify(execFile)(process.execPath, ['-e', script, demo.url, alias], { env: { ...process.env, LOGIN_TOKEN: demo.issueAccessToken() } });
}

describe('the CLI auth store, changed by the CLI while the product runs (real @salesforce/core)', function () {
  this.timeout(60_000);
  let demo: DemoLmo;
  let other: DemoLmo | undefined;

  before(async () => {
    demo = await startDemo({ licenses: 200, username: 'admin@relogin.demo' });
    await loginWithCli(demo, 'relogin-lmo');
  });
  after(async () => {
    await demo.close();
    await other?.close();
  });

  it('connects with the new token after the user logs in again, once the old session expired', async () => {
    const first = await openOrg({ kind: 'cli', aliasOrUsername: 'relogin-lmo' }, { retry: NO_RETRY });
    assert.equal(await first.count(COUNT), 200);
    demo.expireSession();
    await assert.rejects(first.count(COUNT), (err: Error & { kind?: string }) => err.kind === 'sessionExpired');
    await loginInAnotherProcess(demo, 'relogin-lmo');
    const again = await openOrg({ kind: 'cli', aliasOrUsername: 'relogin-lmo' }, { retry: NO_RETRY });
    assert.equal(await again.count(COUNT), 200, 'the new login, not the cached expired one');
  });

  it('lists an org logged in after the first listing, and follows an alias moved to another org', async () => {
    const before = await listCliOrgs();
    assert.ok(before.some((o) => o.aliases.includes('relogin-lmo')));
    other = await startDemo({ licenses: 300, username: 'admin@relogin-other.demo' });
    await loginInAnotherProcess(other, 'relogin-other');
    const after = await listCliOrgs();
    assert.deepEqual(
      after.filter((o) => o.aliases.includes('relogin-other')).map((o) => o.username),
      ['admin@relogin-other.demo'],
    );
    // The alias the user had now names the other org.
    await loginInAnotherProcess(other, 'relogin-lmo');
    const moved = await openOrg({ kind: 'cli', aliasOrUsername: 'relogin-lmo' }, { retry: NO_RETRY });
    assert.equal(moved.target.username, 'admin@relogin-other.demo');
    assert.equal(await moved.count(COUNT), 300);
  });
});
