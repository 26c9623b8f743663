import { SessionRenewal } from '../session/session-renewal';
import { SessionStore } from '../session/session-store';
import { AuthApi } from './auth-api';
import { DispatchApi } from './dispatch-api';
import { FetchLike, HttpClient } from './http-client';
import { ResponsesApi } from './responses-api';
import { TeamApi } from './team-api';
import { TenantApi } from './tenant-api';

/** The four services as the console sees them, one client per service under the /api/<service> path scheme. */
export interface ConsoleApi {
  session: SessionStore;
  auth: AuthApi;
  tenant: TenantApi;
  dispatch: DispatchApi;
  responses: ResponsesApi;
  team: TeamApi;
}

export function createConsoleApi(session: SessionStore, fetcher: FetchLike = (input, init) => fetch(input, init)): ConsoleApi {
  const renewal = new SessionRenewal(session, fetcher);
  const client = (prefix: string) => new HttpClient(`/api/${prefix}`, session, renewal, fetcher);
  return {
    session,
    auth: new AuthApi(client('auth')),
    tenant: new TenantApi(client('tenant')),
    dispatch: new DispatchApi(client('dispatch')),
    responses: new ResponsesApi(client('responses')),
    team: new TeamApi(client('auth')),
  };
}
