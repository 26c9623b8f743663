import { ApiError } from '../api/api-error';
import { translate } from '../i18n/messages';
import { boardPostAuthor, boardPostRefusalKey, hidePostLabel } from './board-post';

const inLanguage = (language: 'ja' | 'en') => (key: Parameters<typeof translate>[1], values?: Record<string, string | number>) => translate(language, key, values);

describe('a post of the message board', () => {
  const post = { author: 'crisis-team', createdAt: '2026-12-08T01:32:00.000Z' };
  const time = (language: 'ja' | 'en') => new Date(post.createdAt).toLocaleString(language);

  it('is said to be by the crisis team or by an employee', () => {
    expect(boardPostAuthor(post, inLanguage('ja'))).toBe('対策本部');
    expect(boardPostAuthor({ author: 'employee' }, inLanguage('en'))).toBe('Employee');
  });

  it('names its hide button after its author and time, keeping the words the button shows', () => {
    expect(hidePostLabel(post, inLanguage('ja'), 'ja')).toBe(`対策本部（${time('ja')}）の投稿を非表示にする`);
    expect(hidePostLabel({ ...post, author: 'employee' }, inLanguage('en'), 'en')).toBe(`Hide the post by Employee at ${time('en')}`);
    // The visible text is part of the name (WCAG 2.5.3): speech users say what they see.
    expect(hidePostLabel(post, inLanguage('ja'), 'ja')).toContain(translate('ja', 'dashboard.boardHide'));
    expect(hidePostLabel(post, inLanguage('en'), 'en')).toContain(translate('en', 'dashboard.boardHide'));
  });

  it('says a post with a control character (a pasted tab) was refused in the console words', () => {
    const refused = new ApiError(400, 'Bad Request', 'validation failed', undefined, [{ path: 'body', message: 'no control characters' }]);
    expect(boardPostRefusalKey(refused)).toBe('dashboard.boardControlCharacters');
    expect(boardPostRefusalKey(new ApiError(400, 'Bad Request', 'validation failed', undefined, [{ path: 'body', message: 'Invalid input', rule: 'required' }]))).toBeUndefined();
    expect(boardPostRefusalKey(new ApiError(403, 'Forbidden', 'no'))).toBeUndefined();
  });
});
