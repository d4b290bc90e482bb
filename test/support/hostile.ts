/** The hostile customer names every tier meets (the demo seeds its first orgs with them). */
export { HOSTILE_NAMES } from '../../src/demo/catalog';
