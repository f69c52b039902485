const config = require('@backstage/cli/config/eslint-factory')(__dirname);

// An override's options replace the package's, so each one keeps them (as
// one group: ESLint takes patterns as all strings or all groups).
const [level, { paths, patterns }] = config.rules['no-restricted-imports'];
const restrictImports = (group, message) => [
  level,
  { paths, patterns: [{ group: patterns }, { group, message }] },
];

module.exports = {
  ...config,
  overrides: [
    ...config.overrides,
    {
      files: ['src/ledger/**'],
      excludedFiles: ['**/*.test.*'],
      rules: {
        'no-restricted-imports': restrictImports(
          ['../*'],
          'The ledger is the bottom layer: it imports nothing else of the plugin. Move what it needs into ledger/.',
        ),
      },
    },
    {
      files: ['src/service/routes/**'],
      excludedFiles: ['**/*.test.*'],
      rules: {
        'no-restricted-imports': restrictImports(
          ['**/ledger/*Store', '**/ledger/Ledger'],
          'Routes call services (RouteContext), never the stores.',
        ),
      },
    },
  ],
};
