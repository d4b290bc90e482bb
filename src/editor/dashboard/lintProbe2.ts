import { windowPrompts } from '../kit/prompts';
export const probe = windowPrompts;
