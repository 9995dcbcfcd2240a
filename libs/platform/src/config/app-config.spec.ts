import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ConfigError, parseConfig, prepareEnvironment, readDatabaseUrl } from './app-config';

const key = Buffer.alloc(32, 7).toString('base64');
const secrets = { TOKEN_SIGNING_KEY: key, FIELD_ENCRYPTION_KEYS: `k1:${key}`, BLIND_INDEX_KEY: key };

function errorOf(env: Record<string, string>): ConfigError {
  try {
    parseConfig({ ...secrets, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('parseConfig accepted the environment');
}

describe('parseConfig', () => {
  it('uses the documented defaults', () => {
    const config = parseConfig(secrets);
    expect(config.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/albergue');
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.port).toBe(3000);
    expect(config.runMigrations).toBe(true);
    expect(config.logFile).toBeUndefined();
    expect(parseConfig({ ...secrets, LOG_FILE: ' /var/log/albergue/api.log ' }).logFile).toBe(
      '/var/log/albergue/api.log',
    );
    expect(config.secrets.fieldEncryptionKeys).toEqual([{ id: 'k1', key: Buffer.alloc(32, 7) }]);
    expect(config.referrals.overdueDays).toEqual({ emergency: 1, urgent: 3, routine: 10 });
    expect(config.retention.days).toBeNull();
    expect(config.access.totpRequiredRoles).toEqual(['admin', 'coordinator', 'lawyer']);
    expect(config.access.sessionCacheSeconds).toBe(5);
    expect(parseConfig({ ...secrets, SESSION_CACHE_SECONDS: '0' }).access.sessionCacheSeconds).toBe(0);
    expect(parseConfig({ ...secrets, TOTP_REQUIRED_ROLES: '' }).access.totpRequiredRoles).toEqual([]);
    expect(parseConfig({ ...secrets, TOTP_REQUIRED_ROLES: ' admin , partner' }).access.totpRequiredRoles).toEqual([
      'admin',
      'partner',
    ]);
    expect(parseConfig({ ...secrets, RETENTION_DAYS: 'off' }).retention.days).toBeNull();
    expect(parseConfig({ ...secrets, RETENTION_DAYS: '730' }).retention.days).toBe(730);
    expect(parseConfig({ ...secrets, REFERRAL_OVERDUE_DAYS: 'routine=7, urgent=2,emergency=1' }).referrals).toEqual({
      overdueDays: { emergency: 1, urgent: 2, routine: 7 },
    });
  });

  it.each([
    ['PORT', 'abc', /PORT: must be an integer/],
    ['PORT', '70000', /PORT: must be an integer between 1 and 65535/],
    ['SESSION_CACHE_SECONDS', '61', /SESSION_CACHE_SECONDS: must be an integer between 0 and 60/],
    ['DATABASE_URL', 'not a url', /DATABASE_URL: is not a valid URL/],
    ['DATABASE_URL', 'mysql://localhost/albergue', /DATABASE_URL: must use postgres:/],
    ['REDIS_URL', 'http://localhost:6379', /REDIS_URL: must use redis:/],
    ['RUN_MIGRATIONS', 'maybe', /RUN_MIGRATIONS: must be true or false/],
    ['RETENTION_DAYS', '7', /RETENTION_DAYS: must be an integer between 30 and 36500/],
    ['RETENTION_DAYS', 'two years', /RETENTION_DAYS: must be an integer/],
    ['TOTP_REQUIRED_ROLES', 'admin,root', /TOTP_REQUIRED_ROLES: must be a comma-separated list of .*"root"/],
    ['NODE_ENV', 'staging', /NODE_ENV: must be one of/],
    ['TOKEN_SIGNING_KEY', 'c2hvcnQ=', /TOKEN_SIGNING_KEY: must be at least 32 bytes/],
    ['REFERRAL_OVERDUE_DAYS', 'emergency=1,urgent=3', /REFERRAL_OVERDUE_DAYS: is missing routine/],
    ['REFERRAL_OVERDUE_DAYS', 'emergency=1,urgent=3,routine=x', /REFERRAL_OVERDUE_DAYS: must read like/],
    ['REFERRAL_OVERDUE_DAYS', 'emergency=0,urgent=3,routine=10', /REFERRAL_OVERDUE_DAYS: days must be at least 1/],
    ['REFERRAL_OVERDUE_DAYS', 'soon=1,urgent=3,routine=10', /REFERRAL_OVERDUE_DAYS: must read like/],
    ['WEBHOOKS_ALLOW_PRIVATE_URLS', 'sometimes', /WEBHOOKS_ALLOW_PRIVATE_URLS: must be true or false/],
    ['PUBLIC_API_URL', 'ftp://albergue.example', /PUBLIC_API_URL: must use https: or http:/],
    ['FIELD_ENCRYPTION_KEYS', 'no-colon', /FIELD_ENCRYPTION_KEYS: must be a comma-separated list/],
    ['FIELD_ENCRYPTION_KEYS', `a:${key},a:${key}`, /FIELD_ENCRYPTION_KEYS: has the same key id twice/],
  ])('refuses %s=%s with one line naming it', (variable, value, message) => {
    const error = errorOf({ [variable]: value });
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('\n');
  });

  it('refuses to start without a secret', () => {
    expect(errorOf({ NODE_ENV: 'production', BLIND_INDEX_KEY: '' }).message).toBe(
      'BLIND_INDEX_KEY: is required and missing',
    );
  });
});

describe('prepareEnvironment', () => {
  const tempEnvFile = (): string => join(mkdtempSync(join(tmpdir(), 'albergue-env-')), '.env');

  it('generates missing secrets into a private .env outside production, and reuses them next time', () => {
    const file = tempEnvFile();
    const first: Record<string, string | undefined> = {};
    expect(prepareEnvironment(first, file)).toEqual(['TOKEN_SIGNING_KEY', 'FIELD_ENCRYPTION_KEYS', 'BLIND_INDEX_KEY']);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toContain('Back this file up');
    expect(() => parseConfig(first)).not.toThrow();

    const second: Record<string, string | undefined> = {};
    expect(prepareEnvironment(second, file)).toEqual([]);
    expect(second.TOKEN_SIGNING_KEY).toBe(first.TOKEN_SIGNING_KEY);
    expect(second.FIELD_ENCRYPTION_KEYS).toBe(first.FIELD_ENCRYPTION_KEYS);
  });

  it('lets variables already set win over the file', () => {
    const file = tempEnvFile();
    writeFileSync(file, 'PORT=4000\nREDIS_URL=redis://elsewhere:6379\n');
    const env: Record<string, string | undefined> = { PORT: '5000', ...secrets };
    prepareEnvironment(env, file);
    expect(env.PORT).toBe('5000');
    expect(env.REDIS_URL).toBe('redis://elsewhere:6379');
  });

  it('never generates secrets in production', () => {
    const file = tempEnvFile();
    const env: Record<string, string | undefined> = { NODE_ENV: 'production' };
    expect(prepareEnvironment(env, file)).toEqual([]);
    expect(() => parseConfig(env)).toThrow(ConfigError);
  });
});

describe('readDatabaseUrl', () => {
  const tempEnvFile = (): string => join(mkdtempSync(join(tmpdir(), 'albergue-env-')), '.env');

  it('reads DATABASE_URL from the environment, then the file, and never writes the file', () => {
    const file = tempEnvFile();
    writeFileSync(file, 'DATABASE_URL=postgres://backup@db.internal:5432/albergue\n');
    expect(readDatabaseUrl({ ENV_FILE: file })).toBe('postgres://backup@db.internal:5432/albergue');
    expect(readDatabaseUrl({ ENV_FILE: file, DATABASE_URL: 'postgres://localhost/other' })).toBe(
      'postgres://localhost/other',
    );
    expect(readFileSync(file, 'utf8')).toBe('DATABASE_URL=postgres://backup@db.internal:5432/albergue\n');
    expect(() => readDatabaseUrl({ ENV_FILE: file, DATABASE_URL: 'mysql://localhost/albergue' })).toThrow(
      /DATABASE_URL: must use postgres:/,
    );
  });
});
