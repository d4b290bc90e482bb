/**
 * `lma-workbench lmo-dashboard pin` as a partner runs it (dist/cli.js, the demo LMO by alias): nothing to
 * pin before the deploy; a preview that writes nothing; the assignment journaled before the app is
 * written, written with every other setting of the app as it was, read back, and step 5 done; a
 * second pin writes nothing; undo puts the app back as it was, once; a profile the org lacks or a
 * write the org refuses changes nothing.
 */
import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DemoLmo } from '../../src/demo/http/server';
import { buildCli, runCli } from '../support/cli';
import { TODAY, loginWithCli, startDemo } from '../support/demoOrg';

interface PinJson {
  pinned?: boolean;
  changed?: boolean;
  verified?: boolean;
  dryRun?: boolean;
  undone?: boolean;
  id?: string;
  problems?: string[];
  refused?: string;
  replaces?: unknown;
}

describe('lma-workbench lmo-dashboard pin (dist/cli.js, demo LMO by alias)', function () {
  this.timeout(180_000);
  let dir: string;
  let out: string;
  let state: string;
  let demo: DemoLmo;
  const org = ['--target-org', 'lmodash-pin', '--today', TODAY];
  const journal = () => join(state, 'lmo-dashboard-pins.jsonl');
  const pin = async (...more: string[]) => {
    const run = await runCli(['lmo-dashboard', 'pin', '--source', out, '--state-dir', state, ...org, '--json', ...more]);
    return { status: run.status, stderr: run.stderr, json: run.status === 2 ? undefined : (JSON.parse(run.stdout) as PinJson) };
  };
  const verdict = async () => {
    const run = await runCli(['lmo-dashboard', 'verify', '--source', out, ...org, '--json']);
    return (JSON.parse(run.stdout) as { verdict: string }).verdict;
  };
  /** The Sales app's metadata as the org has it (Tooling, one row). */
  const salesApp = async (): Promise<Record<string, unknown>> => {
    const q = encodeURIComponent("SELECT Id, Metadata FROM CustomApplication WHERE DeveloperName = 'LightningSales' LIMIT 1");
    const res = await fetch(`${demo.url}/services/data/v62.0/tooling/query?q=${q}`, { headers: { Authorization: `Bearer ${demo.issueAccessToken()}` } });
    assert.equal(res.status, 200);
    return ((await res.json()) as { records: { Metadata: Record<string, unknown> }[] }).records[0].Metadata;
  };

  before(async () => {
    buildCli();
    dir = mkdtempSync(join(tmpdir(), 'lma-lmodash-pin-'));
    out = join(dir, 'lmo-dashboard');
    state = join(dir, 'state');
    demo = await startDemo({ licenses: 300 });
    await loginWithCli(demo, 'lmodash-pin');
    const generate = await runCli(['lmo-dashboard', 'generate', '--out', out, '--profile', 'Executives', '--churn', 'history']);
    assert.equal(generate.status, 0, generate.stderr);
  });
  after(async () => {
    await demo.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('before the deploy: nothing to pin, said why, nothing journaled', async () => {
    const run = await pin('--yes');
    assert.equal(run.status, 1, run.stderr);
    assert.equal(run.json?.pinned, false);
    assert.match(run.json?.problems?.join(' ') ?? '', /The Home page LMA_Executive_Home is not in this org: deploy the dashboard first\./);
    assert.equal(existsSync(journal()), false);
  });

  it('without --yes: a preview of what the Home page is now and becomes; the app is not written', async () => {
    const deploy = await runCli(['lmo-dashboard', 'deploy', '--source', out, ...org, '--yes']);
    assert.equal(deploy.status, 0, deploy.stderr);
    assert.match(deploy.stdout, /To pin the Home page for "Executives" in standard__LightningSales: lma-workbench lmo-dashboard pin --source /);
    const before = await salesApp();
    const dry = await pin();
    assert.equal(dry.status, 0, dry.stderr);
    assert.equal(dry.json?.dryRun, true);
    assert.equal(dry.json?.replaces, null, 'the org default was the Home page');
    const text = await runCli(['lmo-dashboard', 'pin', '--source', out, ...org]);
    assert.match(
      text.stdout,
      /The Home page for the profile "Executives" \(Executives\) in the app "Sales" \(standard__LightningSales\): the org's default Home page → the Lightning page LMA_Executive_Home\./,
    );
    assert.deepEqual(await salesApp(), before, 'nothing written');
    assert.equal(await verdict(), 'attention');
  });

  it('with --yes: journaled before the app is written, written with the rest of the app as it was, read back; step 5 done; again: nothing to write', async () => {
    const before = await salesApp();
    let journaledFirst: boolean | undefined;
    const stop = demo.requests.listen((r) => {
      if (r.method === 'PATCH' && r.path.includes('/tooling/sobjects/CustomApplication/'))
        journaledFirst = existsSync(journal()) && readFileSync(journal(), 'utf8').includes('"phase":"writing"');
    });
    let run: Awaited<ReturnType<typeof pin>>;
    try {
      run = await pin('--yes');
    } finally {
      stop();
    }
    assert.equal(run.status, 0, run.stderr);
    assert.equal(journaledFirst, true, 'the journal entry was on disk when the write reached the org');
    assert.equal(run.json?.verified, true);
    const after = await salesApp();
    const { profileActionOverrides: added, ...rest } = after as { profileActionOverrides: Record<string, unknown>[] };
    const { profileActionOverrides: had, ...restBefore } = before as { profileActionOverrides: Record<string, unknown>[] };
    assert.deepEqual(rest, restBefore, 'every other setting of the app as it was');
    assert.deepEqual(added.slice(0, had.length), had, 'other assignments kept');
    assert.deepEqual(added.at(-1), {
      actionName: 'Tab',
      content: 'LMA_Executive_Home',
      formFactor: 'Large',
      pageOrSobjectType: 'standard-home',
      recordType: null,
      type: 'Flexipage',
      profile: 'Executives',
    });
    assert.equal(await verdict(), 'done');
    const again = await pin('--yes');
    assert.equal(again.status, 0, again.stderr);
    assert.equal(again.json?.changed, false);
    assert.deepEqual(await salesApp(), after, 'nothing written the second time');
  });

  it('--undo last: the app as it was before the pin, step 5 back to attention; a second undo writes nothing', async () => {
    const lines = readFileSync(journal(), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { phase: string });
    assert.deepEqual(
      lines.map((l) => l.phase),
      ['writing', 'written'],
    );
    const dry = await pin('--undo', 'last');
    assert.equal(dry.status, 0, dry.stderr);
    assert.equal(dry.json?.dryRun, true);
    assert.equal(await verdict(), 'done', 'a dry run writes nothing');
    const undo = await pin('--undo', 'last', '--yes');
    assert.equal(undo.status, 0, undo.stderr);
    assert.equal(undo.json?.undone, true);
    assert.equal(undo.json?.verified, true);
    const overrides = (await salesApp()).profileActionOverrides as Record<string, unknown>[];
    assert.equal(overrides.filter((o) => o.content === 'LMA_Executive_Home').length, 0);
    assert.equal(await verdict(), 'attention');
    const twice = await pin('--undo', 'last', '--yes');
    assert.equal(twice.status, 1);
    assert.equal(twice.json?.undone, false);
  });

  it('a profile the org lacks, or a write the org refuses: nothing changed', async () => {
    const other = join(dir, 'nobody');
    assert.equal((await runCli(['lmo-dashboard', 'generate', '--out', other, '--profile', 'Nobody Here'])).status, 0);
    const missing = await runCli(['lmo-dashboard', 'pin', '--source', other, '--state-dir', state, ...org, '--yes', '--json']);
    assert.equal(missing.status, 1, missing.stderr);
    assert.match((JSON.parse(missing.stdout) as PinJson).problems?.join(' ') ?? '', /No profile named "Nobody Here" in this org\./);

    const before = await salesApp();
    demo.faults.inject(
      { kind: 'apiError', status: 400, errorCode: 'FIELD_INTEGRITY_EXCEPTION', message: 'The app could not be saved.' },
      { match: '/tooling/sobjects/CustomApplication/' },
    );
    const refused = await pin('--yes');
    assert.equal(refused.status, 1, refused.stderr);
    assert.match(refused.json?.refused ?? '', /FIELD_INTEGRITY_EXCEPTION|The app could not be saved/);
    assert.deepEqual(await salesApp(), before);
    const phases = readFileSync(journal(), 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { phase: string }).phase);
    assert.deepEqual(phases.slice(-2), ['writing', 'refused'], 'the refusal is journaled: nothing to undo');
  });
});
