/** A demo LMO in a process of its own (dist/demoLmoCli.js), as the benchmarks run it, and its control route. */
import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

export interface DemoProcess {
  url: string;
  accessToken: string;
  controlToken: string;
  orgId: string;
  child: ChildProcess;
}

/** Starts it with these options (`--json` is added) and resolves once it prints where it listens. */
export async function startDemoProcess(args: string[]): Promise<DemoProcess> {
  const child = spawn(process.execPath, ['--max-old-space-size=8192', join(ROOT, 'dist', 'demoLmoCli.js'), ...args, '--json'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await new Promise<string>((done, fail) => {
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      if (buffer.includes('\n')) done(buffer.slice(0, buffer.indexOf('\n')));
    });
    child.once('exit', (code) => fail(new Error(`demo LMO exited with ${code}`)));
  });
  return { ...(JSON.parse(line) as Omit<DemoProcess, 'child'>), child };
}

/** One action on its control route (reset, setLatency, state, …). */
export async function demoControl<T = { apiCalls: number }>(demo: DemoProcess, body: object): Promise<T> {
  const res = await fetch(`${demo.url}/__demo/control`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${demo.controlToken}` },
    body: JSON.stringify(body),
  });
  return (await res.json()) as T;
}
