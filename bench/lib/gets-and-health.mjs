// Measures the server, not its clients: GET /health over and over from one process while another
// process runs `gets` concurrent GETs of `path` (each client's own work, 24 MB of downloads for
// six 4 MiB answers, would otherwise count as the server's latency).
// Usage: node gets-and-health.mjs <base url> <path> <gets> <rounds>
// Prints one JSON line per round: {"gets":[{"ms","bytes","status"}...],"health":[{"ms","status"}...]}
// with only the /health probes that started and ended while the GETs ran.
// Internally: node gets-and-health.mjs --gets <url> <n> | --health <url> (the two children).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { request } from 'node:http';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

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

const [mode, ...args] = process.argv.slice(2);
if (mode === '--gets') {
  // One line per round read on stdin: run the GETs, answer with their timings and the wall-clock span.
  const [url, count] = args;
  for await (const line of createInterface({ input: process.stdin })) {
    if (line !== 'go') break;
    const start = Date.now();
    const gets = await Promise.all(Array.from({ length: Number(count) }, () => timed(url)));
    console.log(JSON.stringify({ start, end: Date.now(), gets }));
  }
} else if (mode === '--health') {
  // Probes until stdin closes, one JSON line each: when it started and ended, and how long it took.
  const [url] = args;
  let open = true;
  process.stdin.on('end', () => (open = false)).resume();
  while (open) {
    const start = Date.now();
    const probe = await timed(url);
    console.log(JSON.stringify({ start, end: Date.now(), ms: probe.ms, status: probe.status }));
  }
} else {
  const [base, path, gets, rounds] = [mode, ...args];
  const self = fileURLToPath(import.meta.url);
  await timed(`${base}/health`);
  const getter = spawn(process.execPath, [self, '--gets', `${base}${path}`, gets], { stdio: ['pipe', 'pipe', 'inherit'] });
  const prober = spawn(process.execPath, [self, '--health', `${base}/health`], { stdio: ['pipe', 'pipe', 'inherit'] });
  const probes = [];
  createInterface({ input: prober.stdout }).on('line', (line) => probes.push(JSON.parse(line)));
  const answers = createInterface({ input: getter.stdout })[Symbol.asyncIterator]();
  await new Promise((resolve) => setTimeout(resolve, 200)); // the prober is running
  for (let round = 0; round < Number(rounds); round++) {
    getter.stdin.write('go\n');
    const { start, end, gets } = JSON.parse((await answers.next()).value);
    const health = probes.filter((probe) => probe.start >= start && probe.end <= end).map(({ ms, status }) => ({ ms, status }));
    console.log(JSON.stringify({ gets, health }));
  }
  getter.stdin.end();
  prober.stdin.end();
  await Promise.all([once(getter, 'exit'), once(prober, 'exit')]);
}
