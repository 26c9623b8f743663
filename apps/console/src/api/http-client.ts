import { ApiError, apiErrorFrom, SessionExpired } from './api-error';
import { SessionRenewal } from '../session/session-renewal';
import { SessionStore } from '../session/session-store';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** A raw body (a CSV file) sent as it is, with this content type. */
  file?: { data: Blob | string; contentType: string };
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Log-in and sign-up: no token, and a 401 is an answer, not an expired session. */
  anonymous?: boolean;
}

/**
 * HTTP to one service under its /api/<service> prefix (the gateway's and the ingress' path
 * scheme). Adds the access token; on 401 refreshes the session once and retries; when that
 * fails too, clears the session and throws SessionExpired.
 */
export class HttpClient {
  constructor(
    private readonly prefix: string,
    private readonly session: SessionStore,
    private readonly renewal: SessionRenewal,
    private readonly fetcher: FetchLike = (input, init) => fetch(input, init),
  ) {}

  async json<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const response = await this.send(method, path, options);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  /** The response itself (a download, a stream) once it is known to be a success. */
  async send(method: string, path: string, options: RequestOptions = {}): Promise<Response> {
    let response = await this.attempt(method, path, options);
    if (response.status === 401 && !options.anonymous) {
      if (!(await this.renewal.renew())) {
        this.session.clear();
        throw new SessionExpired();
      }
      response = await this.attempt(method, path, options);
      if (response.status === 401) {
        this.session.clear();
        throw new SessionExpired();
      }
    }
    if (!response.ok) throw apiErrorFrom(response.status, await response.json().catch(() => undefined), response.headers.get('retry-after'));
    return response;
  }

  private attempt(method: string, path: string, options: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    const token = options.anonymous ? undefined : this.session.current()?.accessToken;
    if (token) headers.authorization = `Bearer ${token}`;
    let body: BodyInit | undefined;
    if (options.file) {
      headers['content-type'] = options.file.contentType;
      body = options.file.data;
    } else if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    return this.fetcher(this.prefix + path + queryString(options.query), { method, headers, body, signal: options.signal }).catch((error: unknown) => {
      if ((error as Error)?.name === 'AbortError') throw error;
      throw new ApiError(0, 'network', 'network error');
    });
  }
}

function queryString(query: RequestOptions['query']): string {
  if (!query) return '';
  const entries = Object.entries(query).filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined && entry[1] !== '');
  return entries.length ? `?${new URLSearchParams(entries.map(([name, value]) => [name, String(value)])).toString()}` : '';
}
