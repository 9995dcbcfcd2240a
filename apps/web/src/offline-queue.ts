import { ApiError, NetworkError, post } from './api';
import { t } from './i18n';

/**
 * Intakes registered while the connection is down, kept on this device until the API has answered
 * them. They live in IndexedDB, encrypted with AES-GCM (WebCrypto) under a key derived from the
 * user's password at login (PBKDF2-SHA-256, 600,000 rounds, a random salt per user kept beside the
 * queue). The key is kept only in this page's memory and cannot be exported: a reload, a logout or
 * a seized phone leaves ciphertext that only that user, signing in again, can read or send. Each
 * intake carries the Idempotency-Key made when the worker pressed "register", so a request that
 * reached the API before the connection dropped is answered again instead of registering the
 * group twice.
 */
export interface PendingIntake {
  key: string;
  body: { members: unknown[] } & Record<string, unknown>;
  queuedAt: string;
  /** Why the API refused it: it stays listed until the worker discards it. */
  refused?: string;
}

export interface IntakeAnswer {
  householdId: string;
  stays: { id: string; personId: string; caseNumber: string }[];
  warnings: {
    code: string;
    memberIndex?: number;
    matchedPersonIds?: string[];
    matches?: {
      person: { givenNames: string; familyNames: string; birthYear: number | null; lastShelterCode: string | null };
    }[];
  }[];
}

/** A queued intake as stored: the idempotency key and the owner in clear, everything else sealed. */
interface SealedIntake {
  key: string;
  userId: string;
  iv: Uint8Array;
  data: ArrayBuffer;
}

interface Vault {
  userId: string;
  salt: Uint8Array;
  /** "albergue" sealed with the key: tells a wrong password from a right one, offline. */
  checkIv: Uint8Array;
  check: ArrayBuffer;
}

const DB_NAME = 'albergue-offline';
const INTAKES = 'intakes';
const VAULTS = 'vaults';
const PBKDF2_ROUNDS = 600_000;
const CHECK_TEXT = 'albergue';
/** Where the queue lived before it was encrypted (clear text): moved into the vault at login. */
const LEGACY_PREFIX = 'albergue.pending-intakes.';

const listeners = new Set<() => void>();
const changed = () => listeners.forEach((listener) => listener());

let unlocked: { userId: string; key: CryptoKey } | null = null;
/** The derivation under way (PBKDF2 takes a moment on an old phone): a registration waits for it. */
let unlocking: Promise<boolean> | null = null;

function openDb(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      db.createObjectStore(INTAKES, { keyPath: 'key' }).createIndex('userId', 'userId');
      db.createObjectStore(VAULTS, { keyPath: 'userId' });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Runs one request in a transaction and answers its result once the transaction is committed. */
async function run<T>(
  store: string,
  mode: IDBTransactionMode,
  work: (objects: IDBObjectStore) => IDBRequest<T> | void,
): Promise<T> {
  const db = await openDb();
  try {
    return await new Promise<T>((resolve, reject) => {
      const transaction = db.transaction(store, mode);
      const request = work(transaction.objectStore(store));
      transaction.oncomplete = () => resolve(request ? request.result : (undefined as T));
      transaction.onerror = () => reject(transaction.error);
      transaction.onabort = () => reject(transaction.error);
    });
  } finally {
    db.close();
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

async function deriveKey(password: string, salt: Uint8Array): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', encoder.encode(password), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations: PBKDF2_ROUNDS },
    material,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  );
}

async function seal(key: CryptoKey, text: string, userId: string): Promise<{ iv: Uint8Array; data: ArrayBuffer }> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  // The owner is bound to the ciphertext: a record moved to another user's name does not open.
  const data = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv: iv as BufferSource, additionalData: encoder.encode(userId) },
    key,
    encoder.encode(text),
  );
  return { iv, data };
}

async function open(key: CryptoKey, iv: Uint8Array, data: ArrayBuffer, userId: string): Promise<string> {
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: iv as BufferSource, additionalData: encoder.encode(userId) },
    key,
    data,
  );
  return decoder.decode(plain);
}

/**
 * Derives the user's key from the password and keeps it in memory. At login (`verified`: the API
 * has just accepted the password) the first time makes the salt and the check, and a password that
 * does not open the check (changed since the queue was written) starts a new vault: what the old
 * one held cannot be read any more, so it is dropped. After a reload (the key is gone with the old
 * page) the password typed again must open the existing check, offline too; false when it does not.
 * Moves any clear-text queue of this user left in localStorage by an older version into the vault.
 */
export function unlockQueue(userId: string, password: string, verified: boolean): Promise<boolean> {
  const work = openVault(userId, password, verified);
  unlocking = work.catch(() => false);
  return work;
}

async function openVault(userId: string, password: string, verified: boolean): Promise<boolean> {
  const vault = await run<Vault | undefined>(VAULTS, 'readonly', (store) => store.get(userId));
  let key: CryptoKey | null = null;
  if (vault) {
    const candidate = await deriveKey(password, vault.salt);
    key = await open(candidate, vault.checkIv, vault.check, userId).then(
      (text) => (text === CHECK_TEXT ? candidate : null),
      () => null,
    );
    if (!key && verified) await dropSealed(userId);
  }
  if (!key) {
    if (!verified) return false;
    const salt = crypto.getRandomValues(new Uint8Array(16));
    key = await deriveKey(password, salt);
    const check = await seal(key, CHECK_TEXT, userId);
    const fresh: Vault = { userId, salt, checkIv: check.iv, check: check.data };
    await run(VAULTS, 'readwrite', (store) => store.put(fresh));
  }
  unlocked = { userId, key };
  await migrateLegacy(userId);
  changed();
  return true;
}

/** True while this page holds the user's key (from their login in this page). */
export const queueUnlocked = (userId: string): boolean => unlocked?.userId === userId;

/** Logout: the key leaves memory; the sealed queue stays for its owner's next login. */
export function lockQueue(): void {
  unlocked = null;
  unlocking = null;
  changed();
}

async function migrateLegacy(userId: string): Promise<void> {
  const name = LEGACY_PREFIX + userId;
  const text = localStorage.getItem(name);
  if (text === null) return;
  try {
    for (const item of JSON.parse(text) as PendingIntake[]) await store(userId, item);
  } catch {
    // Unreadable: nothing to keep.
  }
  localStorage.removeItem(name);
}

async function sealedOf(userId: string): Promise<SealedIntake[]> {
  return run<SealedIntake[]>(INTAKES, 'readonly', (store) => store.index('userId').getAll(userId));
}

async function dropSealed(userId: string): Promise<void> {
  const keys = (await sealedOf(userId)).map((item) => item.key);
  await run(INTAKES, 'readwrite', (store) => keys.forEach((key) => store.delete(key)));
}

/** How many intakes of this user wait on the device (readable without the key). */
export async function pendingCount(userId: string): Promise<number> {
  return (await sealedOf(userId)).length;
}

/** The user's waiting intakes, oldest first; none while the key is not in memory. */
export async function pendingIntakes(userId: string): Promise<PendingIntake[]> {
  await unlocking;
  if (!unlocked || unlocked.userId !== userId) return [];
  const key = unlocked.key;
  const items: PendingIntake[] = [];
  for (const sealed of await sealedOf(userId)) {
    try {
      items.push(JSON.parse(await open(key, sealed.iv, sealed.data, userId)) as PendingIntake);
    } catch {
      // Sealed under another key (a vault replaced after a password change): it cannot be read.
    }
  }
  return items.sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
}

export function onQueueChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Seals and keeps an intake; false when the key is not in memory (the user must sign in again). */
export async function enqueueIntake(userId: string, item: PendingIntake): Promise<boolean> {
  await unlocking;
  return store(userId, item);
}

/** Seals with the key in memory (not waiting for an unlock: the unlock itself moves the old queue). */
async function store(userId: string, item: PendingIntake): Promise<boolean> {
  if (!unlocked || unlocked.userId !== userId) return false;
  const { iv, data } = await seal(unlocked.key, JSON.stringify(item), userId);
  const sealed: SealedIntake = { key: item.key, userId, iv, data };
  await run(INTAKES, 'readwrite', (store) => store.put(sealed));
  changed();
  return true;
}

export async function discardIntake(_userId: string, key: string): Promise<void> {
  await run(INTAKES, 'readwrite', (store) => store.delete(key));
  changed();
}

export function sendIntake(key: string, body: unknown): Promise<IntakeAnswer> {
  return post<IntakeAnswer>('/intake', body, { 'idempotency-key': key });
}

/** True when the request may succeed later: no answer, or the server or a dependency was down. */
export const worthRetrying = (error: unknown): boolean =>
  error instanceof NetworkError || (error instanceof ApiError && (error.status >= 500 || error.status === 429));

let flushing = false;

/** Sends what waits, oldest first; stops at the first that cannot get through. Answers what was sent. */
export async function flushPendingIntakes(userId: string): Promise<IntakeAnswer[]> {
  if (flushing) return [];
  flushing = true;
  const sent: IntakeAnswer[] = [];
  try {
    for (const item of await pendingIntakes(userId)) {
      if (item.refused) continue;
      try {
        sent.push(await sendIntake(item.key, item.body));
        await discardIntake(userId, item.key);
      } catch (error) {
        if (worthRetrying(error) || (error instanceof ApiError && error.status === 401)) break;
        const detail = error instanceof ApiError ? error.message : t('unexpectedError');
        await enqueueIntake(userId, { ...item, refused: detail });
      }
    }
  } finally {
    flushing = false;
  }
  return sent;
}
