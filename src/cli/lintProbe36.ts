import { startDemoWorker } from '../demo/workerClient';
export const probe = startDemoWorker;
