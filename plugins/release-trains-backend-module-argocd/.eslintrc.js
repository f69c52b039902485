module.exports = require('../release-trains-node/deployerModuleEslint')(
  __dirname,
);
