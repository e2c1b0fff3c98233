// `npm start`: runs the compiled bot from dist/ (built by `npm ci` through `prepare`, or `npm run build`)
// when it is at least as new as every source file; otherwise runs the sources through tsx, so an edit
// never runs stale code. Compiled start-up is several hundred milliseconds faster.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const stamp = join(root, 'dist', '.built');

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const fresh =
  existsSync(stamp) &&
  statSync(stamp).mtimeMs >= Math.max(newest(join(root, 'src')), newest(join(root, 'commands')));

if (fresh) {
  await import(pathToFileURL(join(root, 'dist', 'src', 'main.js')).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'src', 'main.ts')).href);
}
