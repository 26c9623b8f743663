import { AccessTokenGuard, CurrentPrincipal, Principal, Roles } from '@anpi/auth-guard';
import { Controller, Get, MessageEvent, NotFoundException, Param, ParseUUIDPipe, Sse, UseGuards } from '@nestjs/common';
import { Observable, distinctUntilChanged, exhaustMap, filter, from, map, timer } from 'rxjs';
import { AlertBreakdown, AlertBreakdowns } from '../breakdowns/alert-breakdowns';
import { AlertSummaries, AlertSummary } from './alert-summary';

/** How often a live view re-reads the counters; an answer shows up within this (< 1 s). */
const LIVE_REFRESH_MS = 500;

/**
 * The crisis team's live picture. The whole-company summary is for owners and admins; the
 * breakdown by department (sub-departments rolled up) and prefecture is also open to
 * department admins, who see their own subtrees only.
 */
@Controller('v1/alerts')
@UseGuards(AccessTokenGuard)
export class AlertSummaryController {
  constructor(
    private readonly summaries: AlertSummaries,
    private readonly breakdowns: AlertBreakdowns,
  ) {}

  @Get(':alertId/summary')
  @Roles('owner', 'admin')
  async summary(@CurrentPrincipal() principal: Principal, @Param('alertId', new ParseUUIDPipe()) alertId: string): Promise<AlertSummary> {
    return found(await this.summaries.read(principal.tenantId, alertId));
  }

  /** Server-Sent Events: the summary now, then again each time it changes. */
  @Sse(':alertId/live')
  @Roles('owner', 'admin')
  live(@CurrentPrincipal() principal: Principal, @Param('alertId', new ParseUUIDPipe()) alertId: string): Observable<MessageEvent> {
    return liveView('summary', () => this.summaries.read(principal.tenantId, alertId));
  }

  @Get(':alertId/breakdown')
  @Roles('owner', 'admin', 'department_admin')
  async breakdown(@CurrentPrincipal() principal: Principal, @Param('alertId', new ParseUUIDPipe()) alertId: string): Promise<AlertBreakdown> {
    return found(await this.breakdowns.read(principal, alertId));
  }

  /** Server-Sent Events of the breakdown, scoped like the snapshot. */
  @Sse(':alertId/breakdown/live')
  @Roles('owner', 'admin', 'department_admin')
  liveBreakdown(@CurrentPrincipal() principal: Principal, @Param('alertId', new ParseUUIDPipe()) alertId: string): Observable<MessageEvent> {
    return liveView('breakdown', () => this.breakdowns.read(principal, alertId));
  }
}

function found<T>(value: T | undefined): T {
  if (value === undefined) throw new NotFoundException('alert not found');
  return value;
}

/**
 * Re-reads on a short timer and emits only when something changed. A tick that comes while a
 * read is still running is skipped (exhaustMap): under load, cancelling the slow read for a
 * new one (switchMap) would starve the view of every update.
 */
function liveView<T>(type: string, read: () => Promise<T | undefined>): Observable<MessageEvent> {
  return timer(0, LIVE_REFRESH_MS).pipe(
    exhaustMap(() => from(read())),
    filter((value): value is T => value !== undefined),
    map((value) => JSON.stringify(value)),
    distinctUntilChanged(),
    map((data) => ({ type, data })),
  );
}
