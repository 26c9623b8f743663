import { ApiError } from '../api/api-error';
import type { BoardPost } from '../api/responses-api';
import type { MessageKey } from '../i18n/messages';

type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/** Who wrote the post, as the board shows it: the crisis team or an employee (never a name). */
export function boardPostAuthor(post: Pick<BoardPost, 'author'>, t: Translate): string {
  return post.author === 'crisis-team' ? t('dashboard.crisisTeam') : t('dashboard.employee');
}

/** When the post was written, as the board shows it. */
export function boardPostTime(post: Pick<BoardPost, 'createdAt'>, language: 'ja' | 'en'): string {
  return new Date(post.createdAt).toLocaleString(language);
}

/**
 * The hide button's name: by author and time as shown next to it, so a screen reader going
 * through the buttons hears which post each one hides (not "hide" once per post).
 */
export function hidePostLabel(post: Pick<BoardPost, 'author' | 'createdAt'>, t: Translate, language: 'ja' | 'en'): string {
  return t('dashboard.boardHideNamed', { author: boardPostAuthor(post, t), time: boardPostTime(post, language) });
}

/**
 * A post refused for a control character (a tab pasted in; line breaks are fine), in the
 * console's words: the service names it only in English ("no control characters").
 */
export function boardPostRefusalKey(error: unknown): MessageKey | undefined {
  if (!(error instanceof ApiError) || error.status !== 400) return undefined;
  return error.details.some((problem) => problem.path === 'body' && problem.message === 'no control characters') ? 'dashboard.boardControlCharacters' : undefined;
}
