import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadEnvFile } from '../../src/app/env-file.js';

const touched = ['ROSTRUM_TEST_A', 'ROSTRUM_TEST_B', 'ROSTRUM_TEST_C'];
afterEach(() => {
  for (const k of touched) delete process.env[k];
});

describe('loadEnvFile', () => {
  it('GIVEN a .env THEN its variables are set, quotes and comments handled, the environment wins', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rostrum-env-')), '.env');
    fs.writeFileSync(file, '# comment\nROSTRUM_TEST_A=from-file\nROSTRUM_TEST_B="two words # not a comment"\nROSTRUM_TEST_C=from-file\n');
    process.env.ROSTRUM_TEST_C = 'from-environment';
    expect(loadEnvFile(file)).toBe(true);
    expect(process.env.ROSTRUM_TEST_A).toBe('from-file');
    expect(process.env.ROSTRUM_TEST_B).toBe('two words # not a comment');
    expect(process.env.ROSTRUM_TEST_C).toBe('from-environment');
  });

  it('GIVEN no .env THEN nothing happens', () => {
    expect(loadEnvFile(path.join(os.tmpdir(), 'no-such-dir-rostrum', '.env'))).toBe(false);
  });
});
