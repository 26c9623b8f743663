import { WebPushSubscriptionV1 } from '@anpi/contracts';

/** Dispatch could not be asked (down, slow, or answering 5xx): the page says "try again later". */
export class DispatchUnavailable extends Error {
  override readonly name = 'DispatchUnavailable';
}

const TIMEOUT_MS = 5_000;

/**
 * alert-dispatch-service's internal API for Web Push subscriptions, called with the
 * installation's internal token. Dispatch keeps the subscriptions (it sends the pushes, and
 * this service keeps no contact data); an employee subscribing is rare, so a direct call is
 * simpler than an event, and a failure is shown to them at once.
 */
export class DispatchPushApi {
  constructor(
    private readonly baseUrl: string,
    private readonly internalToken: string,
  ) {}

  /** The company's VAPID public key, or undefined when it has not set up Web Push. */
  async webPushKey(tenantId: string): Promise<string | undefined> {
    const response = await this.call('GET', `/internal/v1/tenants/${tenantId}/web-push-key`);
    if (response.status === 404) return undefined;
    return ((await response.json()) as { publicKey: string }).publicKey;
  }

  /** False when dispatch does not know the employee (left the company meanwhile). */
  async register(tenantId: string, recipientId: string, subscription: WebPushSubscriptionV1): Promise<boolean> {
    const response = await this.call('PUT', `/internal/v1/tenants/${tenantId}/recipients/${recipientId}/push-subscriptions`, subscription);
    return response.status !== 404;
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
}
