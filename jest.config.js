/**
 * Unit, property and adapter tests. Browser tests live in test/browser and run under Playwright.
 *
 * The adapter and use-case tests run once more under each set of undocumented Excel behaviours the Office.js fake
 * offers (src/office-fake/variants.ts, docs/office-fake.md): a test may not pass only because the fake was kind.
 */
const base = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/browser/'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } }, target: 'es2022' } }],
  },
  // office-addin-mock loads office-addin-manifest, which requires the ESM-only strip-bom and uuid: compile those to CommonJS.
  transformIgnorePatterns: ['^(?!.*/node_modules/(strip-bom|uuid)/).*/node_modules/'],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'json'],
};

// Everything that writes to a workbook through the adapter.
const OVER_THE_FAKE = ['<rootDir>/test/excel/**/*.test.ts', '<rootDir>/test/app/**/*.test.ts', '<rootDir>/src/app/**/*.test.ts', '<rootDir>/src/cache/**/*.test.ts'];
const VARIANT_SETS = ['hostile', 'kept-text', 'stripped-formula'];

module.exports = {
  projects: [
    { ...base, displayName: 'unit', testMatch: ['**/*.test.ts', '**/*.test.tsx'] },
    ...VARIANT_SETS.map((name) => ({ ...base, displayName: `fake:${name}`, testMatch: OVER_THE_FAKE, globals: { __LOTBOOK_FAKE_VARIANT_SET__: name } })),
  ],
};
