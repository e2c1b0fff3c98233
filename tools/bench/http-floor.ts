/**
 * The floor under the audience-votes figure: `n` bare HTTP POSTs at once from this process to a local server in
 * another (node:http over kept-alive connections, the lightest client node has), with no bot, gateway, store
 * or Discord in the way. Each vote is answered by one such call (its interaction callback), so a burst of
 * votes cannot be answered faster than this on the same machine. The server is http-floor-child.ts.
 */
import { Agent, request } from 'node:http';
import { spawnChild } from './child.js';

export interface Floor {
  n: number;
  p50: number;
  p99: number;
  spanMs: number;
}

/** The best of `rounds` bursts (the first warms the connections, as the bot's are warm by its first vote). */
export async function httpFloor(n = 1000, rounds = 3): Promise<Floor> {
  let port = 0;
  let onPort!: () => void;
  const listening = new Promise<void>((r) => (onPort = r));
  const server = spawnChild([], ([what, value]) => {
    if (what !== 'port') return;
    port = Number(value);
    onPort();
  }, 'http-floor-child.ts');
  try {
    await listening;
    const agent = new Agent({ keepAlive: true });
    const body = JSON.stringify({ type: 4, data: { content: 'Your vote is counted: For', flags: 64 } });
    let best: Floor | null = null;
    for (let round = 0; round <= rounds; round++) {
      const t0 = performance.now();
      const times = await Promise.all(
        Array.from({ length: n }, async (_, i) => {
          const at = performance.now();
          await post(agent, port, `/api/v10/interactions/${i}/token/callback`, body);
          return performance.now() - at;
        }),
      );
      const s = times.sort((a, b) => a - b);
      const burst = { n, p50: s[n >> 1]!, p99: s[Math.ceil(n * 0.99) - 1]!, spanMs: performance.now() - t0 };
      if (round > 0 && (!best || burst.p99 < best.p99)) best = burst;
    }
    return best!;
  } finally {
    server.proc.kill();
  }
}

/** One POST of `body`, resolved when the answer has been read. */
function post(agent: Agent, port: number, path: string, body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', reject);
    req.end(body);
  });
}
