import { randomUUID } from 'node:crypto';
import { statusOfRequestDeclaring } from '@anpi/testing';

/** Responses are checked against expectations in each test; typing every body would be noise. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonBody = any;

export interface ApiResponse<T = JsonBody> {
  status: number;
  body: T;
}

/** Calls the tenant-service HTTP API as one principal (its bearer token). */
export class DirectoryClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  /** The status for a JSON body of `contentLength` bytes, announced but not sent (see `statusOfRequestDeclaring`). */
  statusDeclaring(method: string, path: string, contentLength: number): Promise<number> {
    return statusOfRequestDeclaring(`${this.baseUrl}${path}`, { method, headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' }, contentLength });
  }

  async call<T = JsonBody>(method: string, path: string, body?: unknown): Promise<ApiResponse<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  get<T = JsonBody>(path: string) {
    return this.call<T>('GET', path);
  }
  post<T = JsonBody>(path: string, body: unknown) {
    return this.call<T>('POST', path, body);
  }
  patch<T = JsonBody>(path: string, body: unknown) {
    return this.call<T>('PATCH', path, body);
  }
  put<T = JsonBody>(path: string, body: unknown) {
    return this.call<T>('PUT', path, body);
  }
  delete<T = JsonBody>(path: string) {
    return this.call<T>('DELETE', path);
  }
}

/** Signs a company up through the public endpoint and returns its tenant id. */
export async function signUpTenant(baseUrl: string, label: string): Promise<string> {
  const slug = `${label}-${randomUUID().slice(0, 8)}`;
  const response = await fetch(`${baseUrl}/v1/tenants/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ slug, displayName: `${label} 株式会社`, owner: { email: `owner@${slug}.example`, displayName: 'Owner' } }),
  });
  if (response.status !== 201) throw new Error(`sign-up failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

let employeeCounter = 0;

/** A valid employee body with unique number and addresses; override what a test cares about. */
export function employeeBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  employeeCounter += 1;
  const unique = `${Date.now().toString(36)}${employeeCounter}`;
  return {
    employeeNumber: `E-${unique}`,
    nameKanji: '山田 花子',
    nameKana: 'ヤマダ ハナコ',
    companyEmail: `hanako.${unique}@corp.example`,
    privateEmails: [`hanako.${unique}@home.example`],
    mobilePhone: `+8190${String(10_000_000 + employeeCounter).slice(-8)}`,
    lineUserId: `U${randomUUID().replace(/-/g, '')}`,
    workPrefecture: '13',
    homePrefecture: '14',
    ...overrides,
  };
}
