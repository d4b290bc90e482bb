/**
 * The three orgs the `packages` commands meet, as demo LMOs logged in to the (isolated) Salesforce
 * CLI: a Partner Business Org that is its own Dev Hub (`<prefix>-pbo`), a Dev Hub apart
 * (`<prefix>-hub`), and an LMO whose packages that Dev Hub owns (`<prefix>-lmo`); and a temporary
 * folder. Registers the suite's before and after hooks; the getter gives them once before ran.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DemoLmo } from '../../src/demo';
import { DEMO_DEV_HUB_ORG_ID } from '../../src/demo/generator';
import { loginWithCli, startDemo } from './demoOrg';

export interface ThreeOrgs {
  readonly pbo: DemoLmo;
  readonly hub: DemoLmo;
  readonly lmo: DemoLmo;
  /** Each login's session number (to count the calls a command made through it). */
  readonly sessions: { readonly pbo: number; readonly hub: number; readonly lmo: number };
  readonly dir: string;
}

export function useThreeOrgs(prefix: string, licenses: { pbo: number; hub: number; lmo: number } = { pbo: 1000, hub: 500, lmo: 500 }): () => ThreeOrgs {
  let orgs: ThreeOrgs | undefined;
  before(async () => {
    const [pbo, hub, lmo] = await Promise.all([
      startDemo({ licenses: licenses.pbo, username: `admin@${prefix}-pbo.demo` }),
      startDemo({ licenses: licenses.hub, profile: 'devHub', username: `admin@${prefix}-hub.demo` }),
      startDemo({ licenses: licenses.lmo, devHubOrgId: DEMO_DEV_HUB_ORG_ID, username: `admin@${prefix}-lmo.demo` }),
    ]);
    const [p, h, l] = await Promise.all([loginWithCli(pbo, `${prefix}-pbo`), loginWithCli(hub, `${prefix}-hub`), loginWithCli(lmo, `${prefix}-lmo`)]);
    orgs = { pbo, hub, lmo, sessions: { pbo: p, hub: h, lmo: l }, dir: mkdtempSync(join(tmpdir(), `lma-${prefix}-`)) };
  });
  after(async () => {
    if (!orgs) return;
    await Promise.all([orgs.pbo.close(), orgs.hub.close(), orgs.lmo.close()]);
    rmSync(orgs.dir, { recursive: true, force: true });
  });
  return () => orgs ?? assert.fail('the three orgs start in before()');
}
