import { FormEvent, useCallback, useEffect, useState } from 'react';
import type { BoardPost, ResponsesApi } from '../api/responses-api';
import { useTranslation } from '../app/console-context';
import { ErrorNotice } from '../components/ErrorNotice';
import { Field } from '../components/Field';

const REFRESH_MS = 10_000;

/** The alert's message board: the crisis team posts, employees reply from the answer page. */
export function MessageBoard({ responses, alertId }: { responses: ResponsesApi; alertId: string }) {
  const { t, language } = useTranslation();
  const [posts, setPosts] = useState<BoardPost[]>([]);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const load = useCallback(() => responses.board(alertId).then((page) => setPosts(page.items), setError), [responses, alertId]);
  useEffect(() => {
    void load();
    const timer = setInterval(load, REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  async function post(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await responses.postToBoard(alertId, text.trim());
      setText('');
      await load();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="card">
      <h2>{t('dashboard.board')}</h2>
      <ul className="board">
        {posts.map((post) => (
          <li key={post.postId} className={post.hidden ? 'hidden-post' : undefined}>
            <strong>{post.author === 'crisis-team' ? t('dashboard.crisisTeam') : t('dashboard.employee')}</strong>{' '}
            <time dateTime={post.createdAt}>{new Date(post.createdAt).toLocaleString(language)}</time>
            <p>{post.body}</p>
          </li>
        ))}
      </ul>
      <form onSubmit={post}>
        <Field label={t('dashboard.boardPost')}>{(id) => <textarea id={id} rows={2} maxLength={1000} required value={text} onChange={(event) => setText(event.target.value)} />}</Field>
        <ErrorNotice error={error} />
        <button type="submit" disabled={busy || !text.trim()}>
          {t('dashboard.boardSend')}
        </button>
      </form>
    </div>
  );
}
