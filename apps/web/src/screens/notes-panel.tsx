import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';

import { get, Page, post, query, request } from '../api';
import { formatDateTime, getLanguage, t, tCode } from '../i18n';
import { getSession, Role } from '../session';
import { ErrorNotice, Notice, Select, TextArea } from '../ui';

interface CaseNote {
  id: string;
  kind: string;
  body: string;
  authorName: string;
  createdAt: string;
  corrects: string | null;
  correctedBy: string[];
}

const KINDS = ['general', 'social', 'legal', 'medical', 'psychosocial'];

/** The kinds a role writes (the API decides; this only keeps the form from offering a sure refusal). */
function writableKinds(role: Role | undefined): string[] {
  switch (role) {
    case 'admin':
      return KINDS;
    case 'coordinator':
    case 'shelter_worker':
      return ['general', 'social', 'medical', 'psychosocial'];
    case 'lawyer':
      return ['legal'];
    default:
      return [];
  }
}

/** A person's case notes the user may read, newest first, with a form to add one or correct one. */
export function NotesPanel({ personId }: { personId: string }) {
  const [notes, setNotes] = useState<CaseNote[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>();
  const [round, setRound] = useState(0);
  const [correcting, setCorrecting] = useState<CaseNote | null>(null);
  const language = getLanguage();

  const load = async (cursor: string | null) => {
    try {
      const page = await get<Page<CaseNote>>(
        `/persons/${personId}/notes${query({ limit: 20, cursor: cursor ?? undefined })}`,
      );
      setNotes((shown) => (cursor ? [...shown, ...page.items] : page.items));
      setNextCursor(page.nextCursor);
      setError(undefined);
    } catch (failure) {
      setError(failure);
    }
  };
  useEffect(() => {
    void load(null);
  }, [personId, round, language]);

  const byId = new Map(notes.map((note) => [note.id, note]));
  return (
    <section aria-labelledby={`notes-${personId}`} data-testid="notes-panel">
      <h2 id={`notes-${personId}`}>{t('notesTitle')}</h2>
      <ErrorNotice error={error} />
      <NoteForm
        personId={personId}
        correcting={correcting}
        onCancel={() => setCorrecting(null)}
        onSaved={() => {
          setCorrecting(null);
          setRound((n) => n + 1);
        }}
      />
      {notes.length === 0 && !error && <p>{t('notesEmpty')}</p>}
      <ul class="cards">
        {notes.map((note) => (
          <li key={note.id} class="card column" data-testid="note">
            <div>
              <strong>{tCode('notesKind', note.kind)}</strong> · {formatDateTime(note.createdAt)} ·{' '}
              {t('notesBy', { name: note.authorName })}
            </div>
            {note.corrects && (
              <small>
                {t('notesCorrects')}
                {byId.has(note.corrects) && `: ${formatDateTime(byId.get(note.corrects)!.createdAt)}`}
              </small>
            )}
            {note.correctedBy.length > 0 && (
              <small class="danger">
                {t('notesCorrectedBy')}:{' '}
                {note.correctedBy
                  .map((id) => (byId.has(id) ? formatDateTime(byId.get(id)!.createdAt) : '…'))
                  .join(', ')}
              </small>
            )}
            <p>
              {note.body.split('\n').map((line, index) => (
                <Fragment key={index}>
                  {index > 0 && <br />}
                  {line}
                </Fragment>
              ))}
            </p>
            {writableKinds(getSession()?.user.role).includes(note.kind) && (
              <div>
                <button type="button" class="secondary" onClick={() => setCorrecting(note)}>
                  {t('notesCorrect')}
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
      {nextCursor && (
        <button type="button" class="secondary" onClick={() => void load(nextCursor)}>
          {t('notesMore')}
        </button>
      )}
    </section>
  );
}

function NoteForm(props: { personId: string; correcting: CaseNote | null; onCancel: () => void; onSaved: () => void }) {
  const kinds = writableKinds(getSession()?.user.role);
  const [kind, setKind] = useState(kinds[0] ?? '');
  const [body, setBody] = useState('');
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  if (kinds.length === 0) return null;
  const chosenKind = props.correcting?.kind ?? kind;
  const submit = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    setSaved(false);
    setBusy(true);
    try {
      await post(`/persons/${props.personId}/notes`, {
        kind: chosenKind,
        body,
        ...(props.correcting ? { corrects: props.correcting.id } : {}),
      });
      setBody('');
      setSaved(true);
      props.onSaved();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} aria-label={t('notesAdd')}>
      {saved && <Notice kind="ok">{t('notesAdded')}</Notice>}
      <ErrorNotice error={error} />
      {props.correcting ? (
        <Notice kind="info">
          <p>{t('notesCorrecting', { date: formatDateTime(props.correcting.createdAt) })}</p>
          <button type="button" class="link" onClick={props.onCancel}>
            {t('notesCancelCorrection')}
          </button>
        </Notice>
      ) : (
        <Select
          label={t('notesKind')}
          required
          options={kinds.map((code) => ({ value: code, label: tCode('notesKind', code) }))}
          value={kind}
          onChange={(event) => setKind(event.currentTarget.value)}
        />
      )}
      <TextArea
        label={t('notesBody')}
        required
        maxLength={20000}
        value={body}
        onInput={(event) => setBody(event.currentTarget.value)}
      />
      <p>
        <small>{t('notesKindHint')}</small>
      </p>
      <button type="submit" disabled={busy || !body.trim()}>
        {t('notesAdd')}
      </button>
    </form>
  );
}

/**
 * `href` is the API path under /api/v1 (e.g. `/persons/<id>/summary.pdf`).
 * Fetches a printable summary with the user's token (a plain link would carry none) and hands it to
 * the browser as a download; the file lives only in this tab's memory until then.
 */
export function SummaryButton({ href, label }: { href: string; label: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [ready, setReady] = useState('');
  const print = async () => {
    setBusy(true);
    setError(undefined);
    setReady('');
    try {
      const response = await request('GET', href, undefined, { accept: 'application/pdf' });
      const blob = await response.blob();
      const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? 'resumen.pdf';
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = name;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setReady(name);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div data-testid="summary-button">
      <ErrorNotice error={error} />
      {ready && <Notice kind="ok">{t('summaryReady', { name: ready })}</Notice>}
      <button type="button" class="secondary" disabled={busy} onClick={() => void print()}>
        {busy ? t('summaryPreparing') : label}
      </button>
    </div>
  );
}
