// Lint: typescript-eslint, React hooks, the Office add-in rules, and the layer boundaries of
// DESIGN.md ("imports point down only"), enforced with no-restricted-imports. The office-addins rules only recognise a
// request context named `context`, so the adapter names it so (src/excel), and they check it.
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import officeAddins from 'eslint-plugin-office-addins';
import globals from 'globals';

const platform = (message) => [
  { group: ['react', 'react/*', 'react-dom', 'react-dom/*', '@fluentui/*'], message },
  { group: ['dexie', 'dexie-*', 'fake-indexeddb', 'fake-indexeddb/*'], message },
  { group: ['@ericblade/quagga2', 'quagga2'], message },
  { group: ['@microsoft/office-js', 'office-addin-*'], message },
];
const layer = (dirs, message) => dirs.map((d) => ({ group: [`**/${d}/*`, `**/${d}`], message }));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'test-results/**', 'bench/results/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'office-addins': officeAddins, 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      'office-addins/call-sync-after-load': 'error',
      'office-addins/call-sync-before-read': 'error',
      'office-addins/load-object-before-read': 'error',
      'office-addins/no-context-sync-in-loop': 'error',
      'office-addins/no-empty-load': 'error',
      'office-addins/no-navigational-load': 'error',
      'office-addins/no-office-initialize': 'error',
      'office-addins/test-for-null-using-isNullObject': 'error',
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        ...platform('src/domain is pure TypeScript: no React, Office.js, Dexie or quagga2 (DESIGN.md).'),
        ...layer(['app', 'excel', 'cache', 'scanner', 'taskpane', 'commands', 'functions', 'ribbon', 'office-fake', 'playground'], 'src/domain imports nothing above it.'),
      ] }],
      'no-restricted-globals': ['error', { name: 'Excel', message: 'Only src/excel touches Office.js.' }, { name: 'Office', message: 'Only src/excel touches Office.js.' }, { name: 'indexedDB', message: 'Only src/cache touches IndexedDB.' }],
    },
  },
  {
    files: ['src/app/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        ...platform('src/app orchestrates ports; adapters are injected.'),
        ...layer(['excel', 'cache', 'scanner', 'taskpane', 'commands', 'functions', 'ribbon', 'office-fake', 'playground'], 'src/app owns the ports; adapters are injected, never imported.'),
      ] }],
      'no-restricted-globals': ['error', { name: 'Excel', message: 'Only src/excel touches Office.js.' }, { name: 'Office', message: 'Only src/excel touches Office.js.' }],
    },
  },
  {
    // Use-case tests run the real adapter over the Office.js fake (DESIGN.md): the composition is the test's job.
    files: ['src/app/**/*.test.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The one adapter that talks to Excel: it implements the app's ports and knows nothing of the panes, the cache
    // or the scanner.
    files: ['src/excel/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['react', 'react/*', 'react-dom', '@fluentui/*', 'dexie', 'dexie-*', '@ericblade/quagga2'], message: 'src/excel is the workbook adapter only.' },
        ...layer(['cache', 'scanner', 'taskpane', 'functions', 'ribbon', 'playground', 'office-fake', 'demo'], 'src/excel depends on the app\'s ports and the domain only.'),
      ] }],
    },
  },
  {
    files: ['src/cache/**/*.ts'],
    ignores: ['src/cache/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['react', 'react/*', 'react-dom', '@fluentui/*', '@ericblade/quagga2', '@microsoft/office-js'], message: 'src/cache is the IndexedDB adapter only.' },
        ...layer(['excel', 'scanner', 'taskpane', 'functions', 'ribbon', 'playground', 'office-fake', 'demo'], 'src/cache depends on the app\'s ports and the domain only.'),
      ] }],
    },
  },
  {
    files: ['src/scanner/**/*.ts'],
    ignores: ['src/scanner/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['react', 'react/*', 'react-dom', '@fluentui/*', 'dexie', 'dexie-*'], message: 'src/scanner is the barcode adapter only.' },
        ...layer(['excel', 'cache', 'taskpane', 'functions', 'ribbon', 'playground', 'office-fake', 'demo'], 'src/scanner depends on the app\'s ports and the domain only.'),
      ] }],
    },
  },
  {
    // The fake stands in for Excel: it may follow the adapter's Office.js subset (types), nothing else of Lotbook.
    files: ['src/office-fake/**/*.ts'],
    ignores: ['src/office-fake/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        ...layer(['app', 'cache', 'scanner', 'taskpane', 'functions', 'ribbon', 'playground', 'demo'], 'The Office.js fake knows nothing of Lotbook above Excel.'),
      ] }],
    },
  },
  {
    // Functions and ribbon commands answer with the panes' own queries (DESIGN.md): they call src/app over the
    // WorkbookPort handed to them, never the adapter, the cache or the panes, and get Office's objects
    // (CustomFunctions, Office.actions, Office.addin) passed in, so office-addin-mock can stand in for them.
    files: ['src/functions/**/*.ts', 'src/ribbon/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        ...platform('Functions and ribbon commands are plain TypeScript over src/app.'),
        ...layer(['excel', 'cache', 'scanner', 'taskpane', 'office-fake', 'playground', 'demo'], 'src/functions and src/ribbon call src/app queries; adapters are injected by the entry point.'),
      ] }],
      'no-restricted-globals': ['error', { name: 'Excel', message: 'Only src/excel touches Office.js.' }, { name: 'Office', message: 'Office is passed in (testable with office-addin-mock).' }, { name: 'CustomFunctions', message: 'CustomFunctions is passed in.' }],
    },
  },
  {
    files: ['src/functions/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        ...platform('Functions are plain TypeScript over src/app.'),
        ...layer(['excel', 'cache', 'scanner', 'taskpane', 'office-fake', 'playground', 'demo', 'ribbon'], 'src/functions calls src/app queries; adapters are injected by the entry point.'),
      ] }],
    },
  },
  {
    files: ['src/taskpane/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        ...layer(['office-fake', 'playground'], 'Panes never know whether the workbook is real.'),
        { group: ['@microsoft/office-js'], message: 'Panes reach Excel through use cases.' },
      ] }],
      'no-restricted-globals': ['error', { name: 'Excel', message: 'Only src/excel touches Office.js.' }],
    },
  },
  {
    // Panes call commands (useCommands) and show words; they never reach an adapter, the port, the outbox or the
    // cache behind the commands (issue 13). Components that bind an adapter to the UI are named in the ignores.
    files: ['src/taskpane/panes/**/*.{ts,tsx}', 'src/taskpane/components/**/*.{ts,tsx}'],
    ignores: ['src/taskpane/components/scan-feedback.ts', 'src/taskpane/components/useWedgeField.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        ...layer(['excel', 'cache', 'office-fake', 'playground', 'scanner', 'functions', 'ribbon'], 'Panes reach the workbook through commands (useCommands), never through an adapter.'),
        { group: ['**/app/outbox', '**/app/mirror-sync', '**/app/policy', '**/app/own-effects'], message: 'The outbox, the cache sync and the policy live behind the commands (app/commands.ts).' },
        { group: ['**/app/ports'], importNames: ['WorkbookPort', 'WorkbookTx'], message: 'Panes never see the workbook port: call a command.' },
      ] }],
      'no-restricted-globals': ['error', { name: 'Excel', message: 'Only src/excel touches Office.js.' }],
    },
  },
);
