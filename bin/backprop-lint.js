#!/usr/bin/env node
'use strict';
// Runs the CLI explicitly: npx and npm exec start this file through a link (node_modules/.bin/backprop-lint),
// so the bundle cannot tell from process.argv whether it is the program being run.
require('../dist/cli.js').run(process.argv.slice(2));
