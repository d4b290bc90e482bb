import * as assert from 'node:assert/strict';
import { singleLine } from '../../src/core/displayText';

describe('display text', () => {
  it('keeps markup as literal text', () => {
    assert.equal(singleLine('<img src=x onerror=alert(1)>'), '<img src=x onerror=alert(1)>');
  });

  it('makes direction overrides and zero-width characters visible', () => {
    assert.equal(singleLine('Evil\u202Egnp.exe\u200B Ltd'), 'Evil<U+202E>gnp.exe<U+200B> Ltd');
  });

  it('keeps names on one line and shortens very long ones', () => {
    assert.equal(singleLine('First\nSecond\tThird'), 'First Second Third');
    const long = singleLine('x'.repeat(300), 50);
    assert.equal(long.length, 50);
    assert.ok(long.endsWith('…'));
  });
});
