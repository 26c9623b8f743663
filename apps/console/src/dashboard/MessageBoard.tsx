import { FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import type { BoardPost, ResponsesApi } from '../api/responses-api';
import { useTranslation } from '../app/console-context';
import { ConfirmedAction } from '../components/ConfirmedAction';
import { ErrorNotice } from '../components/ErrorNotice';
import { Field } from '../components/Field';
import { boardPostAuthor, boardPostRefusalKey, boardPostTime, hidePostLabel } from './board-post';

const REFRESH_MS = 10_000;

/**
 * The alert's message board: the crisis team posts, employees reply from the answer page.
 * Owners and admins (`canModerate`) hide posts from the answer pages; they still see them, marked.
 */
export function MessageBoard({ responses, alertId, canModerate }: { responses: ResponsesApi; alertId: string; canModerate: boolean }) {
  const { t, language } = useTranslation();
  const [posts, setPosts] = useState<BoardPost[]>([]);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [announcement, setAnnouncement] = useState('');
  const status = useRef<HTMLParagraphElement>(null);

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

  // The hide button goes with the post's new state: the keyboard continues from the announcement.
  async function hide(postId: string) {
    await responses.hideBoardPost(alertId, postId);
    await load();
    setAnnouncement(t('dashboard.boardHidden'));
    status.current?.focus();
  }

  return (
    <section className="card" aria-labelledby="board-heading">
      <h2 id="board-heading">{t('dashboard.board')}</h2>
      <ul className="board" data-testid="board-posts">
        {posts.map((post) => (
          <li key={post.postId}>
            {/* Outside the faded part: the words that say "hidden" keep their full contrast. */}
            {post.hidden && <span className="badge">{t('dashboard.boardHiddenMark')}</span>}
            <div className={post.hidden ? 'hidden-post' : undefined}>
              <strong>{boardPostAuthor(post, t)}</strong> <time dateTime={post.createdAt}>{boardPostTime(post, language)}</time>
              <p>{post.body}</p>
            </div>
            {canModerate && !post.hidden && (
              <ConfirmedAction
                label={t('dashboard.boardHide')}
                accessibleName={hidePostLabel(post, t, language)}
                explanation={<p>{t('dashboard.boardHideConfirm')}</p>}
                confirmLabel={t('dashboard.boardHideConfirmed')}
                cancelLabel={t('dashboard.boardHideCancel')}
                onStart={() => setAnnouncement('')}
                action={() => hide(post.postId)}
              />
            )}
          </li>
        ))}
      </ul>
      <p ref={status} role="status" tabIndex={-1} data-testid="board-status">
        {announcement}
      </p>
      <form onSubmit={post}>
        <Field label={t('dashboard.boardPost')}>{(id) => <textarea id={id} rows={2} maxLength={1000} required value={text} onChange={(event) => setText(event.target.value)} />}</Field>
        <PostError error={error} />
        <button type="submit" disabled={busy || !text.trim()}>
          {t('dashboard.boardSend')}
        </button>
      </form>
    </section>
  );
}

/** Why a post was not accepted: a control character in the console's words, anything else as usual. */
function PostError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const refusal = boardPostRefusalKey(error);
  if (!refusal) return <ErrorNotice error={error} />;
  return (
    <p className="notice notice-error" role="alert">
      {t(refusal)}
    </p>
  );
}
