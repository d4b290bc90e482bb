/**
 * The demo LMO in a worker thread, so generating a large demo never freezes the editor. The
 * parent gets its URL, then sends control requests over the message port.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { DemoLmo, type DemoLmoOptions } from './http/server';
import { control } from './http/controlRoutes';

async function run(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('The demo worker must run in a worker thread');
  const demo = await DemoLmo.start(workerData as DemoLmoOptions);
  port.on('message', (message: { id: number; request: Record<string, unknown> }) => {
    try {
      port.postMessage({ type: 'reply', id: message.id, ok: true, result: control(demo, message.request) });
    } catch (err) {
      port.postMessage({ type: 'reply', id: message.id, ok: false, error: (err as Error).message });
    }
  });
  port.postMessage({ type: 'ready', url: demo.url, username: demo.username, orgId: demo.orgId });
}

void run();
