import type { Channel, Question } from './dispatch-api';
import { HttpClient } from './http-client';
import { ServerSentEvents } from './server-sent-events';

export interface AlertSummary {
  alertId: string;
  recipients: number;
  responded: number;
  responseRate: number;
  answers: Record<string, Record<string, number>>;
  timeline: { secondsSinceOpen: number; responded: number }[];
  medianSecondsToAnswer: number | null;
}

export interface BreakdownRow {
  recipients: number;
  responded: number;
  responseRate: number;
  answers: Record<string, Record<string, number>>;
}

export interface AlertBreakdown {
  alertId: string;
  /** Every department with its sub-departments rolled up; departmentId null = no department. */
  departments: (BreakdownRow & { departmentId: string | null; parentId: string | null; name: string | null })[];
  /** Empty for department admins (a prefecture spans departments). */
  workPrefectures: (BreakdownRow & { prefecture: string | null })[];
  homePrefectures: (BreakdownRow & { prefecture: string | null })[];
}

export interface NonResponder {
  recipientId: string;
  employeeNumber: string | null;
  departmentIds: string[];
  workPrefecture: string | null;
  homePrefecture: string | null;
  /** Channels dispatch handed to a provider, in the order first tried; [] before the first send. */
  contactChannelsTried: Channel[];
  /** The latest delivery; channel null when it reached no provider (no address on any channel). */
  lastDelivery: { channel: Channel | null; state: 'sent' | 'failed' | 'bounced'; at: string } | null;
}

/** The non-responder list's filters; a department includes its sub-departments. */
export interface NonResponderFilter {
  department?: string;
  workPrefecture?: string;
  homePrefecture?: string;
}

/** One person's answer as it stands (response collection's `GET /v1/alerts/{id}/answers`). */
export interface ListedAnswer {
  recipientId: string;
  employeeNumber: string | null;
  departmentIds: string[];
  workPrefecture: string | null;
  homePrefecture: string | null;
  /** Question id → choice id or the text written. */
  answers: Record<string, string>;
  firstAnsweredAt: string;
  answeredAt: string;
  recordedByStaff: boolean;
}

/** The answer list's filter: the people whose answer to `question` is one of `choices`. */
export interface AnswerFilter {
  question: string;
  choices: string[];
  department?: string;
  workPrefecture?: string;
}

export interface BoardPost {
  postId: string;
  author: string;
  body: string;
  createdAt: string;
  hidden?: boolean;
}

/** The figures of a drill report, for the whole alert and for each department. */
export interface DrillReportFigures {
  recipients: number;
  responded: number;
  responseRate: number;
  /** Median seconds from the alert's opening to each person's first answer; null before anyone answered. */
  medianSecondsToAnswer: number | null;
}

/** What a BCP team files after a drill (owners, admins): computed when asked, not live. */
export interface DrillReport extends DrillReportFigures {
  alertId: string;
  title: string;
  drill: boolean;
  openedAt: string | null;
  timeline: AlertSummary['timeline'];
  /** Each department with its sub-departments rolled up. */
  departments: (DrillReportFigures & { departmentId: string; name: string | null })[];
}

/** CSV downloads: UTF-8 (with a BOM) or Shift_JIS, which Excel in Japan opens by default. */
export type CsvEncoding = 'utf-8' | 'shift_jis';

/** One person's answer as stored: recorded by the crisis team on their behalf when `via` is 'console'. */
export interface RecordedAnswer {
  alertId: string;
  recipientId: string;
  /** Choice id or text, per question id. */
  answers: Record<string, string>;
  revision: number;
  firstAnsweredAt: string;
  answeredAt: string;
  via: 'console';
  recordedBy: string;
}

/** The signed-in person's own answer to a safety check as stored (the latest one counts). */
export interface OwnAnswer {
  /** Choice id or text, per question id. */
  answers: Record<string, string>;
  revision: number;
  firstAnsweredAt: string;
  answeredAt: string;
}

/** An open safety check that asked the signed-in person (their account's linked directory person). */
export interface MySafetyCheck {
  alertId: string;
  title: string;
  message: string;
  drill: boolean;
  closesAt: string;
  questions: Question[];
  /** null until they answer. */
  answer: OwnAnswer | null;
}

export interface MySafetyChecks {
  /** Whether the account is linked to a person in the directory; unlinked, nothing ever asks it. */
  linked: boolean;
  /** Newest first. */
  safetyChecks: MySafetyCheck[];
}

/** The service's largest page; 50,000 non-responders are 50 requests. */
const NON_RESPONDER_PAGE = 1000;
/** The answer list's largest page. */
const ANSWER_PAGE = 500;

/** response-collection-service (/api/responses): live aggregates, breakdowns, non-responders, answers recorded by staff, one's own safety checks, message board. */
export class ResponsesApi {
  constructor(private readonly http: HttpClient) {}

  summary(alertId: string) {
    return this.http.json<AlertSummary>('GET', `/v1/alerts/${encodeURIComponent(alertId)}/summary`);
  }

  /** The live summary over Server-Sent Events. */
  liveSummary(alertId: string, onSummary: (summary: AlertSummary) => void, signal: AbortSignal): Promise<void> {
    return this.stream(`/v1/alerts/${encodeURIComponent(alertId)}/live`, 'summary', onSummary, signal);
  }

  /** Department and prefecture breakdowns, live. */
  liveBreakdown(alertId: string, onBreakdown: (breakdown: AlertBreakdown) => void, signal: AbortSignal): Promise<void> {
    return this.stream(`/v1/alerts/${encodeURIComponent(alertId)}/breakdown/live`, 'breakdown', onBreakdown, signal);
  }

  /** Every non-responder (page after page), reporting progress so the table fills as it loads. */
  allNonResponders(alertId: string, onPage: (soFar: NonResponder[]) => void, signal: AbortSignal, filter: NonResponderFilter = {}): Promise<NonResponder[]> {
    return this.everyPage(`/v1/alerts/${encodeURIComponent(alertId)}/non-responders`, { ...filter, limit: NON_RESPONDER_PAGE }, onPage, signal);
  }

  /** Everyone whose answer matches the filter (page after page), reporting progress so the table fills as it loads. */
  allAnswers(alertId: string, filter: AnswerFilter, onPage: (soFar: ListedAnswer[]) => void, signal: AbortSignal): Promise<ListedAnswer[]> {
    return this.everyPage(`/v1/alerts/${encodeURIComponent(alertId)}/answers`, { ...filter, choices: filter.choices.join(','), limit: ANSWER_PAGE }, onPage, signal);
  }

  /** The non-responders (with the same filter) as a CSV file; Shift_JIS for Excel in Japan. Column headings in `lang`. */
  nonRespondersCsv(alertId: string, options: { encoding: CsvEncoding; lang: 'ja' | 'en'; filter?: NonResponderFilter }) {
    return this.http.send('GET', `/v1/alerts/${encodeURIComponent(alertId)}/non-responders.csv`, {
      query: { ...options.filter, encoding: options.encoding, lang: options.lang },
      headers: { accept: 'text/csv' },
    });
  }

  /** Records someone's answer on their behalf (they phoned in, say); they then stop being a non-responder. */
  /** Only while the person has not answered (If-None-Match: *): their own answer, given meanwhile, is never replaced (412). */
  recordAnswer(alertId: string, recipientId: string, answers: Record<string, string>) {
    return this.http.json<RecordedAnswer>('PUT', `/v1/alerts/${encodeURIComponent(alertId)}/answers/${encodeURIComponent(recipientId)}`, {
      body: { answers },
      headers: { 'if-none-match': '*' },
    });
  }

  /** The open safety checks that asked the signed-in person, with their current answers (every console role). */
  mySafetyChecks() {
    return this.http.json<MySafetyChecks>('GET', '/v1/my-safety-checks');
  }

  /**
   * The signed-in person's own answer, counted like one from their answer page; changeable until
   * the alert closes. 400 at `answers.<questionId>`, 403 not linked, 404 did not ask them, 410 closed.
   */
  answerMySafetyCheck(alertId: string, answers: Record<string, string>) {
    return this.http.json<OwnAnswer & { alertId: string }>('PUT', `/v1/my-safety-checks/${encodeURIComponent(alertId)}/answer`, { body: { answers } });
  }

  board(alertId: string) {
    return this.http.json<{ items: BoardPost[] }>('GET', `/v1/alerts/${encodeURIComponent(alertId)}/board`);
  }

  postToBoard(alertId: string, body: string) {
    return this.http.json<BoardPost>('POST', `/v1/alerts/${encodeURIComponent(alertId)}/board`, { body: { body } });
  }

  /** Hides a post from the employees' answer pages (owners, admins); staff still see it, marked hidden. */
  hideBoardPost(alertId: string, postId: string) {
    return this.http.json<void>('POST', `/v1/alerts/${encodeURIComponent(alertId)}/board/${encodeURIComponent(postId)}/hide`);
  }

  /** Every answer as a CSV file (department admins: the people in their subtrees); the response, for its body and file name. */
  /** Every answer as CSV, or only the answer list's filter (the injured of one department…). */
  answersCsv(alertId: string, encoding: CsvEncoding, lang: 'ja' | 'en', filter?: AnswerFilter) {
    const query = { encoding, lang, ...(filter && { ...filter, choices: filter.choices.join(',') }) };
    return this.http.send('GET', `/v1/alerts/${encodeURIComponent(alertId)}/answers.csv`, { query, headers: { accept: 'text/csv' } });
  }

  drillReport(alertId: string) {
    return this.http.json<DrillReport>('GET', `/v1/alerts/${encodeURIComponent(alertId)}/report`);
  }

  /** The drill report as a spreadsheet (owners, admins). */
  drillReportCsv(alertId: string, encoding: CsvEncoding, lang: 'ja' | 'en') {
    return this.http.send('GET', `/v1/alerts/${encodeURIComponent(alertId)}/report.csv`, { query: { encoding, lang }, headers: { accept: 'text/csv' } });
  }

  /**
   * Server-Sent Events through fetch, not EventSource: EventSource cannot send the
   * Authorization header, and the token must never travel in a URL.
   */
  /** A keyset-paged list (`{items, next}`, `after=`) read to its end, reporting each page as it comes. */
  private async everyPage<T>(path: string, query: Record<string, string | number>, onPage: (soFar: T[]) => void, signal: AbortSignal): Promise<T[]> {
    const all: T[] = [];
    let after: string | undefined;
    do {
      const page = await this.http.json<{ items: T[]; next: string | null }>('GET', path, { query: { ...query, after }, signal });
      all.push(...page.items);
      onPage(all);
      after = page.next ?? undefined;
    } while (after);
    return all;
  }

  private async stream<T>(path: string, eventName: string, onData: (data: T) => void, signal: AbortSignal): Promise<void> {
    const response = await this.http.send('GET', path, { headers: { accept: 'text/event-stream' }, signal });
    const events = new ServerSentEvents();
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      for (const event of events.push(value)) {
        if (event.event === eventName || event.event === 'message') onData(JSON.parse(event.data) as T);
      }
    }
  }
}
