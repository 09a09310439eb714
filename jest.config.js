/** One test command for the whole repository: `npm test`. */
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/server/tsconfig.test.json' }];

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/server/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': tsJest,
    // jose ships only ES modules; jest loads CommonJS.
    'node_modules/jose/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', isolatedModules: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  setupFiles: ['reflect-metadata'],
  globalSetup: '<rootDir>/server/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/server/test/support/global-teardown.ts',
  maxWorkers: 2,
  testTimeout: 60000,
};
