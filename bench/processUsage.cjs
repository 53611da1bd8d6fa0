// Preloaded into a benchmarked process (`node -r bench/processUsage.cjs …`): at exit, writes its peak
// resident memory (worker threads included: they share the process) and CPU time to stderr as one
// tagged line that bench/bounds.ts reads and strips.
'use strict';
const fs = require('node:fs');
process.on('exit', () => {
  const u = process.resourceUsage();
  fs.writeSync(2, `\nBENCH_USAGE ${JSON.stringify({ maxRssKiB: u.maxRSS, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 })}\n`);
});
