/** DATABASE_URL as it may be shown: in a log line or an error, never with its password. */

/** The URL with its password replaced by *** (postgres://rostrum:***@host:5432/db). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    // Not a URL: still hide whatever sits between "user:" and "@".
    return url.replace(/(\/\/[^/:@]*:)[^@]*@/, '$1***@');
  }
}

/** Whether `url` is a PostgreSQL connection URL (postgres:// or postgresql://; no host: a Unix socket, as libpq allows). */
export function isPostgresUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'postgres:' || u.protocol === 'postgresql:';
  } catch {
    return false;
  }
}

/** PostgreSQL could not be reached at start: the message is one line meant for the operator, as is. */
export class DatabaseUnreachableError extends Error {
  override name = 'DatabaseUnreachableError';
}
