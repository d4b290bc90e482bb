import * as assert from 'node:assert/strict';
import { type Lookup, accessFor, isLoopbackIp, provenLoopback } from '../../scripts/harness/codeServer';

const resolvesTo =
  (...addresses: string[]): Lookup =>
  async () =>
    addresses.map((address) => ({ address }));
const doesNotResolve: Lookup = async () => {
  throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
};

describe('npm start: who can reach the editor', () => {
  it('needs no password on loopback, where only this machine can reach it', async () => {
    for (const host of ['127.0.0.1', '127.0.1.1', '::1', '[::1]', '::ffff:127.0.0.1']) {
      assert.equal(isLoopbackIp(host.replace(/^\[|\]$/g, '')), true, host);
      assert.equal((await accessFor(host, doesNotResolve)).auth, 'none', host);
    }
    // A name proven loopback by resolution, bound as the address it resolved to.
    assert.deepEqual(await accessFor('localhost', resolvesTo('127.0.0.1', '::1')), { auth: 'none', bind: '127.0.0.1' });
    assert.equal((await accessFor('localhost')).auth, 'none', 'localhost through the system resolver');
  });

  it('asks for a generated password on any other address: the editor comes with a terminal', async () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.20']) {
      const access = await accessFor(host, doesNotResolve);
      assert.equal(access.auth, 'password', host);
      assert.ok(access.auth === 'password' && access.password.length >= 20, 'a long random password');
    }
    const a = await accessFor('0.0.0.0');
    const b = await accessFor('0.0.0.0');
    assert.ok(a.auth === 'password' && b.auth === 'password' && a.password !== b.password, 'a new password each start');
  });

  it('does not take a name that starts with "127." for loopback: only its resolution can prove it', async () => {
    assert.equal((await accessFor('127.evil.example', resolvesTo('203.0.113.7'))).auth, 'password');
    assert.equal((await accessFor('127.evil.example', doesNotResolve)).auth, 'password', 'a name that does not resolve proves nothing');
    assert.equal((await accessFor('127.0.0.1.nip.example', resolvesTo('127.0.0.1', '198.51.100.2'))).auth, 'password', 'every address must be loopback');
    assert.equal((await accessFor('my-laptop.example', resolvesTo())).auth, 'password');
    assert.deepEqual(await provenLoopback('lo.example', resolvesTo('127.0.0.53')), { loopback: true, bind: '127.0.0.53' });
  });
});
