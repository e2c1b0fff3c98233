/** The local HTTP server of tools/bench/http-floor.ts: answers every request 204 at once; prints `port <n>`. */
import { createServer } from 'node:http';

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(204);
    res.end();
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`port\t${typeof address === 'object' && address ? address.port : 0}\n`);
});
