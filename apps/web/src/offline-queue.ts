import { ApiError, NetworkError, post } from './api';
import { t } from './i18n';

/**
 * Intakes registered while the connection is down: kept in this browser's localStorage, per user,
 * only until the API has answered them, and removed at logout. Each carries the Idempotency-Key
 * made when the worker pressed "register", so a request that reached the API before the
 * connection dropped is answered again instead of registering the group twice.
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

const PREFIX = 'albergue.pending-intakes.';
const listeners = new Set<() => void>();

const storageKey = (userId: string) => PREFIX + userId;

export function pendingIntakes(userId: string): PendingIntake[] {
  try {
    return JSON.parse(localStorage.getItem(storageKey(userId)) ?? '[]') as PendingIntake[];
  } catch {
    return [];
  }
}

function write(userId: string, items: PendingIntake[]): void {
  if (items.length) localStorage.setItem(storageKey(userId), JSON.stringify(items));
  else localStorage.removeItem(storageKey(userId));
  listeners.forEach((listener) => listener());
}

export function onQueueChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function enqueueIntake(userId: string, item: PendingIntake): void {
  write(userId, [...pendingIntakes(userId).filter((other) => other.key !== item.key), item]);
}

export function discardIntake(userId: string, key: string): void {
  write(
    userId,
    pendingIntakes(userId).filter((item) => item.key !== key),
  );
}

/** Logout: nothing of anyone stays on the device. */
export function clearAllPendingIntakes(): void {
  for (let index = localStorage.length - 1; index >= 0; index--) {
    const key = localStorage.key(index);
    if (key?.startsWith(PREFIX)) localStorage.removeItem(key);
  }
  listeners.forEach((listener) => listener());
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
    for (const item of pendingIntakes(userId)) {
      if (item.refused) continue;
      try {
        sent.push(await sendIntake(item.key, item.body));
        discardIntake(userId, item.key);
      } catch (error) {
        if (worthRetrying(error) || (error instanceof ApiError && error.status === 401)) break;
        const detail = error instanceof ApiError ? error.message : t('unexpectedError');
        write(
          userId,
          pendingIntakes(userId).map((other) => (other.key === item.key ? { ...other, refused: detail } : other)),
        );
      }
    }
  } finally {
    flushing = false;
  }
  return sent;
}
