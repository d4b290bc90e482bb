import * as assert from 'node:assert/strict';
import { isSameOrg, looksLikeOrgId, orgKey, toId18 } from '../../src/core/orgId';

describe('org ids', () => {
  it('computes the 18-character form with the case checksum', () => {
    // Worked by hand: each 5-character block's upper-case positions form a bit mask,
    // mapped onto A-Z0-5. "001A0" -> 0b01000 = I, "00000" -> A, "ISnXI" -> 0b11011 = 1.
    assert.equal(toId18('001A000000ISnXI'), '001A000000ISnXIIA1');
    assert.equal(toId18('00D000000000062'), '00D000000000062EAA');
    // Z is upper-case too (the last letter, easy to miss): "00DZZ" -> 0b11100 = 28 -> "2",
    // "ZZZ00" -> 0b00111 = H, "00000" -> A. A and Z at both ends of every block:
    assert.equal(toId18('00DZZZZZ0000000'), '00DZZZZZ00000002HA');
    assert.equal(toId18('ZAAAZZaaazAzAzA'), 'ZAAAZZaaazAzAzA5BV');
    // Lower-case letters and digits set no bit.
    assert.equal(toId18('00dzz000aa00000'), '00dzz000aa00000AAA');
    assert.equal(toId18('00DZZZZZ00000002HA'), '00DZZZZZ00000002HA', 'an 18-character id is kept');
    assert.throws(() => toId18('00D12'), /15 or 18 characters/);
  });

  it('compares orgs on the first 15 characters', () => {
    assert.equal(isSameOrg('00D5g000004ABCD', '00D5g000004ABCDEAK'), true);
    assert.equal(isSameOrg('00D5g000004ABCD', '00D5g000004abcd'), false);
    assert.equal(isSameOrg(undefined, '00D5g000004ABCD'), false);
    assert.equal(orgKey(' 00D5g000004ABCDEAK '), '00D5g000004ABCD');
  });

  it('recognises org ids typed by a user', () => {
    assert.equal(looksLikeOrgId('00D5g000004ABCD'), true);
    assert.equal(looksLikeOrgId('00D5g000004ABCDEAK'), true);
    assert.equal(looksLikeOrgId('001A000000ISnXI'), false);
    assert.equal(looksLikeOrgId('Acme'), false);
  });
});
