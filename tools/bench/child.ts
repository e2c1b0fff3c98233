/** A bench's child process (a script in this folder, run with tsx), read line by line. */
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');

export interface Child {
  proc: ChildProcess;
  exited: Promise<number | null>;
}

export interface ChildOptions {
  /** Its working folder (the project's root by default). */
  cwd?: string;
  /** 'pipe' for a child told things on its standard input. */
  stdin?: 'ignore' | 'pipe';
}

/** Spawns a child (`script`, in this folder) with tsx; `onLine` gets each tab-separated line of its standard output, to the end. */
export function spawnChild(args: string[], onLine: (fields: string[]) => void, script = 'debate-child.ts', { cwd = ROOT, stdin = 'ignore' }: ChildOptions = {}): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(HERE, script), ...args], {
    cwd,
    stdio: [stdin, 'pipe', 'inherit'],
  });
  // 'close', not 'exit': the last lines of its output are read by then.
  const exited = new Promise<number | null>((r) => proc.once('close', (code) => r(code)));
  let buf = '';
  proc.stdout!.setEncoding('utf8');
  proc.stdout!.on('data', (chunk: string) => {
    buf += chunk;
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      onLine(buf.slice(0, nl).split('\t'));
      buf = buf.slice(nl + 1);
    }
  });
  return { proc, exited };
}
