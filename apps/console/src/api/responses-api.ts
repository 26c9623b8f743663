import type { Channel } from './dispatch-api';
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

export interface BoardPost {
  postId: string;
  author: string;
  body: string;
  createdAt: string;
  hidden?: boolean;
}

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

/** The service's largest page; 50,000 non-responders are 50 requests. */
const NON_RESPONDER_PAGE = 1000;

/** response-collection-service (/api/responses): live aggregates, breakdowns, non-responders, answers recorded by staff, message board. */
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
  async allNonResponders(alertId: string, onPage: (soFar: NonResponder[]) => void, signal: AbortSignal): Promise<NonResponder[]> {
    const all: NonResponder[] = [];
    let after: string | undefined;
    do {
      const page = await this.http.json<{ items: NonResponder[]; next: string | null }>('GET', `/v1/alerts/${encodeURIComponent(alertId)}/non-responders`, {
        query: { limit: NON_RESPONDER_PAGE, after },
        signal,
      });
      all.push(...page.items);
      onPage(all);
      after = page.next ?? undefined;
    } while (after);
    return all;
  }

  /** Records someone's answer on their behalf (they phoned in, say); they then stop being a non-responder. */
  /** Only while the person has not answered (If-None-Match: *): their own answer, given meanwhile, is never replaced (412). */
  recordAnswer(alertId: string, recipientId: string, answers: Record<string, string>) {
    return this.http.json<RecordedAnswer>('PUT', `/v1/alerts/${encodeURIComponent(alertId)}/answers/${encodeURIComponent(recipientId)}`, {
      body: { answers },
      headers: { 'if-none-match': '*' },
    });
  }

  board(alertId: string) {
    return this.http.json<{ items: BoardPost[] }>('GET', `/v1/alerts/${encodeURIComponent(alertId)}/board`);
  }

  postToBoard(alertId: string, body: string) {
    return this.http.json<BoardPost>('POST', `/v1/alerts/${encodeURIComponent(alertId)}/board`, { body: { body } });
  }

  /**
   * Server-Sent Events through fetch, not EventSource: EventSource cannot send the
   * Authorization header, and the token must never travel in a URL.
   */
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
