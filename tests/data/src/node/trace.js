// Records work.js in a Chrome trace-event file with V8's sampling profiler
// on (the disabled-by-default-v8.cpu_profiler category), through the
// inspector's NodeTracing domain, as DevTools does:
//   node trace.js ../../node/work.trace.json
const inspector = require('inspector');
const fs = require('fs');

const out = process.argv[2] || 'work.trace.json';
const session = new inspector.Session();
session.connect();
const events = [];
session.on('NodeTracing.dataCollected', (m) => events.push(...m.params.value));
session.on('NodeTracing.tracingComplete', () => {
  fs.writeFileSync(out, JSON.stringify({ traceEvents: events }));
  process.exit(0);
});
const categories = ['disabled-by-default-v8.cpu_profiler', 'v8'];
session.post('NodeTracing.start', { traceConfig: { includedCategories: categories } }, (err) => {
  if (err) throw err;
  // A moment for the profiler to start before the work does.
  setTimeout(() => {
    require('./work.js');
    session.post('NodeTracing.stop', () => {});
  }, 100);
});
// Keeps the loop alive until the trace is written.
setInterval(() => {}, 1000);
