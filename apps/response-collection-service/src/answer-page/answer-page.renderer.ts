import type { NotificationOffersV1 } from '@anpi/contracts';
import { escapeHtml } from './html';
import { DEFAULT_TIME_ZONE, PageLocale } from './page-locale';
import { displayAnswer, Language, Question } from './question-set';

/** The message board as the answer page shows it (newest first, already limited in number). */
export interface AnswerPageBoard {
  posts: { author: 'crisis-team' | 'recipient'; body: string; createdAt: string }[];
  /** Where the reply form posts; absent when replies are closed. */
  replyPath?: string;
}

/** Long posts are cut on the answer page so it stays small; the console shows them whole. */
const BOARD_POST_PREVIEW_CHARACTERS = 300;

export interface AnswerPageAlert {
  title: string;
  message: string;
  drill: boolean;
  questions: Question[];
  closesAt: Date;
}

const words = {
  ja: {
    drill: '【訓練】',
    send: '回答する',
    change: '回答を変更する',
    recorded: '回答を受け付けました',
    recordedAt: '受付時刻',
    yourAnswers: 'あなたの回答',
    canChange: 'この安否確認が終了するまで、同じリンクから回答を変更できます。',
    required: '必須',
    problem: '入力を確認してください',
    deadline: '回答期限',
    notFound: 'このリンクは無効か、期限が切れています。',
    closed: 'この安否確認は終了しました。',
    unavailable: '現在この安否確認を表示できません。しばらくしてからもう一度お試しください。',
    lineNotOffered: 'この会社ではLINEでの受け取りを利用できません。',
    lineOffer: 'LINEで安否確認を受け取る',
    tooMany: 'アクセスが集中しています。少し待ってからもう一度お試しください。',
    badRequest: '送信内容を読み取れませんでした。もう一度お試しください。',
    board: '掲示板',
    crisisTeam: '対策本部',
    recipient: '回答者',
    reply: '掲示板に書き込む',
    boardRules: '書き込みは全員に表示されます（1000文字まで）。',
    switchTo: 'English',
    pushOffer: 'この端末で通知を受け取ると、回答するまでの再送が通知でも届きます。',
    pushButton: '通知を受け取る',
    pushWorking: '設定しています…',
    pushDone: 'この端末で通知を受け取ります。',
    pushFailed: '通知を設定できませんでした。通知が許可されているか確認して、もう一度お試しください。',
    pushUnavailable: 'この会社では通知を利用できません。',
    locationButton: '現在地を入力する',
    locationWorking: '現在地を調べています…',
    locationDone: '現在地を入力しました。送信前に確認できます。',
    locationDenied: '位置情報の利用が許可されていません。場所を文字で入力してください。',
    locationFailed: '現在地を取得できませんでした。場所を文字で入力してください。',
    locationFormat: '緯度 {lat}, 経度 {lon}（誤差 約{accuracy}m）https://www.openstreetmap.org/?mlat={lat}&mlon={lon}',
  },
  en: {
    drill: '[DRILL] ',
    send: 'Send answer',
    change: 'Change my answer',
    recorded: 'Your answer has been recorded',
    recordedAt: 'Recorded at',
    yourAnswers: 'Your answers',
    canChange: 'You can change your answer from the same link until this safety check closes.',
    required: 'required',
    problem: 'Please check your input',
    deadline: 'Answer by',
    notFound: 'This link is invalid or has expired.',
    closed: 'This safety check has closed.',
    unavailable: 'This safety check cannot be shown right now. Please try again shortly.',
    lineNotOffered: 'Safety checks on LINE are not available for this company.',
    lineOffer: 'Get safety checks on LINE',
    tooMany: 'Too many requests. Please wait a moment and try again.',
    badRequest: 'Your submission could not be read. Please try again.',
    board: 'Message board',
    crisisTeam: 'Crisis team',
    recipient: 'Recipient',
    reply: 'Post to the board',
    boardRules: 'Everyone can read what you post (up to 1000 characters).',
    switchTo: '日本語',
    pushOffer: 'Get notifications on this device: until you answer, reminders arrive as notifications too.',
    pushButton: 'Notify me',
    pushWorking: 'Setting up…',
    pushDone: 'This device will get notifications.',
    pushFailed: 'Notifications could not be set up. Check that notifications are allowed and try again.',
    pushUnavailable: 'Notifications are not available for this company.',
    locationButton: 'Use my current location',
    locationWorking: 'Finding your location…',
    locationDone: 'Your location has been filled in; check it before sending.',
    locationDenied: 'Location access is not allowed. Please type where you are.',
    locationFailed: 'Your location could not be found. Please type where you are.',
    locationFormat: 'Latitude {lat}, longitude {lon} (within about {accuracy} m) https://www.openstreetmap.org/?mlat={lat}&mlon={lon}',
  },
} as const;

/**
 * The text question a phone's position may fill in (the default question set's "where are you
 * now"): with JavaScript, in a secure page, one tap writes the coordinates and a map link into
 * it; the person sees them and sends them like anything they typed.
 */
const LOCATION_QUESTION_ID = 'location';

/** The language the page offers to switch to. */
const otherLanguage: Record<Language, Language> = { ja: 'en', en: 'ja' };

/**
 * A path of the answer page with the page's language in it: what is posted from a page is
 * answered in the language it was shown in, even when that was chosen on the page.
 */
function inLanguage(path: string, language: Language): string {
  return escapeHtml(`${path}?lang=${language}`);
}

export type ErrorPageKind = 'notFound' | 'closed' | 'unavailable' | 'tooMany' | 'badRequest' | 'lineNotOffered';

/**
 * Server-rendered pages for any phone: no JavaScript, no external resources, a few KB,
 * readable on a feature phone browser. Every dynamic value is escaped.
 */
export class AnswerPageRenderer {
  /** `offers`: what the company lets employees connect ("notify me" for Web Push, a LINE link). */
  form(
    alert: AnswerPageAlert,
    locale: PageLocale,
    actionPath: string,
    previous: Record<string, string> = {},
    problemIds: string[] = [],
    { board, offers = { webPush: null, line: null } }: { board?: AnswerPageBoard; offers?: NotificationOffersV1 } = {},
  ): string {
    const { language } = locale;
    const text = words[language];
    const fields = alert.questions.map((question) => this.field(question, language, previous[question.id], problemIds.includes(question.id))).join('');
    const asksLocation = alert.questions.some((question) => question.kind === 'text' && question.id === LOCATION_QUESTION_ID);
    const alertText = problemIds.length > 0 ? `<p class="problem" role="alert">${text.problem}</p>` : '';
    const submit = Object.keys(previous).length > 0 ? text.change : text.send;
    return this.page(
      language,
      `${alert.drill ? text.drill : ''}${alert.title}`,
      `<p><small><a href="${inLanguage(actionPath, otherLanguage[language])}" lang="${otherLanguage[language]}">${text.switchTo}</a></small></p>
<p>${escapeHtml(alert.message).replace(/\n/g, '<br>')}</p>
<p><small>${text.deadline}: ${escapeHtml(formatTime(alert.closesAt, locale))}</small></p>
${alertText}<form method="post" action="${inLanguage(actionPath, language)}" accept-charset="UTF-8">${fields}<p><button type="submit">${submit}</button></p></form>${asksLocation ? this.locationScript() : ''}${offers.webPush ? this.pushOffer(actionPath, language) : ''}${offers.line ? this.lineOffer(actionPath, language) : ''}${this.board(board, locale)}`,
    );
  }

  recorded(alert: AnswerPageAlert, locale: PageLocale, answers: Record<string, string>, answeredAt: Date, changePath: string): string {
    const { language } = locale;
    const text = words[language];
    const rows = alert.questions
      .filter((question) => answers[question.id] !== undefined)
      .map((question) => `<dt>${escapeHtml(question.label[language])}</dt><dd>${escapeHtml(displayAnswer(question, answers[question.id], language))}</dd>`)
      .join('');
    return this.page(
      language,
      text.recorded,
      `<p><strong>${text.recorded}</strong></p>
<p>${text.recordedAt}: ${escapeHtml(formatTime(answeredAt, locale))}</p>
<h2>${text.yourAnswers}</h2><dl>${rows}</dl>
<p>${text.canChange}</p><p><a href="${inLanguage(changePath, language)}">${text.change}</a></p>`,
    );
  }

  error(kind: ErrorPageKind, language: Language): string {
    return this.page(language, 'Anpi', `<p>${words[language][kind]}</p>`);
  }

  /**
   * Hidden (inline style: older phone browsers know no `hidden`) until the page's script finds a
   * browser that can take push notifications; without JavaScript nothing of it shows.
   */
  private pushOffer(path: string, language: Language): string {
    const text = words[language];
    const messages = { working: text.pushWorking, done: text.pushDone, failed: text.pushFailed, unavailable: text.pushUnavailable };
    const data = Object.entries(messages).map(([key, message]) => ` data-${key}="${escapeHtml(message)}"`).join('');
    return `<div id="push" style="display:none" data-path="${escapeHtml(path)}"${data}><p>${text.pushOffer}</p><p><button type="button">${text.pushButton}</button></p><p role="status"></p></div><script src="/a/assets/push.js" defer></script>`;
  }

  /** Hidden like the push box until the script finds a browser that can tell where it is. */
  private locationOffer(language: Language): string {
    const text = words[language];
    const messages = { working: text.locationWorking, done: text.locationDone, denied: text.locationDenied, failed: text.locationFailed, format: text.locationFormat };
    const data = Object.entries(messages).map(([key, message]) => ` data-${key}="${escapeHtml(message)}"`).join('');
    return `<span id="geolocation" style="display:none" data-for="${LOCATION_QUESTION_ID}"${data}><br><button type="button">${text.locationButton}</button> <span role="status"></span></span>`;
  }

  private locationScript(): string {
    return '<script src="/a/assets/location.js" defer></script>';
  }

  /** A plain link (no script): LINE opens from it on any smartphone. */
  private lineOffer(path: string, language: Language): string {
    return `<p><a href="${inLanguage(`${path}/line`, language)}">${words[language].lineOffer}</a></p>`;
  }

  private board(board: AnswerPageBoard | undefined, locale: PageLocale): string {
    if (!board) return '';
    const { language } = locale;
    const text = words[language];
    const posts = board.posts
      .map((post) => {
        const characters = [...post.body];
        const body = characters.length > BOARD_POST_PREVIEW_CHARACTERS ? `${characters.slice(0, BOARD_POST_PREVIEW_CHARACTERS).join('')}…` : post.body;
        const author = post.author === 'crisis-team' ? `<strong>${text.crisisTeam}</strong>` : text.recipient;
        return `<li>${author} <small>${escapeHtml(formatTime(new Date(post.createdAt), locale))}</small><br>${escapeHtml(body).replace(/\n/g, '<br>')}</li>`;
      })
      .join('');
    const reply = board.replyPath
      ? `<form method="post" action="${inLanguage(board.replyPath, language)}" accept-charset="UTF-8"><p><label for="board-body">${text.boardRules}</label><br><textarea id="board-body" name="body" rows="2" maxlength="1000"></textarea></p><p><button type="submit">${text.reply}</button></p></form>`
      : '';
    return `<h2>${text.board}</h2>${posts ? `<ul>${posts}</ul>` : ''}${reply}`;
  }

  private field(question: Question, language: Language, previous: string | undefined, hasProblem: boolean): string {
    const label = escapeHtml(question.label[language]) + (question.required ? ` <small>(${words[language].required})</small>` : '');
    const marker = hasProblem ? ' class="problem"' : '';
    if (question.kind === 'choice') {
      const options = question.choices
        .map((choice) => {
          const id = `${question.id}-${choice.id}`;
          const checked = previous === choice.id ? ' checked' : '';
          return `<label for="${id}"><input type="radio" id="${id}" name="${question.id}" value="${choice.id}"${checked}> ${escapeHtml(choice.label[language])}</label><br>`;
        })
        .join('');
      return `<fieldset${marker}><legend>${label}</legend>${options}</fieldset>`;
    }
    const locationOffer = question.id === LOCATION_QUESTION_ID ? this.locationOffer(language) : '';
    return `<p${marker}><label for="${question.id}">${label}</label><br><textarea id="${question.id}" name="${question.id}" rows="3" maxlength="${question.maxLength}">${escapeHtml(previous ?? '')}</textarea>${locationOffer}</p>`;
  }

  private page(language: Language, title: string, body: string): string {
    return `<!DOCTYPE html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="no-referrer"><title>${escapeHtml(title)}</title>
<style>body{font-family:sans-serif;max-width:40em;margin:0 auto;padding:.5em;line-height:1.5}fieldset{border:1px solid #666;margin:.5em 0}.problem{color:#b00020;font-weight:bold}button{font-size:1.1em;padding:.4em 1em}textarea{width:100%}</style>
</head><body><main><h1>${escapeHtml(title)}</h1>
${body}
</main></body></html>`;
  }
}


// Built once per language and time zone: creating an Intl.DateTimeFormat costs far more than
// formatting with one, and the confirmation page is rendered for every answer.
const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** In the company's time zone, named (an employee abroad must not guess whose 23:04 it is). */
function formatTime(time: Date, { language, timeZone }: PageLocale): string {
  return timeFormat(language, timeZone).format(time);
}

function timeFormat(language: Language, timeZone: string): Intl.DateTimeFormat {
  const key = `${language} ${timeZone}`;
  let format = timeFormats.get(key);
  if (!format) {
    const options: Intl.DateTimeFormatOptions = { year: 'numeric', month: language === 'ja' ? '2-digit' : 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' };
    try {
      format = new Intl.DateTimeFormat(language === 'ja' ? 'ja-JP' : 'en-GB', { ...options, timeZone });
    } catch {
      // A zone this runtime does not know: the default, never a broken page.
      return timeFormat(language, DEFAULT_TIME_ZONE);
    }
    timeFormats.set(key, format);
  }
  return format;
}
