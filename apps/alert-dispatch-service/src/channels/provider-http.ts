import { FailedOutcome, ProviderFailureKind, permanentFailure, transientFailure } from './channel';

export interface ProviderResponse {
  status: number;
  headers: Headers;
  /** At most `maxResponseBytes` of the body: a provider answering with megabytes of garbage cannot exhaust memory. */
  text: string;
}

const maxResponseBytes = 64 * 1024;

/** One HTTP call to a provider. Network errors and aborts are thrown; the resilience wrapper classifies them. */
export async function callProvider(url: string, init: { method?: string; headers: Record<string, string>; body: string | Buffer }, signal: AbortSignal): Promise<ProviderResponse> {
  const response = await fetch(url, { method: init.method ?? 'POST', headers: init.headers, body: init.body, signal, redirect: 'manual' });
  return { status: response.status, headers: response.headers, text: await readBoundedText(response, signal) };
}

async function readBoundedText(response: Response, signal: AbortSignal): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  try {
    while (received < maxResponseBytes && !signal.aborted) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, maxResponseBytes).toString('utf8');
}

/** Retry-After as delta-seconds or an HTTP date, in milliseconds from now. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

interface StatusRule {
  matches: (status: number) => boolean;
  retryable: boolean;
  kind: ProviderFailureKind;
}

/** How a provider's HTTP status reads when the body says nothing more specific. First match wins. */
const statusRules: StatusRule[] = [
  { matches: (status) => status === 408, retryable: true, kind: 'timeout' },
  { matches: (status) => status === 429, retryable: true, kind: 'rate-limited' },
  { matches: (status) => status >= 500, retryable: true, kind: 'server-error' },
  { matches: (status) => status === 401 || status === 403, retryable: false, kind: 'rejected-credentials' },
  { matches: (status) => status === 404 || status === 410, retryable: false, kind: 'rejected-recipient' },
  { matches: (status) => status >= 400, retryable: false, kind: 'rejected-message' },
  // 1xx/3xx: we never follow redirects to wherever a provider points (and 3xx is not an answer).
  { matches: () => true, retryable: false, kind: 'bad-response' },
];

/** The failure outcome of a non-2xx response; `detail` is the provider's own words, if any. */
export function failureForStatus(response: Pick<ProviderResponse, 'status' | 'headers'>, detail = ''): FailedOutcome {
  const rule = statusRules.find((candidate) => candidate.matches(response.status))!;
  const reason = `provider answered HTTP ${response.status}${detail ? `: ${detail}` : ''}`;
  return rule.retryable ? transientFailure(rule.kind, reason, parseRetryAfter(response.headers.get('retry-after'))) : permanentFailure(rule.kind, reason);
}

export function isSuccessStatus(status: number): boolean {
  return status >= 200 && status < 300;
}

/** Provider URLs come from tenant settings: https only, unless a local test stack allows http. */
export function assertProviderUrl(url: string, allowPlainHttp: boolean): URL {
  const parsed = new URL(url);
  const allowedProtocols = allowPlainHttp ? ['https:', 'http:'] : ['https:'];
  if (!allowedProtocols.includes(parsed.protocol)) {
    throw new Error(`provider URL must use https (got ${parsed.protocol}//${parsed.host})`);
  }
  return parsed;
}

/** The provider's own error text, shortened, for a reason a tenant admin can read. */
export function summariseProviderText(text: string, maxLength = 200): string {
  const singleLine = text.replace(/\s+/g, ' ').trim();
  return singleLine.length > maxLength ? `${singleLine.slice(0, maxLength)}…` : singleLine;
}

/** `path` under the provider's base URL, keeping a base path such as https://proxy/twilio/. */
export function providerEndpoint(base: URL, path: string): string {
  const directory = base.pathname.endsWith('/') ? base : new URL(`${base.pathname}/`, base);
  return new URL(path, directory).toString();
}

/** A provider's JSON object, or undefined for anything else (garbage, HTML error pages, arrays). */
export function parseJsonObject<T extends object>(text: string): Partial<T> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Partial<T>) : undefined;
  } catch {
    return undefined;
  }
}
