/**
 * Thread and message ids for the console, unique across restarts: the database outlives the console, and a
 * thread id given again would land in a debate still held there ("A debate is already open here"). Each id
 * is a counter seeded from the clock (milliseconds, in base 36), so a later run starts past an earlier one's;
 * a thread id the database already knows is skipped too, in case the clock went back.
 */
export interface ConsoleIds {
  /** A new thread id, never one `taken` says is in use. */
  thread(): Promise<string>;
  /** A new message id. */
  message(): string;
}

export function consoleIds(clock: () => number, taken: (channelId: string) => Promise<boolean> | boolean): ConsoleIds {
  let last = 0;
  const next = () => (last = Math.max(last + 1, Math.floor(clock()))).toString(36);
  return {
    async thread() {
      for (;;) {
        const id = `thread-${next()}`;
        if (!(await taken(id))) return id;
      }
    },
    message: () => `msg-${next()}`,
  };
}
