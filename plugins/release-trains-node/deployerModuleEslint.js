/**
 * The lint config of a deployer module (`release-trains-backend-module-*`):
 * Backstage's, and a deployer builds on this package and `-common` alone, so
 * it never reaches into the backend plugin.
 */
module.exports = dir => {
  const config = require('@backstage/cli/config/eslint-factory')(dir);
  // ESLint takes patterns as all strings or all groups.
  const [level, { paths, patterns }] = config.rules['no-restricted-imports'];
  return {
    ...config,
    rules: {
      ...config.rules,
      'no-restricted-imports': [
        level,
        {
          paths,
          patterns: [
            { group: patterns },
            {
              group: [
                '@release-trains/*',
                '!@release-trains/plugin-release-trains-node',
                '!@release-trains/plugin-release-trains-common',
                '**/release-trains-backend',
              ],
              message:
                'A deployer module imports only the -node and -common packages of Release Trains, besides third-party ones.',
            },
          ],
        },
      ],
    },
  };
};
