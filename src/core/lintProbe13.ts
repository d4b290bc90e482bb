import { Log } from '../editor/kit/log';
export const probe = Log;
