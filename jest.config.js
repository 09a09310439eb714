/** One test command for the whole repository: `npm test`. */
const transforms = (tsconfig) => ({
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig }],
    // jose ships only ES modules; jest loads CommonJS.
    'node_modules/jose/.+\\.js$': '<rootDir>/server/test/support/esm-to-cjs.js',
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  setupFiles: ['reflect-metadata'],
});

module.exports = {
  maxWorkers: 2,
  testTimeout: 60000,
  projects: [
    {
      displayName: 'server',
      testEnvironment: 'node',
      roots: ['<rootDir>/server/test'],
      testMatch: ['**/*.test.ts'],
      ...transforms('<rootDir>/server/tsconfig.test.json'),
      globalSetup: '<rootDir>/server/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/server/test/support/global-teardown.ts',
    },
    {
      // The <user-manager> element in Debian's Chromium against a real server and Postgres.
      displayName: 'widget',
      testEnvironment: 'node',
      roots: ['<rootDir>/widget/test'],
      testMatch: ['**/*.test.ts'],
      ...transforms('<rootDir>/widget/tsconfig.test.json'),
      globalSetup: '<rootDir>/widget/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/server/test/support/global-teardown.ts',
    },
  ],
};
