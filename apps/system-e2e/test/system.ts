import { LocalServiceName, ServiceProcess, readLocalStackSettings, waitFor } from '@anpi/testing';

/**
 * The four services as real processes on their own ports (so a developer's `npm start`
 * stack on 3001–3004 can keep running beside the tests).
 */
export class RunningSystem {
  readonly tenant = new ServiceProcess('tenant-service', 3101);
  readonly auth = new ServiceProcess('auth-service', 3102);
  readonly dispatch = new ServiceProcess('alert-dispatch-service', 3103);
  readonly responses = new ServiceProcess('response-collection-service', 3104, { DISPATCH_INTERNAL_URL: 'http://127.0.0.1:3103' });
  readonly internalToken = readLocalStackSettings().INTERNAL_API_TOKEN;

  get all(): ServiceProcess[] {
    return [this.tenant, this.auth, this.dispatch, this.responses];
  }

  async start(): Promise<void> {
    await Promise.all(this.all.map((service) => service.start()));
  }

  async stop(): Promise<(number | null)[]> {
    return Promise.all(this.all.map((service) => service.stop('SIGTERM')));
  }

  service(name: LocalServiceName): ServiceProcess {
    return this.all.find((service) => service.service === name)!;
  }

  async signUp(body: Record<string, unknown>, idempotencyKey?: string) {
    const response = await fetch(`${this.tenant.baseUrl}/v1/tenants/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
      body: JSON.stringify(body),
    });
    return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
  }

  async internalGet(service: ServiceProcess, path: string) {
    const response = await fetch(`${service.baseUrl}${path}`, { headers: { authorization: `Bearer ${this.internalToken}` } });
    return { status: response.status, body: response.status === 200 ? await response.json() : undefined };
  }

  /** Waits until auth, dispatch and responses all know the tenant — the `tenant.created` fan-out. */
  async waitForTenantEverywhere(tenantId: string, timeoutMs = 20_000) {
    const accounts = await waitFor(
      async () => {
        const result = await this.internalGet(this.auth, `/internal/v1/tenants/${tenantId}/accounts`);
        return (result.body as unknown[] | undefined)?.length ? result.body : undefined;
      },
      { timeoutMs, what: 'auth-service to provision the owner' },
    );
    const dispatchView = await waitFor(async () => (await this.internalGet(this.dispatch, `/internal/v1/tenants/${tenantId}`)).body, {
      timeoutMs,
      what: 'alert-dispatch-service to record the tenant',
    });
    const responsesView = await waitFor(async () => (await this.internalGet(this.responses, `/internal/v1/tenants/${tenantId}`)).body, {
      timeoutMs,
      what: 'response-collection-service to record the tenant',
    });
    return { accounts, dispatchView, responsesView };
  }
}

export function newTenantRequest(overrides: Record<string, unknown> = {}) {
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  return {
    slug: `e2e-${suffix}`,
    displayName: `E2E 株式会社 ${suffix}`,
    defaultLanguage: 'ja',
    owner: { email: `owner-${suffix}@example.test`, displayName: '検証 花子' },
    ...overrides,
  };
}
