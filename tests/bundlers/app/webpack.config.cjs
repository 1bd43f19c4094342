'use strict';
// webpack 5 for a Node server, as a user writes it: no rule, no plugin for
// the .wasm. `--env entry=… --env out=…` picks the app entry and the output.
const path = require('node:path');

module.exports = (env) => ({
  mode: 'production',
  target: 'node',
  context: __dirname,
  entry: env.entry,
  output: { path: path.resolve(env.out), filename: 'app.js', clean: true },
  optimization: { minimize: false },
});
