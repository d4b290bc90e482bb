// Lint rules that keep the house in order, enforced rather than remembered (test/harness/lint.test.ts
// proves each one catches a deliberate violation):
//  - the domain core, the data layer, storage, the demo, the CLI and the webview never import `vscode`;
//  - each room imports only the rooms below it: core imports nothing of the product; data imports
//    core only; storage imports core only; the editor and the CLI import core, data and storage (the
//    CLI never the editor); the webview imports the core's types only, plus its own protocol and
//    shared code; the demo is a room apart (it shares only the core's pure helpers);
//  - the lazy bundles (the data layer's Salesforce stack, the demo) are imported as types only outside
//    their loaders (data/org/connect.ts and cli/session.ts; demo/workerClient.ts for the demo);
//  - no floating promises.
import { readdirSync } from 'node:fs';
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

const room = (name) => ({ group: [`**/${name}`, `**/${name}/**`] });
const noVscode = { paths: [{ name: 'vscode', message: 'Only src/editor and src/extension.ts may use the VS Code API.' }] };
const salesforceStackTypesOnly = {
  group: ['**/salesforceStack', '**/salesforceStack.js'],
  allowTypeImports: true,
  message: 'The Salesforce stack loads lazily: import its types, load its values through salesforceStack() in data/org/connect.ts.',
};
const lazy = [
  salesforceStackTypesOnly,
  {
    // workerClient.ts is the demo's small front door (it starts the worker; it imports only the demo's types).
    regex: '(^|/)demo(/(?!workerClient$).*)?$',
    allowTypeImports: true,
    message: 'The demo is its own bundle: import its types only, and start it in a worker through demo/workerClient.ts.',
  },
];
// The editor's rooms: one folder per capability, and the two every capability builds on.
const EDITOR_BASE = ['kit', 'connections'];
const EDITOR_CAPABILITIES = readdirSync(new URL('./src/editor/', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const only = (message, ...rooms) => ({ patterns: rooms.map((r) => ({ ...room(r), message })) });
const dataRooms = only(
  'The data layer imports the core only: it sits under the editor and the CLI, beside storage.',
  'editor',
  'cli',
  'webview',
  'storage',
  'demo',
);
const webviewRooms = only(
  "The webview is a browser bundle: only the core's types, its protocol and its shared code.",
  'data',
  'editor',
  'cli',
  'demo',
  'storage',
);
const coreTypesOnly = {
  ...room('core'),
  allowTypeImports: true,
  message: "The webview is a browser bundle: import the core's types only; values it needs come through its protocol.",
};

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.stryker-tmp/**', 'reports/**', 'test-results/**', 'samples/**', 'test/extension-host/runner/**'] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ['**/*.mjs'], languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } } },
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      '@typescript-eslint/no-require-imports': 'error',
      eqeqeq: ['error', 'smart'],
      'no-restricted-imports': 'off',
    },
  },
  {
    files: ['src/webview/**/*.ts'],
    languageOptions: { parserOptions: { projectService: false, project: ['./tsconfig.webview.json'], tsconfigRootDir: import.meta.dirname } },
  },
  // The rooms.
  {
    files: ['src/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { ...noVscode, ...only('The domain core depends on nothing of the product.', 'data', 'editor', 'cli', 'demo', 'webview', 'storage') },
      ],
    },
  },
  {
    files: ['src/data/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          ...noVscode,
          patterns: [...dataRooms.patterns, salesforceStackTypesOnly],
        },
      ],
    },
  },
  {
    files: ['src/demo/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          ...noVscode,
          ...only('The demo LMO is a room apart: it speaks HTTP, it does not use the product.', 'data', 'editor', 'cli', 'webview', 'storage'),
        },
      ],
    },
  },
  {
    files: ['src/storage/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          ...noVscode,
          ...only('Storage is Node only, under the editor and the command line: files on disk, nothing of an org.', 'data', 'editor', 'cli', 'demo', 'webview'),
        },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { ...noVscode, patterns: [...only('The command line does not use the editor.', 'editor', 'webview').patterns, ...lazy] },
      ],
    },
  },
  {
    files: ['src/webview/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          ...noVscode,
          patterns: [...webviewRooms.patterns, coreTypesOnly],
        },
      ],
    },
  },
  {
    files: ['src/editor/**/*.ts', 'src/extension.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [...only('The editor does not use the command line.', 'cli').patterns, ...lazy] }],
    },
  },
  // The editor's capability rooms (src/editor/<capability>/): each uses its own folder, editor/kit (what every capability
  // uses) and editor/connections (the org connections every capability reads through); another capability only through
  // `import type` — src/extension.ts and src/editor/testApi.ts wire the capabilities together. kit and connections use no
  // capability's values.
  ...EDITOR_CAPABILITIES.map((capability) => ({
    files: [`src/editor/${capability}/**/*.ts`],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            ...only('The editor does not use the command line.', 'cli').patterns,
            ...lazy,
            ...EDITOR_CAPABILITIES.filter((other) => other !== capability && !EDITOR_BASE.includes(other)).map((other) => ({
              group: [`../${other}/*`, `../../editor/${other}/*`],
              allowTypeImports: true,
              message: EDITOR_BASE.includes(capability)
                ? `editor/${capability} is what every capability builds on: it imports no capability's values (editor/${other}).`
                : `One editor capability does not use another's values (editor/${other}): import its types, and let src/extension.ts wire them.`,
            })),
          ],
        },
      ],
    },
  })),
  // Files small enough to read in one sitting: no file over 400 lines (CONTRIBUTING.md); split by responsibility.
  {
    files: ['src/**/*.ts', 'test/**/*.ts', 'scripts/**/*.ts', 'scripts/**/*.mjs', 'bench/**/*.ts'],
    rules: { 'max-lines': ['error', { max: 400, skipBlankLines: false, skipComments: false }] },
  },
  // The loaders are the one place each lazy bundle's values are reached.
  { files: ['src/data/org/connect.ts', 'src/cli/session.ts'], rules: { '@typescript-eslint/no-require-imports': 'off' } },
  {
    // The loader of the Salesforce stack: the data layer's rule without the lazy one.
    files: ['src/data/org/connect.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { ...noVscode, ...dataRooms }],
    },
  },
  // Tests: the tiers that run outside an editor must not need one.
  {
    files: ['test/core/**/*.ts', 'test/data/**/*.ts', 'test/demo/**/*.ts', 'test/cli/**/*.ts', 'test/storage/**/*.ts', 'test/support/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', noVscode] },
  },
  prettier,
);
