import { AccessTokenGuard, CurrentPrincipal, Principal, Roles } from '@anpi/auth-guard';
import { Controller, Get, MessageEvent, NotFoundException, Param, ParseUUIDPipe, Sse, UseGuards } from '@nestjs/common';
import { Observable, distinctUntilChanged, filter, from, map, switchMap, timer } from 'rxjs';
import { AlertSummaries, AlertSummary } from './alert-summary';

/** How often a live view re-reads the counters; an answer shows up within this (< 1 s). */
const LIVE_REFRESH_MS = 500;

/**
 * The crisis team's live picture. Department breakdowns (and with them department admins'
 * scoped views) need the directory in this service and come with the dashboard work; until
 * then only owners and admins see alert summaries.
 */
@Controller('v1/alerts')
@UseGuards(AccessTokenGuard)
export class AlertSummaryController {
  constructor(private readonly summaries: AlertSummaries) {}

  @Get(':alertId/summary')
  @Roles('owner', 'admin')
  async summary(@CurrentPrincipal() principal: Principal, @Param('alertId', new ParseUUIDPipe()) alertId: string): Promise<AlertSummary> {
    const summary = await this.summaries.read(principal.tenantId, alertId);
    if (!summary) throw new NotFoundException('alert not found');
    return summary;
  }

  /** Server-Sent Events: the summary now, then again each time it changes. */
  @Sse(':alertId/live')
  @Roles('owner', 'admin')
  live(@CurrentPrincipal() principal: Principal, @Param('alertId', new ParseUUIDPipe()) alertId: string): Observable<MessageEvent> {
    return timer(0, LIVE_REFRESH_MS).pipe(
      switchMap(() => from(this.summaries.read(principal.tenantId, alertId))),
      filter((summary): summary is AlertSummary => summary !== undefined),
      map((summary) => JSON.stringify(summary)),
      distinctUntilChanged(),
      map((data) => ({ type: 'summary', data })),
    );
  }
}
