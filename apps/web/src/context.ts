import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

import type { Language } from './i18n';
import type { Session } from './session';

export interface Shelter {
  id: string;
  name: string;
  code: string;
  capacity: number;
}

export interface AppState {
  session: Session;
  language: Language;
  shelters: Shelter[];
  shelterId: string | null;
  /** Grows whenever residents change (an intake, a checkout), so the views that show them reload. */
  version: number;
  changed: () => void;
  online: boolean;
}

export const AppContext = createContext<AppState | null>(null);

export function useApp(): AppState {
  const state = useContext(AppContext);
  if (!state) throw new Error('outside the app');
  return state;
}
