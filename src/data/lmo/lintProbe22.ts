import { Random } from '../../demo/random';
export const probe = Random;
