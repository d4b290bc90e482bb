/** Suggested commands quote every argument for the user's shell (docs/salesforce/write-safety.md). */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { shellFor, shellQuote, terminalShell } from '../../src/core/shellQuote';

describe('quoting for the shell', () => {
  it('leaves plain names alone', () => {
    for (const plain of ['my-lmo', 'admin@acme.com', 'https://acme.my.salesforce.com', 'lmo_2.prod'])
      for (const shell of ['posix', 'powershell'] as const) assert.equal(shellQuote(plain, shell), plain);
  });

  it('on Linux and macOS: POSIX single quotes, and what the shell runs is the alias itself', () => {
    for (const alias of ["x'; touch pwned; echo '", '$(id)', '`id`', 'a b', '@splat', 'café', '-x', "it's"]) {
      const quoted = shellQuote(alias, 'posix');
      assert.equal(execFileSync('/bin/sh', ['-c', `printf %s ${quoted}`], { encoding: 'utf8' }), alias);
    }
  });

  it('on Windows: PowerShell single quotes, the straight and curly single quotes doubled', () => {
    assert.equal(shellQuote("x'; calc; '", 'powershell'), "'x''; calc; '''");
    assert.equal(shellQuote('a\u2019b $env:PATH', 'powershell'), "'a\u2019\u2019b $env:PATH'");
    assert.equal(shellQuote('@splat', 'powershell'), "'@splat'");
    assert.equal(shellFor('win32'), 'powershell');
    assert.equal(shellFor('darwin'), 'posix');
  });
});

describe('the shell of a terminal, from its path', () => {
  it('reads PowerShell and POSIX-like shells, and refuses cmd.exe and shells it does not know', () => {
    assert.equal(terminalShell('C:\\Program Files\\PowerShell\\7\\pwsh.exe'), 'powershell');
    assert.equal(terminalShell('C:\\WINDOWS\\System32\\WindowsPowerShell\\v1.0\\powershell.exe'), 'powershell');
    assert.equal(terminalShell('/bin/bash'), 'posix');
    assert.equal(terminalShell('/usr/local/bin/fish'), 'posix');
    assert.equal(terminalShell('/bin/zsh'), 'posix');
    assert.equal(terminalShell('C:\\WINDOWS\\System32\\cmd.exe'), undefined);
    assert.equal(terminalShell('/usr/bin/nu'), undefined);
    assert.equal(terminalShell(''), undefined);
    assert.equal(terminalShell(undefined), undefined);
  });
});
