import { activateLinking } from '../linking/linkingFeature';
export const probe = activateLinking;
