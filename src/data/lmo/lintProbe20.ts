import { h } from '../../webview/shared/dom';
export const probe = h;
