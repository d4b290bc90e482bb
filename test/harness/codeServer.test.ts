import * as assert from 'node:assert/strict';
import { accessFor, isLoopbackAddress } from '../../scripts/harness/codeServer';

describe('npm start: who can reach the editor', () => {
  it('needs no password on loopback, where only this machine can reach it', () => {
    for (const host of ['127.0.0.1', '127.0.1.1', 'localhost', '::1', '[::1]']) {
      assert.equal(isLoopbackAddress(host), true, host);
      assert.deepEqual(accessFor(host), { auth: 'none' });
    }
  });

  it('asks for a generated password on any other address: the editor comes with a terminal', () => {
    for (const host of ['0.0.0.0', '::', '192.168.1.20', 'my-laptop.example']) {
      const access = accessFor(host);
      assert.equal(access.auth, 'password', host);
      assert.ok(access.auth === 'password' && access.password.length >= 20, 'a long random password');
    }
    const a = accessFor('0.0.0.0');
    const b = accessFor('0.0.0.0');
    assert.ok(a.auth === 'password' && b.auth === 'password' && a.password !== b.password, 'a new password each start');
  });
});
