// Measures, from a process of its own (so that the test process's own work and garbage never count
// as the server's latency): GET /health, over and over, while `gets` concurrent GETs of `path` run.
// Usage: node gets-and-health.mjs <base url> <path> <gets> <rounds>; prints one JSON line per round:
// {"gets":[{"ms","bytes","status"}...],"health":[{"ms","status"}...]} (only probes that ended during the GETs).
import { request } from 'node:http';

const [base, path, gets, rounds] = process.argv.slice(2);

function timed(url) {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    request(url, (response) => {
      let bytes = 0;
      response.on('data', (chunk) => (bytes += chunk.length));
      response.on('end', () => resolve({ ms: performance.now() - started, bytes, status: response.statusCode }));
      response.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

await timed(`${base}/health`);
for (let round = 0; round < Number(rounds); round++) {
  let running = true;
  const all = Promise.all(Array.from({ length: Number(gets) }, () => timed(`${base}${path}`))).finally(() => (running = false));
  const health = [];
  while (running) {
    const probe = await timed(`${base}/health`);
    if (running) health.push({ ms: probe.ms, status: probe.status });
  }
  console.log(JSON.stringify({ gets: await all, health }));
}
