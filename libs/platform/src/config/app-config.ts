import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';

/** The whole configuration of an Albergue process, validated once at start-up. */
export interface AppConfig {
  nodeEnv: 'development' | 'test' | 'production';
  port: number;
  databaseUrl: string;
  redisUrl: string;
  /** Prefix of every Redis key (BullMQ queues, rate limits): lets several deployments or test runs share one Redis. */
  redisKeyPrefix: string;
  runMigrations: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Where the JSON log lines go instead of standard output, when set (a file, appended to). */
  logFile?: string;
  access: {
    /** Login and refresh attempts allowed per client address and minute, across all API instances. */
    loginRateLimitPerMinute: number;
    /** Roles whose users must turn on two-factor sign-in (TOTP) before they reach anything but /me and /auth. */
    totpRequiredRoles: UserRole[];
    /**
     * Seconds a process may answer the session check of an access token from memory (0: ask Postgres
     * on every request). A logout, deactivation, role, shelter, password or two-factor change clears
     * it on every instance at once through Redis pub/sub; without Redis the cache is not used.
     */
    sessionCacheSeconds: number;
  };
  intake: {
    /** GET /persons/matches queries allowed per user and hour, across all API instances: stops sweeping. */
    matchRateLimitPerHour: number;
  };
  referrals: {
    /** Days a referral may stay pending, per urgency, before it counts as overdue. */
    overdueDays: Record<ReferralUrgencyLevel, number>;
  };
  retention: {
    /**
     * Days after which the worker anonymizes a person with no stay since (and nothing another
     * module still needs them for); null: retention is off.
     */
    days: number | null;
  };
  exports: {
    /** Lets partner webhooks point at loopback or private addresses: for tests and closed networks only. */
    allowPrivateWebhookUrls: boolean;
    /** Base of the links sent to partners, e.g. https://albergue.example/api/v1. */
    publicApiUrl: string;
  };
  documents: {
    /** The largest file an upload may carry (413 past it, with nothing stored). */
    maxBytes: number;
    /** Where the encrypted contents go: Postgres chunks, or an S3-compatible object store. */
    store: 'postgres' | 's3';
    /** The S3-compatible store, when `store` is `s3`. */
    s3: DocumentS3Config | null;
  };
  web: {
    /** The built web app (`npm run build:web`); the API serves it at `/` when the folder exists. */
    distDir: string;
  };
  secrets: {
    /** HMAC key that signs access tokens. */
    tokenSigningKey: Buffer;
    /** AES-256-GCM keys for fields that hold secrets of the people recorded; the first one encrypts. */
    fieldEncryptionKeys: { id: string; key: Buffer }[];
    /** HMAC key of the blind indexes that make encrypted fields findable by exact value. */
    blindIndexKey: Buffer;
  };
}

export interface DocumentS3Config {
  /** e.g. http://minio:9000; unset: the AWS endpoint of the region. */
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Bucket in the path (MinIO, Garage, most self-hosted stores) rather than in the host name. */
  forcePathStyle: boolean;
}

/** The roles of docs/API.md, Access (`@albergue/access` re-exports them as ROLES). */
export const USER_ROLES = ['admin', 'coordinator', 'shelter_worker', 'lawyer', 'partner'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const REFERRAL_URGENCY_LEVELS = ['routine', 'urgent', 'emergency'] as const;
export type ReferralUrgencyLevel = (typeof REFERRAL_URGENCY_LEVELS)[number];

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/albergue';

const SECRET_VARIABLES = ['TOKEN_SIGNING_KEY', 'FIELD_ENCRYPTION_KEYS', 'BLIND_INDEX_KEY'] as const;

function generateSecret(name: (typeof SECRET_VARIABLES)[number]): string {
  const key = randomBytes(32).toString('base64');
  return name === 'FIELD_ENCRYPTION_KEYS' ? `k${Date.now().toString(36)}:${key}` : key;
}

function readString(env: Env, name: string, fallback?: string): string {
  const value = env[name]?.trim();
  if (value) return value;
  if (fallback !== undefined) return fallback;
  throw new ConfigError(name, 'is required and missing');
}

function readUrl(env: Env, name: string, fallback: string, protocols: string[]): string {
  const value = readString(env, name, fallback);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(name, `is not a valid URL (expected ${protocols[0]}//host:port/...)`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(name, `must use ${protocols.join(' or ')}, got ${url.protocol}`);
  }
  return value;
}

function readInteger(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = readString(env, name, String(fallback));
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return Number(raw);
}

/** A whole number of days, or null when the variable is unset, empty or `off`. */
function readOptionalDays(env: Env, name: string, min: number, max: number): number | null {
  const raw = env[name]?.trim() ?? '';
  if (raw === '' || raw.toLowerCase() === 'off') return null;
  return readInteger(env, name, 0, min, max);
}

function readBoolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = readString(env, name, String(fallback)).toLowerCase();
  if (['true', '1', 'yes'].includes(raw)) return true;
  if (['false', '0', 'no'].includes(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${raw}"`);
}

function readEnum<T extends string>(env: Env, name: string, fallback: T, allowed: readonly T[]): T {
  const raw = readString(env, name, fallback);
  if (!allowed.includes(raw as T)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

function readKey(env: Env, name: string): Buffer {
  const raw = readString(env, name);
  const key = Buffer.from(raw, 'base64');
  if (key.length < 32) throw new ConfigError(name, 'must be at least 32 bytes, base64-encoded');
  return key;
}

function readEncryptionKeys(env: Env): { id: string; key: Buffer }[] {
  const raw = readString(env, 'FIELD_ENCRYPTION_KEYS');
  const keys = raw.split(',').map((entry) => {
    const match = /^([A-Za-z0-9_-]{1,32}):(.+)$/.exec(entry.trim());
    const key = match ? Buffer.from(match[2], 'base64') : Buffer.alloc(0);
    if (!match || key.length !== 32) {
      throw new ConfigError(
        'FIELD_ENCRYPTION_KEYS',
        'must be a comma-separated list of <key id>:<32 bytes in base64>, the first one active',
      );
    }
    return { id: match[1], key };
  });
  if (new Set(keys.map((k) => k.id)).size !== keys.length) {
    throw new ConfigError('FIELD_ENCRYPTION_KEYS', 'has the same key id twice');
  }
  return keys;
}

/** A comma-separated list of roles; empty (or `none`) for none. */
function readRoles(env: Env, name: string, fallback: string): UserRole[] {
  const raw = env[name] === undefined ? fallback : env[name].trim();
  if (raw === '' || raw.toLowerCase() === 'none') return [];
  const roles = raw.split(',').map((entry) => entry.trim());
  const unknown = roles.filter((role) => !USER_ROLES.includes(role as UserRole));
  if (unknown.length > 0) {
    throw new ConfigError(
      name,
      `must be a comma-separated list of ${USER_ROLES.join(', ')}, got "${unknown.join(', ')}"`,
    );
  }
  return [...new Set(roles as UserRole[])];
}

/** `emergency=1,urgent=3,routine=10`: every urgency once, each a whole number of days. */
function readOverdueDays(env: Env): Record<ReferralUrgencyLevel, number> {
  const name = 'REFERRAL_OVERDUE_DAYS';
  const raw = readString(env, name, 'emergency=1,urgent=3,routine=10');
  const days: Partial<Record<ReferralUrgencyLevel, number>> = {};
  for (const entry of raw.split(',')) {
    const match = /^\s*([a-z]+)\s*=\s*(\d{1,3})\s*$/.exec(entry);
    const urgency = match?.[1] as ReferralUrgencyLevel | undefined;
    if (!match || !urgency || !REFERRAL_URGENCY_LEVELS.includes(urgency) || days[urgency] !== undefined) {
      throw new ConfigError(name, `must read like emergency=1,urgent=3,routine=10, got "${raw}"`);
    }
    if (Number(match[2]) < 1) throw new ConfigError(name, `days must be at least 1, got "${entry.trim()}"`);
    days[urgency] = Number(match[2]);
  }
  const missing = REFERRAL_URGENCY_LEVELS.filter((urgency) => days[urgency] === undefined);
  if (missing.length > 0) throw new ConfigError(name, `is missing ${missing.join(', ')}`);
  return days as Record<ReferralUrgencyLevel, number>;
}

function readDocumentsConfig(env: Env): AppConfig['documents'] {
  const store = readEnum(env, 'DOCUMENT_STORE', 'postgres', ['postgres', 's3'] as const);
  const maxBytes = readInteger(env, 'DOCUMENT_MAX_BYTES', 20 * 1024 * 1024, 1, 1024 * 1024 * 1024);
  if (store !== 's3') return { maxBytes, store, s3: null };
  const accessKeyId = env.S3_ACCESS_KEY_ID?.trim() || undefined;
  const secretAccessKey = env.S3_SECRET_ACCESS_KEY?.trim() || undefined;
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
    throw new ConfigError(
      accessKeyId ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID',
      'is required with the other S3 key',
    );
  }
  return {
    maxBytes,
    store,
    s3: {
      endpoint: env.S3_ENDPOINT?.trim() ? readUrl(env, 'S3_ENDPOINT', '', ['https:', 'http:']) : undefined,
      region: readString(env, 'S3_REGION', 'us-east-1'),
      bucket: readString(env, 'S3_BUCKET'),
      accessKeyId,
      secretAccessKey,
      forcePathStyle: readBoolean(env, 'S3_FORCE_PATH_STYLE', true),
    },
  };
}

/** Parses and validates the environment; throws a ConfigError naming the first bad variable. */
export function parseConfig(env: Env): AppConfig {
  const nodeEnv = readEnum(env, 'NODE_ENV', 'development', ['development', 'test', 'production'] as const);
  return {
    nodeEnv,
    port: readInteger(env, 'PORT', 3000, 1, 65535),
    databaseUrl: readUrl(env, 'DATABASE_URL', DEFAULT_DATABASE_URL, ['postgres:', 'postgresql:']),
    redisUrl: readUrl(env, 'REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']),
    redisKeyPrefix: readString(env, 'REDIS_KEY_PREFIX', 'albergue'),
    runMigrations: readBoolean(env, 'RUN_MIGRATIONS', true),
    logLevel: readEnum(env, 'LOG_LEVEL', 'info', [
      'fatal',
      'error',
      'warn',
      'info',
      'debug',
      'trace',
      'silent',
    ] as const),
    logFile: env.LOG_FILE?.trim() || undefined,
    access: {
      loginRateLimitPerMinute: readInteger(env, 'LOGIN_RATE_LIMIT_PER_MINUTE', 20, 1, 100000),
      totpRequiredRoles: readRoles(env, 'TOTP_REQUIRED_ROLES', 'admin,coordinator,lawyer'),
      sessionCacheSeconds: readInteger(env, 'SESSION_CACHE_SECONDS', 5, 0, 60),
    },
    intake: { matchRateLimitPerHour: readInteger(env, 'MATCH_RATE_LIMIT_PER_HOUR', 400, 1, 1000000) },
    referrals: { overdueDays: readOverdueDays(env) },
    retention: { days: readOptionalDays(env, 'RETENTION_DAYS', 30, 36500) },
    exports: {
      allowPrivateWebhookUrls: readBoolean(env, 'WEBHOOKS_ALLOW_PRIVATE_URLS', false),
      publicApiUrl: readUrl(env, 'PUBLIC_API_URL', 'http://localhost:3000/api/v1', ['https:', 'http:']),
    },
    documents: readDocumentsConfig(env),
    web: { distDir: resolve(readString(env, 'WEB_DIST_DIR', 'dist/web')) },
    secrets: {
      tokenSigningKey: readKey(env, 'TOKEN_SIGNING_KEY'),
      fieldEncryptionKeys: readEncryptionKeys(env),
      blindIndexKey: readKey(env, 'BLIND_INDEX_KEY'),
    },
  };
}

/**
 * Reads the environment file into `env` (variables already set win) and, outside production,
 * generates any missing secret into that file. Returns the names of the secrets it generated.
 */
export function prepareEnvironment(env: Env, envFile: string): string[] {
  if (existsSync(envFile)) {
    const fromFile = parseEnv(readFileSync(envFile, 'utf8'));
    for (const [name, value] of Object.entries(fromFile)) {
      if (env[name] === undefined) env[name] = value;
    }
  }
  if (env.NODE_ENV === 'production') return [];
  const generated = SECRET_VARIABLES.filter((name) => !env[name]?.trim());
  if (generated.length === 0) return [];
  const lines = generated.map((name) => {
    env[name] = generateSecret(name);
    return `${name}=${env[name]}`;
  });
  const header = existsSync(envFile)
    ? ''
    : '# Albergue secrets, generated on first start. Back this file up with the database:\n' +
      '# encrypted fields cannot be read without FIELD_ENCRYPTION_KEYS.\n';
  appendFileSync(envFile, `${header}${lines.join('\n')}\n`, { mode: 0o600 });
  return generated;
}

/**
 * DATABASE_URL as a process would read it (the environment, then the environment file), validated,
 * for tools that need the database and no secret (backup, restore): unlike prepareEnvironment, it
 * never generates or writes anything.
 */
export function readDatabaseUrl(env: Env): string {
  const envFile = env.ENV_FILE ?? '.env';
  const fromFile = existsSync(envFile) ? parseEnv(readFileSync(envFile, 'utf8')) : {};
  return readUrl({ DATABASE_URL: env.DATABASE_URL ?? fromFile.DATABASE_URL }, 'DATABASE_URL', DEFAULT_DATABASE_URL, [
    'postgres:',
    'postgresql:',
  ]);
}

/** Loads the configuration of this process, or prints one line naming the bad variable and exits. */
export function loadConfigOrExit(env: Env = process.env): AppConfig {
  try {
    const generated = prepareEnvironment(env, env.ENV_FILE ?? '.env');
    if (generated.length > 0) {
      process.stderr.write(
        `Generated ${generated.join(', ')} into ${env.ENV_FILE ?? '.env'}: back this file up, ` +
          'encrypted data cannot be read without it.\n',
      );
    }
    return parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Invalid configuration: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
