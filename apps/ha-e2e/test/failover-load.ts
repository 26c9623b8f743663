import { ServiceProcess } from '@anpi/testing';

/** One HTTP request the load generator made: when, how long, and what came back (0 = no answer). */
export interface RequestRecord {
  startedAt: number;
  endedAt: number;
  status: number;
}

export interface AnswerRecord extends RequestRecord {
  recipientId: string;
  comment: string;
}

export interface FailoverLoadTargets {
  responses: ServiceProcess;
  dispatch: ServiceProcess;
  adminToken: string;
  /** Recipients still to answer, each with the token of their link. */
  answerLinks: { recipientId: string; token: string }[];
  /** Tag in Idempotency-Keys and comments, so each scenario's rows can be told apart. */
  scenario: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const isSuccess = (status: number) => status >= 200 && status < 300;

/**
 * What clients do during a failover: employees submit answers (two at a time, each recipient
 * once, with a unique comment so each acknowledged answer can be found again), an admin
 * creates small alerts (each creating deliveries) and retries a failed one with the same
 * Idempotency-Key until it is acknowledged, and a kubelet polls readiness.
 */
export class FailoverLoad {
  readonly answers: AnswerRecord[] = [];
  readonly alertRequests: RequestRecord[] = [];
  /** Idempotency-Key → alert id, for every alert creation that got a 2xx. */
  readonly acknowledgedAlerts = new Map<string, string>();
  readonly readiness: { at: number; status: number }[] = [];
  private running = false;
  private loops: Promise<void>[] = [];
  private nextLink = 0;

  constructor(private readonly targets: FailoverLoadTargets) {}

  start(): void {
    this.running = true;
    this.loops = [this.answerLoop(), this.answerLoop(), this.alertLoop(), this.readinessLoop()];
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  get acknowledgedAnswers(): AnswerRecord[] {
    return this.answers.filter((answer) => isSuccess(answer.status));
  }

  /** Every request that did not get a 2xx (5xx, or no answer within the client's timeout). */
  get failures(): RequestRecord[] {
    return [...this.answers, ...this.alertRequests].filter((request) => !isSuccess(request.status)).sort((a, b) => a.startedAt - b.startedAt);
  }

  get slowestRequestMs(): number {
    return Math.max(0, ...[...this.answers, ...this.alertRequests].map((request) => request.endedAt - request.startedAt));
  }

  private async answerLoop(): Promise<void> {
    while (this.running && this.nextLink < this.targets.answerLinks.length) {
      const link = this.targets.answerLinks[this.nextLink++];
      const comment = `${this.targets.scenario}-${link.recipientId.slice(0, 8)}`;
      const record = await this.timed(() =>
        fetch(`${this.targets.responses.baseUrl}/a/${link.token}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-proto': 'https' },
          body: new URLSearchParams({ safety: 'safe', can_work: 'later', comment }).toString(),
          signal: AbortSignal.timeout(20_000),
        }),
      );
      this.answers.push({ ...record, recipientId: link.recipientId, comment });
      await sleep(100);
    }
  }

  private async alertLoop(): Promise<void> {
    for (let sequence = 0; this.running; sequence++) {
      const key = `ha-${this.targets.scenario}-${sequence}`;
      // A client that got no 2xx does not know whether the alert exists: it retries with the
      // same key, and the service must neither lose nor duplicate it.
      while (!this.acknowledgedAlerts.has(key)) {
        let alertId: string | undefined;
        const record = await this.timed(async () => {
          const response = await fetch(`${this.targets.dispatch.baseUrl}/v1/alerts`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${this.targets.adminToken}`, 'idempotency-key': key },
            body: JSON.stringify({ title: `HA drill ${key}`, message: 'failover drill', target: { kind: 'prefectures', prefectureCodes: ['01'], match: 'work' } }),
            signal: AbortSignal.timeout(20_000),
          });
          if (isSuccess(response.status)) alertId = ((await response.json()) as { id: string }).id;
          return response;
        });
        this.alertRequests.push(record);
        if (alertId) this.acknowledgedAlerts.set(key, alertId);
        else await sleep(200);
      }
      await sleep(300);
    }
  }

  private async readinessLoop(): Promise<void> {
    while (this.running) {
      this.readiness.push({ at: Date.now(), status: await this.targets.responses.readiness() });
      await sleep(250);
    }
  }

  private async timed(request: () => Promise<Response>): Promise<RequestRecord> {
    const startedAt = Date.now();
    try {
      const response = await request();
      await response.arrayBuffer().catch(() => undefined);
      return { startedAt, endedAt: Date.now(), status: response.status };
    } catch {
      return { startedAt, endedAt: Date.now(), status: 0 };
    }
  }
}
