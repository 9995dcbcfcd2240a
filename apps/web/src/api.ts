import { getLanguage } from './i18n';
import { getSession, Session, setSession } from './session';

export interface Problem {
  status: number;
  /** `urn:albergue:problem:<code>`. */
  type?: string;
  title?: string;
  detail?: string;
  errors?: { field: string; message: string }[];
}

/** The API answered with an error (problem+json): its detail is already in the user's language. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title ?? String(problem.status));
  }
  get status(): number {
    return this.problem.status;
  }
}

/** No answer at all: offline, or the connection dropped before the answer came. */
export class NetworkError extends Error {}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const BASE = '/api/v1';

async function send(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const session = getSession();
  try {
    return await fetch(BASE + path, {
      method,
      headers: {
        accept: 'application/json',
        'accept-language': getLanguage(),
        // A FormData body (a file upload) sets its own multipart content type and boundary.
        ...(body === undefined || body instanceof FormData ? {} : { 'content-type': 'application/json' }),
        ...(session ? { authorization: `Bearer ${session.accessToken}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : body instanceof FormData ? body : JSON.stringify(body),
      cache: 'no-store',
    });
  } catch {
    throw new NetworkError('network');
  }
}

let refreshing: Promise<boolean> | null = null;

/** Renews the access token once for every request that met a 401 at the same time. */
function refresh(): Promise<boolean> {
  refreshing ??= (async () => {
    const session = getSession();
    if (!session) return false;
    const response = await send('POST', '/auth/refresh', { refreshToken: session.refreshToken });
    if (!response.ok) {
      setSession(null);
      return false;
    }
    const renewed = (await response.json()) as Session;
    setSession({
      accessToken: renewed.accessToken,
      refreshToken: renewed.refreshToken,
      user: renewed.user,
      mfaEnrollmentRequired: renewed.mfaEnrollmentRequired,
    });
    return true;
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/** Calls the API; a 401 renews the token once and tries again. Throws ApiError or NetworkError. */
export async function request(
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
): Promise<Response> {
  let response = await send(method, path, body, headers);
  if (response.status === 401 && getSession() && !path.startsWith('/auth/')) {
    if (await refresh()) response = await send(method, path, body, headers);
  }
  if (!response.ok) {
    let problem: Problem = { status: response.status };
    try {
      problem = { ...(await response.json()), status: response.status };
    } catch {
      // Not JSON (a proxy's error page): the status says enough.
    }
    throw new ApiError(problem);
  }
  return response;
}

export async function api<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>) {
  const response = await request(method, path, body, headers);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

export const get = <T>(path: string) => api<T>('GET', path);
export const post = <T>(path: string, body?: unknown, headers?: Record<string, string>) =>
  api<T>('POST', path, body, headers);

/** Query string of the defined values. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export interface Term {
  code: string;
  label: string;
}

const vocabularies = new Map<string, Promise<Term[]>>();
const VOCABULARY_PREFIX = 'albergue.vocabulary.';

/**
 * A vocabulary's codes and labels in the current language, fetched once per language. The last
 * answer is kept in sessionStorage (word lists, nothing about anyone), so the desk reloaded
 * offline still offers its choices; logging out forgets them.
 */
export function vocabulary(name: string): Promise<Term[]> {
  const key = `${getLanguage()}:${name}`;
  let terms = vocabularies.get(key);
  if (!terms) {
    const kept = VOCABULARY_PREFIX + key;
    terms = get<Term[]>(`/vocabularies/${name}`).then(
      (fresh) => {
        sessionStorage.setItem(kept, JSON.stringify(fresh));
        return fresh;
      },
      (error: unknown) => {
        const text = sessionStorage.getItem(kept);
        if (text) return JSON.parse(text) as Term[];
        throw error;
      },
    );
    terms.catch(() => vocabularies.delete(key));
    vocabularies.set(key, terms);
  }
  return terms;
}

/** Logout: the kept vocabularies go with the session. */
export function forgetVocabularies(): void {
  vocabularies.clear();
  for (let index = sessionStorage.length - 1; index >= 0; index--) {
    const key = sessionStorage.key(index);
    if (key?.startsWith(VOCABULARY_PREFIX)) sessionStorage.removeItem(key);
  }
}
