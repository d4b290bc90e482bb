/**
 * The command line's entry, main(argv, out), and how it speaks: the overview and help, unknown commands and
 * options, the documented exit codes (README, "Exit codes") and the terminal's words for the data layer's errors.
 * Run in process (no org needed), so the mutation tests' cli scope sees this code run (docs/mutation.md).
 */
import * as assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { main } from '../../src/cli/main';
import { EXIT, Output, exitCodeOf, forTerminal } from '../../src/cli/output';
import { LmoError, type LmoErrorKind } from '../../src/data/org/errors';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

async function cli(...argv: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const stdout = new Capture();
  const stderr = new Capture();
  const status = await main(argv, new Output(argv.includes('--json'), stdout, stderr));
  return { status, stdout: stdout.text, stderr: stderr.text };
}

const COMMANDS = ['checklist', 'packages', 'changes', 'features', 'licenses', 'dashboard', 'lmo-dashboard', 'rules', 'usage'];

describe('lma-workbench entry: help, usage errors and exit codes (in process)', function () {
  this.timeout(30_000);

  it('without a command prints the overview of every command with the exit codes, and exits 2', async () => {
    const run = await cli();
    assert.equal(run.status, EXIT.usage);
    assert.match(run.stdout, /^Usage: lma-workbench <command> \[options\]\n\nCommands:\n/);
    // One line per command, names padded to one column.
    const lines = run.stdout.split('\n').filter((l) => /^ {2}[\w-]+ +\S/.test(l) && COMMANDS.includes(l.trim().split(/\s+/)[0]));
    assert.deepEqual(
      lines.map((l) => l.trim().split(/\s+/)[0]),
      COMMANDS,
    );
    const columns = new Set(lines.map((l) => l.search(/(?<=^ {2}[\w-]+ +)\S/)));
    assert.equal(columns.size, 1, `summaries in one column:\n${lines.join('\n')}`);
    assert.equal([...columns][0], 2 + Math.max(...COMMANDS.map((c) => c.length)) + 2);
    assert.match(run.stdout, /Run "lma-workbench help <command>" for a command's options\./);
    assert.match(run.stdout, /Org options:\n {2}-o, --target-org/);
    assert.match(
      run.stdout,
      /Exit codes: 0 ok · 1 findings · 2 usage · 3 login · 4 LMA missing or no access · 5 API limit · 6 org unreachable · 7 other · 130 interrupted/,
    );
    assert.equal(run.stderr, '');
  });

  it('help, --help and -h print the overview and exit 0; help <command> prints that command’s options', async () => {
    for (const ask of [['help'], ['--help'], ['-h']]) {
      const run = await cli(...ask);
      assert.equal(run.status, EXIT.ok, ask.join(' '));
      assert.match(run.stdout, /^Usage: lma-workbench <command>/, ask.join(' '));
    }
    const topic = await cli('help', 'checklist');
    assert.equal(topic.status, EXIT.ok);
    assert.doesNotMatch(topic.stdout, /^Usage: lma-workbench <command>/);
    assert.match(topic.stdout, /checklist/);
    assert.match(topic.stdout, /\n\nOrg options:\n/);
    // The old name of the dashboard command still finds its help; an unknown topic gets the overview.
    const alias = await cli('help', 'report');
    assert.equal(alias.stdout, (await cli('help', 'dashboard')).stdout);
    const unknown = await cli('help', 'nonsense');
    assert.equal(unknown.status, EXIT.ok);
    assert.match(unknown.stdout, /^Usage: lma-workbench <command>/);
  });

  it('<command> --help prints the same options as help <command> and exits 0, without touching an org', async () => {
    for (const name of COMMANDS) {
      const run = await cli(name, '--help');
      assert.equal(run.status, EXIT.ok, name);
      assert.equal(run.stdout, (await cli('help', name)).stdout, name);
    }
  });

  it('refuses an unknown command with exit 2, naming every command; with --json as a JSON error', async () => {
    const run = await cli('dashbord');
    assert.equal(run.status, EXIT.usage);
    assert.equal(run.stdout, '');
    assert.equal(run.stderr, `lma-workbench: Unknown command "dashbord". Commands: ${COMMANDS.join(', ')}.\n`);
    const json = await cli('dashbord', '--json');
    assert.equal(json.status, EXIT.usage);
    assert.equal(json.stderr, '');
    assert.deepEqual(JSON.parse(json.stdout), {
      error: { kind: 'usage', message: `Unknown command "dashbord". Commands: ${COMMANDS.join(', ')}.`, exitCode: EXIT.usage },
    });
  });

  it('refuses an unknown option or a timeout out of range with exit 2 before connecting', async () => {
    const option = await cli('checklist', '--target-orgg', 'x');
    assert.equal(option.status, EXIT.usage);
    assert.match(option.stderr, /^lma-workbench: .*--target-orgg/);
    const timeout = await cli('checklist', '--demo', '--timeout', '4', '--json');
    assert.equal(timeout.status, EXIT.usage);
    assert.match((JSON.parse(timeout.stdout) as { error: { message: string } }).error.message, /--timeout must be a whole number from 5 to 600\./);
  });

  it('maps each kind of error to its documented exit code', () => {
    const expected: Record<LmoErrorKind, number> = {
      usage: 2,
      sessionExpired: 3,
      lmaMissing: 4,
      permission: 4,
      apiLimit: 5,
      network: 6,
      timeout: 6,
      serverError: 6,
      badResponse: 6,
      queryTimeout: 6,
      cancelled: 130,
      aggregateTooLarge: 7,
      invalidQuery: 7,
      notFound: 7,
      notConnected: 7,
      targetChanged: 7,
      unknown: 7,
    };
    for (const [kind, code] of Object.entries(expected)) assert.equal(exitCodeOf(new LmoError(kind as LmoErrorKind, 'm', 'd')), code, kind);
    assert.equal(exitCodeOf(new Error('a bug')), EXIT.failed);
    assert.equal(exitCodeOf('a string'), EXIT.failed);
  });

  it('gives the terminal its own words where the data layer points at the editor', () => {
    const invalid = new LmoError(
      'invalidQuery',
      'The org rejected a query from LMA Workbench (MALFORMED_QUERY). Please report this; the details are in the LMA Workbench log.',
      'unexpected token: FROM',
    );
    assert.equal(
      forTerminal(invalid),
      'The org rejected a query from LMA Workbench (MALFORMED_QUERY). Please report this, with these details: unexpected token: FROM',
    );
    const timeout = new LmoError(
      'timeout',
      'The org did not answer within 120 s. The org may be slow or unreachable; try again, or raise the timeout (setting lmaWorkbench.requestTimeoutSeconds, or --timeout on the command line).',
      'd',
    );
    assert.equal(
      forTerminal(timeout),
      'The org did not answer within 120 s. The org may be slow or unreachable; try again, or raise the timeout with --timeout <seconds> (up to 600).',
    );
    // Other kinds keep their message; a plain error its message; anything else its text.
    assert.equal(forTerminal(new LmoError('network', 'The org could not be reached.', 'ECONNREFUSED')), 'The org could not be reached.');
    assert.equal(forTerminal(new Error('plain')), 'plain');
    assert.equal(forTerminal(42), '42');
  });

  it('keeps stdout clean: text only without --json, the result only with it, notes and errors on stderr, escapes removed', () => {
    const text = { out: new Capture(), err: new Capture() };
    const plain = new Output(false, text.out, text.err);
    plain.text('one');
    plain.text('two\n');
    plain.data({ ignored: true });
    plain.note('a note \u001b[31mred\u001b[0m');
    plain.error(new LmoError('apiLimit', 'The daily API limit is used up.', 'd'), EXIT.apiLimit);
    assert.equal(text.out.text, 'one\ntwo\n');
    assert.ok(!text.err.text.includes('\u001b'), 'no escape sequence');
    assert.match(text.err.text, /^a note .*red.*\nlma-workbench: The daily API limit is used up\.\n$/);
    const json = { out: new Capture(), err: new Capture() };
    const machine = new Output(true, json.out, json.err);
    machine.text('ignored');
    machine.data({ org: 'x', count: 2 });
    assert.deepEqual(JSON.parse(json.out.text), { org: 'x', count: 2 });
    assert.equal(json.out.text, '{\n  "org": "x",\n  "count": 2\n}\n');
    machine.error(new Error('boom'), EXIT.failed);
    assert.deepEqual(JSON.parse(json.out.text.slice(json.out.text.indexOf('}\n') + 2)), { error: { kind: 'unknown', message: 'boom', exitCode: 7 } });
    assert.equal(json.err.text, '');
  });
});
