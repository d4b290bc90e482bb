// Builds the extension's bundles into dist/.
//   extension.js       the extension host entry: small, loaded at activation
//   salesforceStack.js @salesforce/core + jsforce, loaded the first time an org is needed
//   demoLmo.js         the embedded demo LMO, loaded when the user explores it
//   demoLmoCli.js      the demo LMO as a standalone server (node dist/demoLmoCli.js)
// Flags: --watch, --production (minify, no source maps).
import * as esbuild from 'esbuild';
import { resolve } from 'node:path';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** Source modules the extension loads lazily, and the sibling bundle each becomes. */
const LAZY = {
  [resolve('src/data/salesforceStack.ts')]: './salesforceStack.js',
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
  target: 'node20',
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
  { ...node, entryPoints: { salesforceStack: 'src/data/salesforceStack.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { demoLmo: 'src/demo/index.ts' }, outdir: 'dist' },
  { ...node, entryPoints: { demoLmoCli: 'src/demo/cli.ts' }, outdir: 'dist' },
  // The headless report: the dashboard's metrics from the command line.
  { ...node, entryPoints: { cli: 'src/cli/report.ts' }, outdir: 'dist', mainFields: ['module', 'main'], plugins: [lazySiblings], banner: { js: '#!/usr/bin/env node' } },
  // The webview front-end: its own browser bundle…
  { bundle: true, platform: 'browser', format: 'iife', target: 'es2022', minify: production, sourcemap: production ? false : 'linked', logLevel: 'info', entryPoints: { dashboard: 'src/webview/dashboard/main.ts' }, outdir: 'dist/webview' },
  // …its stylesheet, and the codicon font its buttons use.
  { bundle: true, minify: production, logLevel: 'info', entryPoints: { dashboard: 'media/dashboard.css', codicon: 'node_modules/@vscode/codicons/dist/codicon.css' }, outdir: 'dist/webview', loader: { '.ttf': 'copy' }, assetNames: '[name]' },
];

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
