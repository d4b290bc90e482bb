// Builds the extension's bundles into dist/.
//   extension.js       the extension host entry: small, loaded at activation
//   salesforceStack.js @salesforce/core + jsforce, loaded the first time an org is needed
//   demoLmo.js         the embedded demo LMO, loaded when the user explores it
//   demoWorker.js      the demo LMO in a worker thread (the editor runs it there so generating never blocks)
//   demoLmoCli.js      the demo LMO as a standalone server (node dist/demoLmoCli.js)
//   cli.js             lma-workbench, the headless twin of every feature
//   webview/<name>.js  one browser bundle per webview panel (WEBVIEWS), with <name>.css
// Flags: --watch, --production (minify, no source maps).
import * as esbuild from 'esbuild';
import { resolve } from 'node:path';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** The webview panels: src/webview/<name>/main.ts and media/<name>.css each. */
const WEBVIEWS = ['dashboard', 'checklist', 'licenseChanges'];

/** Source modules the extension loads lazily, and the sibling bundle each becomes. */
const LAZY = {
  [resolve('src/data/org/salesforceStack.ts')]: './salesforceStack.js',
  [resolve('src/demo/index.ts')]: './demoLmo.js',
};

// Keeps lazy modules out of extension.js: `import('./salesforceStack')` stays a runtime require of the sibling bundle.
const lazySiblings = {
  name: 'lazy-siblings',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, async (args) => {
      if (args.pluginData === 'lazy-siblings') return undefined;
      const result = await build.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, pluginData: 'lazy-siblings' });
      const sibling = LAZY[result.path];
      return sibling ? { path: sibling, external: true } : undefined;
    });
  },
};

const node = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'info',
  external: ['vscode'],
  // @salesforce/core's file logger starts pino in a worker thread that a bundle cannot carry.
  define: { 'process.env.SF_DISABLE_LOG_FILE': '"true"' },
};

const builds = [
  // jsonc-parser's "main" is a UMD build with requires esbuild cannot follow; its "module" build bundles cleanly.
  { ...node, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist', plugins: [lazySiblings], mainFields: ['module', 'main'] },
  { ...node, entryPoints: { salesforceStack: 'src/data/org/salesforceStack.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { demoLmo: 'src/demo/index.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { demoWorker: 'src/demo/worker.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { demoLmoCli: 'src/demo/cli.ts' }, outdir: 'dist' },
  // The headless twin: every feature from the command line.
  {
    ...node,
    entryPoints: { cli: 'src/cli/main.ts' },
    outdir: 'dist',
    mainFields: ['module', 'main'],
    plugins: [lazySiblings],
    banner: { js: '#!/usr/bin/env node' },
  },
  // The webview front-ends: a browser bundle per panel…
  {
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: production,
    sourcemap: production ? false : 'linked',
    logLevel: 'info',
    entryPoints: Object.fromEntries(WEBVIEWS.map((w) => [w, `src/webview/${w}/main.ts`])),
    outdir: 'dist/webview',
  },
  // …their stylesheets, and the codicon font their buttons use.
  {
    bundle: true,
    minify: production,
    logLevel: 'info',
    entryPoints: { ...Object.fromEntries(WEBVIEWS.map((w) => [w, `media/${w}.css`])), codicon: 'node_modules/@vscode/codicons/dist/codicon.css' },
    outdir: 'dist/webview',
    loader: { '.ttf': 'copy' },
    assetNames: '[name]',
  },
];

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
