/** The signed-in user and their tokens: in sessionStorage, so closing the tab or logging out forgets them. */
export type Role = 'admin' | 'coordinator' | 'shelter_worker' | 'lawyer' | 'partner';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  shelterIds: string[];
  organizationId: string | null;
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  user: User;
  /** The role needs two-factor sign-in and it is not on yet: only enrollment is open. */
  mfaEnrollmentRequired?: boolean;
}

const KEY = 'albergue.session';
const listeners = new Set<(session: Session | null) => void>();

function read(): Session | null {
  try {
    const text = sessionStorage.getItem(KEY);
    return text ? (JSON.parse(text) as Session) : null;
  } catch {
    return null;
  }
}

let current: Session | null = read();

export const getSession = (): Session | null => current;

export function setSession(session: Session | null): void {
  current = session;
  if (session) sessionStorage.setItem(KEY, JSON.stringify(session));
  else sessionStorage.removeItem(KEY);
  listeners.forEach((listener) => listener(session));
}

export function onSessionChange(listener: (session: Session | null) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
