#!/usr/bin/env node
'use strict';
// The Backprop Lint language server, for editors other than VS Code: `backprop-lint-ls --stdio`.
require('../dist/server.js');
