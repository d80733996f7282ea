function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
function sortWords(n) {
  const words = [];
  for (let i = 0; i < n; i++) words.push('w' + ((i * 7919) % n));
  words.sort();
  return words.length;
}
function hashLoop(n) {
  let h = 0;
  for (let i = 0; i < n; i++) { h = (h * 31 + i) | 0; }
  return h;
}
const start = Date.now();
let sink = 0;
while (Date.now() - start < 2000) {
  sink += fib(24);
  sink += sortWords(20000);
  sink += hashLoop(1e6);
}
console.log(sink > 0);
