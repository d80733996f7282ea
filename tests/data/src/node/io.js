// Synchronous file I/O and allocation, for a trace of duration events:
//   node --trace-events-enabled --trace-event-categories v8,node,node.fs.sync \
//     --trace-event-file-pattern ../../node/io.trace.json io.js
const fs = require('fs');
const os = require('os');
const path = require('path');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'perftui-io-'));
const file = (i) => path.join(dir, `f${i % 10}.txt`);
function writeFiles(n) { for (let i = 0; i < n; i++) fs.writeFileSync(file(i), 'x'.repeat(1000 * i)); }
function readFiles(n) { let t = 0; for (let i = 0; i < n; i++) t += fs.readFileSync(file(i)).length; return t; }
function churn(n) { const a = []; for (let i = 0; i < n; i++) a.push({ i, s: 'v' + i }); return a.length; }
for (let r = 0; r < 5; r++) { writeFiles(50); readFiles(50); churn(200000); }
fs.rmSync(dir, { recursive: true });
