/** Unit, property and adapter tests. Browser tests live in test/browser and run under Playwright. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/browser/'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript', tsx: true }, transform: { react: { runtime: 'automatic' } }, target: 'es2022' } }],
  },
  // office-addin-mock loads office-addin-manifest, which requires the ESM-only strip-bom and uuid: compile those to CommonJS.
  transformIgnorePatterns: ['^(?!.*/node_modules/(strip-bom|uuid)/).*/node_modules/'],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'json'],
};
