import { LineLinkV1, NotificationOffersV1, WebPushSubscriptionV1, lineLinkV1Schema, notificationOffersV1Schema } from '@anpi/contracts';
import { z } from 'zod';

/** Dispatch could not be asked (down, slow, or answering 5xx): the page says "try again later". */
export class DispatchUnavailable extends Error {
  override readonly name = 'DispatchUnavailable';
}

const TIMEOUT_MS = 5_000;

/**
 * alert-dispatch-service's internal API for what employees connect themselves (Web Push
 * subscriptions, LINE links), called with the installation's internal token. Dispatch keeps
 * them (it sends, and this service keeps no contact data); an employee connecting a channel is
 * rare, so a direct call is simpler than an event, and a failure is shown to them at once.
 * Answers are checked against their contracts here as well as there.
 */
export class DispatchNotificationApi {
  constructor(
    private readonly baseUrl: string,
    private readonly internalToken: string,
  ) {}

  /** What the company offers its employees to connect (Web Push key, LINE official account). */
  async notificationOffers(tenantId: string): Promise<NotificationOffersV1> {
    const response = await this.call('GET', `/internal/v1/tenants/${tenantId}/notification-offers`);
    return this.read(response, notificationOffersV1Schema);
  }

  /** False when dispatch does not know the employee (left the company meanwhile). */
  async registerPushSubscription(tenantId: string, recipientId: string, subscription: WebPushSubscriptionV1): Promise<boolean> {
    const response = await this.call('PUT', `/internal/v1/tenants/${tenantId}/recipients/${recipientId}/push-subscriptions`, subscription);
    return response.status !== 404;
  }

  /** Where the employee's phone goes to link LINE; undefined when the company has no LINE linking or the employee is gone. */
  async lineLink(tenantId: string, recipientId: string): Promise<LineLinkV1 | undefined> {
    const response = await this.call('GET', `/internal/v1/tenants/${tenantId}/recipients/${recipientId}/line-link`);
    return response.status === 404 ? undefined : this.read(response, lineLinkV1Schema);
  }

  private async call(method: string, path: string, body?: unknown): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(new URL(path, this.baseUrl), {
        method,
        headers: { authorization: `Bearer ${this.internalToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new DispatchUnavailable(`alert-dispatch-service did not answer: ${(error as Error).message}`);
    }
    // 404 is an answer; anything else unexpected (a 400 means the two services disagree on the contract) is dispatch's problem, not the employee's.
    if (!response.ok && response.status !== 404) throw new DispatchUnavailable(`alert-dispatch-service answered ${response.status}`);
    return response;
  }

  private async read<T>(response: Response, schema: z.ZodType<T>): Promise<T> {
    const parsed = schema.safeParse(await response.json().catch(() => undefined));
    if (!parsed.success) throw new DispatchUnavailable('alert-dispatch-service answered outside the contract');
    return parsed.data;
  }
}
