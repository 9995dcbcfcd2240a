import { useRef, useState } from 'preact/hooks';

import { api, get, query, request } from '../api';
import { formatDate, formatDateTime, MessageKey, t } from '../i18n';
import { getSession } from '../session';
import { ErrorNotice, Field, Notice, Select, useLoad } from '../ui';

export type DocumentOwnerType = 'person' | 'stay' | 'asylum_application' | 'incident' | 'referral';

interface DocumentItem {
  id: string;
  kind: string;
  title: string | null;
  mediaType: string;
  byteSize: number;
  createdAt: string;
  deletedAt: string | null;
  deleted: boolean;
}

const KINDS = ['identity', 'comar_record', 'court_record', 'medical', 'evidence_photo', 'other'];
const kindLabel = (kind: string) => t(`documentKind_${kind}` as MessageKey);
const size = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;

/**
 * The documents of a record: the list, an upload from the phone's camera or from a file, the
 * download (fetched with the session's token, then saved from memory), and the delete for the
 * roles that may (the API has the last word: its refusal is shown as a sentence).
 */
export function DocumentsPanel({ ownerType, ownerId }: { ownerType: DocumentOwnerType; ownerId: string }) {
  const [list, loadError, reload] = useLoad(
    () => get<{ items: DocumentItem[] }>(`/documents${query({ ownerType, ownerId })}`),
    [ownerType, ownerId],
  );
  const [kind, setKind] = useState(ownerType === 'asylum_application' ? 'comar_record' : 'identity');
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState(false);
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<unknown>();
  const [uploaded, setUploaded] = useState(false);
  const camera = useRef<HTMLInputElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const role = getSession()?.user.role;
  const mayDelete = role === 'admin' || role === 'coordinator';

  const act = async (work: () => Promise<void>, isUpload = false) => {
    setBusy(true);
    setUploading(isUpload);
    setError(undefined);
    setUploaded(false);
    try {
      await work();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
      setUploading(false);
    }
  };

  const upload = (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    void act(async () => {
      const form = new FormData();
      form.append('ownerType', ownerType);
      form.append('ownerId', ownerId);
      form.append('kind', kind);
      if (title.trim()) form.append('title', title.trim());
      form.append('file', file, file.name);
      await api('POST', '/documents', form);
      setTitle('');
      setUploaded(true);
      reload();
    }, true);
  };

  const download = (document: DocumentItem) =>
    act(async () => {
      const response = await request('GET', `/documents/${document.id}/content`, undefined, { accept: '*/*' });
      const url = URL.createObjectURL(await response.blob());
      const link = window.document.createElement('a');
      link.href = url;
      link.download = `${document.title?.replace(/[^\p{L}\p{N} ._-]+/gu, '') || kindLabel(document.kind)}.${
        document.mediaType.split('/')[1]
      }`;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    });

  const remove = (document: DocumentItem) => {
    if (!window.confirm(t('documentDeleteConfirm'))) return;
    void act(async () => {
      await api('DELETE', `/documents/${document.id}`);
      reload();
    });
  };

  return (
    <section aria-labelledby={`documents-${ownerId}`} class="documents">
      <h2 id={`documents-${ownerId}`}>{t('documentsTitle')}</h2>
      <ErrorNotice error={loadError} />
      {list && list.items.length === 0 && <p>{t('documentsNone')}</p>}
      {list && list.items.length > 0 && (
        <ul class="cards" data-testid="documents">
          {list.items.map((document) => (
            <li key={document.id} class="card">
              <div>
                <strong>{document.title ?? kindLabel(document.kind)}</strong>
                <br />
                <small>
                  {kindLabel(document.kind)} · {size(document.byteSize)} · {formatDateTime(document.createdAt)}
                  {document.deletedAt && ` · ${t('documentDeleted', { date: formatDate(document.deletedAt) })}`}
                </small>
              </div>
              {!document.deleted && (
                <div>
                  <button type="button" class="secondary" disabled={busy} onClick={() => download(document)}>
                    {t('documentDownload')}
                  </button>{' '}
                  {mayDelete && (
                    <button type="button" class="link" disabled={busy} onClick={() => remove(document)}>
                      {t('documentDelete')}
                    </button>
                  )}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      <Select
        label={t('documentKind')}
        options={KINDS.map((value) => ({ value, label: kindLabel(value) }))}
        value={kind}
        onChange={(event) => setKind(event.currentTarget.value)}
      />
      <Field
        label={t('documentTitle')}
        maxLength={200}
        value={title}
        onInput={(event) => setTitle(event.currentTarget.value)}
      />
      <p>
        <small>{t('documentsHint')}</small>
      </p>
      <input
        ref={camera}
        type="file"
        accept="image/*"
        capture="environment"
        hidden
        data-testid="document-camera"
        onChange={(event) => upload(event.currentTarget)}
      />
      <input
        ref={picker}
        type="file"
        accept="application/pdf,image/jpeg,image/png,image/webp,image/heic,.heic"
        hidden
        data-testid="document-file"
        onChange={(event) => upload(event.currentTarget)}
      />
      <p>
        <button type="button" disabled={busy} onClick={() => camera.current?.click()}>
          {t('documentTakePhoto')}
        </button>{' '}
        <button type="button" class="secondary" disabled={busy} onClick={() => picker.current?.click()}>
          {t('documentChooseFile')}
        </button>
      </p>
      {uploading && <Notice kind="info">{t('documentUploading')}</Notice>}
      {uploaded && <Notice kind="ok">{t('documentUploaded')}</Notice>}
      <ErrorNotice error={error} />
    </section>
  );
}
