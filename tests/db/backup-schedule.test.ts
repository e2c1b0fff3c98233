import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/app/config.js';
import { build } from '../../src/app/build.js';
import { realTimers } from '../../src/db/deadline-timer.js';
import { recordingGateway } from '../helpers/services.js';
import { backupName, listBackups } from '../../src/db/backup-files.js';
import { scheduleBackups } from '../../src/db/backup-schedule.js';
import { openDatabase } from '../../src/db/open.js';
import { FakeClock } from '../debate/fakes.js';
import { addArguments, removeTempDirs, tempDir } from './damage.js';

afterEach(removeTempDirs);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A logger keeping each line's level, message and fields. */
function recordingLog() {
  const lines: { level: string; msg: string; fields: Record<string, unknown> }[] = [];
  const at = (level: string) => (fields: Record<string, unknown>, msg: string) => void lines.push({ level, msg, fields });
  const log = { info: at('info'), warn: at('warn'), error: at('error'), debug: at('debug') } as unknown as Logger;
  return { log, lines };
}

function setUp() {
  const dir = tempDir();
  const db = openDatabase(join(dir, 'rostrum.sqlite'));
  addArguments(db, 50);
  return { dir, db, backups: join(dir, 'backups'), clock: new FakeClock(Date.UTC(2025, 2, 1)) };
}

describe('scheduleBackups', () => {
  it('GIVEN no backup yet THEN one a minute after start, then one per interval, keeping BACKUP_KEEP; none after stop', async () => {
    const { db, backups, clock } = setUp();
    const { log, lines } = recordingLog();
    const schedule = scheduleBackups({ db, dir: backups, keep: 2, intervalMs: DAY, now: clock.read, timers: clock, log });
    expect(schedule.nextAt).toBe(clock.now + 60_000);
    clock.advance(59_999);
    await schedule.idle();
    expect(listBackups(backups)).toEqual([]);
    clock.advance(1);
    await schedule.idle();
    expect(listBackups(backups)).toEqual([join(backups, backupName(clock.now))]);
    for (let day = 1; day <= 3; day++) {
      clock.advance(DAY);
      await schedule.idle();
    }
    expect(listBackups(backups)).toHaveLength(2);
    expect(listBackups(backups).at(-1)).toBe(join(backups, backupName(clock.now)));
    expect(lines.filter((l) => l.msg === 'database backed up')).toHaveLength(4);

    schedule.stop();
    expect(clock.pending()).toBe(0);
    expect(schedule.nextAt).toBeNull();
    clock.advance(7 * DAY);
    await schedule.idle();
    expect(lines.filter((l) => l.msg === 'database backed up')).toHaveLength(4);
    db.close();
  });

  it('GIVEN a backup taken two hours ago THEN the next one a day after it, not a day after this start', async () => {
    const { db, backups, clock } = setUp();
    mkdirSync(backups);
    writeFileSync(join(backups, backupName(clock.now - 2 * HOUR)), '');
    const schedule = scheduleBackups({ db, dir: backups, keep: 7, intervalMs: DAY, now: clock.read, timers: clock, log: recordingLog().log });
    expect(schedule.nextAt).toBe(clock.now + 22 * HOUR);
    schedule.stop();
    db.close();
  });

  it('GIVEN a backup that fails THEN one error line, the bot carries on, and it is tried again within the hour', async () => {
    const { dir, db, clock } = setUp();
    const notAFolder = join(dir, 'backups-file');
    writeFileSync(notAFolder, 'in the way');
    const { log, lines } = recordingLog();
    const schedule = scheduleBackups({ db, dir: notAFolder, keep: 7, intervalMs: DAY, now: clock.read, timers: clock, log, firstAfterMs: 0 });
    clock.advance(0);
    await schedule.idle();
    const errors = lines.filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0].msg).toMatch(/automatic backup failed; the bot carries on/);
    expect(errors[0].fields).toMatchObject({ dir: notAFolder, error: expect.stringContaining('EEXIST') });
    expect(schedule.nextAt).toBe(clock.now + HOUR);
    expect(db.prepare('SELECT COUNT(*) FROM arguments').pluck().get()).toBe(50);
    schedule.stop();
    db.close();
  });

  it('GIVEN an interval longer than a timer can wait THEN it sleeps in steps and still fires on time', async () => {
    const { db, backups, clock } = setUp();
    const start = clock.now;
    const schedule = scheduleBackups({ db, dir: backups, keep: 7, intervalMs: 60 * DAY, now: clock.read, timers: clock, log: recordingLog().log, firstAfterMs: 0 });
    clock.advance(0);
    await schedule.idle();
    expect(listBackups(backups)).toHaveLength(1);
    clock.advance(60 * DAY - 1);
    await schedule.idle();
    expect(listBackups(backups)).toHaveLength(1);
    clock.advance(1);
    await schedule.idle();
    expect(listBackups(backups).at(-1)).toBe(join(backups, backupName(start + 60 * DAY)));
    schedule.stop();
    db.close();
  });
});

describe('the bot schedules backups (the composition root)', () => {
  afterEach(() => vi.useRealTimers());

  function services(env: Record<string, string>) {
    const dir = tempDir();
    mkdirSync(join(dir, 'corpus'));
    const config = loadConfig({ DATA_DIR: dir, CORPUS_DIR: join(dir, 'corpus'), ...env });
    return { dir, config, services: build({ config, log: pino({ level: 'silent' }), clock: () => Date.now(), timers: realTimers }) };
  }

  it('GIVEN the defaults THEN a backup a minute after start, and none once closed', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { config, services: s } = services({});
    await s.start!(recordingGateway());
    vi.advanceTimersByTime(60_000);
    await s.close!();
    expect(listBackups(config.backupDir)).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('GIVEN BACKUP_INTERVAL_HOURS=0 THEN none', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const { config, services: s } = services({ BACKUP_INTERVAL_HOURS: '0' });
    await s.start!(recordingGateway());
    vi.advanceTimersByTime(48 * HOUR);
    await s.close!();
    expect(listBackups(config.backupDir)).toEqual([]);
  });
});
