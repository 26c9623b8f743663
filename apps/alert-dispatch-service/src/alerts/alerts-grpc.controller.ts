import { GrpcServiceCallers } from '@anpi/auth-guard';
import { Metadata, status } from '@grpc/grpc-js';
import { Controller, HttpException, Inject, Logger } from '@nestjs/common';
import { GrpcMethod, RpcException } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { runInTenantTransaction } from '@anpi/persistence';
import { RECIPIENT_SOURCE, RecipientSource } from '../recipients/recipient-source';
import { countDeliveriesByState, countResponded } from '../delivery/alert-progress';
import { CreateAlert } from './create-alert.use-case';
import { closeAlert } from './close-alert';
import { InvalidAlertRequest, parseCloseAlertRequest, parseCreateAlertRequest, parseGetAlertRequest } from './grpc-alert-request';

/** anpi.dispatch.v1.Alert */
interface AlertMessage {
  alert_id: string;
  state: string;
  closes_at: string;
  deliveries_by_state: Record<string, number>;
  responded: number;
  replayed: boolean;
  drill: boolean;
  rounds_started: number;
}

/**
 * anpi.dispatch.v1.AlertService: alerts created by internal callers. Same command, same
 * checks and same Idempotency-Key rules as the REST API; the tenant comes from the request
 * (the caller is a trusted service, authenticated by its service token).
 */
@Controller()
export class AlertsGrpcController {
  private readonly logger = new Logger(AlertsGrpcController.name);

  constructor(
    private readonly callers: GrpcServiceCallers,
    private readonly createAlert: CreateAlert,
    private readonly dataSource: DataSource,
    @Inject(RECIPIENT_SOURCE) private readonly recipients: RecipientSource,
  ) {}

  @GrpcMethod('AlertService', 'CreateAlert')
  async create(request: unknown, metadata: Metadata): Promise<AlertMessage> {
    return asRpc(async () => {
      const caller = await this.callers.authenticate(metadata.get('authorization')[0]);
      const { tenantId, idempotencyKey, createdBy, command } = parseCreateAlertRequest(request);
      const recipientCount = await this.recipients.count(tenantId, command.target);
      if (recipientCount === 0) {
        throw new RpcException({ code: status.FAILED_PRECONDITION, message: 'the target reaches nobody: no active employee matches it' });
      }
      const accountable = createdBy === '' ? caller : `${caller}:${createdBy}`;
      const { alert, replayed } = await this.createAlert.execute({ tenantId, createdBy: accountable, source: 'internal', recipientCount }, command, idempotencyKey);
      this.logger.log({ caller, tenantId, alertId: alert.id, replayed }, 'alert created over gRPC');
      return this.alertMessage(tenantId, alert.id, replayed);
    });
  }

  @GrpcMethod('AlertService', 'GetAlert')
  async get(request: unknown, metadata: Metadata): Promise<AlertMessage> {
    return asRpc(async () => {
      await this.callers.authenticate(metadata.get('authorization')[0]);
      const { tenantId, alertId } = parseGetAlertRequest(request);
      return this.alertMessage(tenantId, alertId, false);
    });
  }

  @GrpcMethod('AlertService', 'CloseAlert')
  async close(request: unknown, metadata: Metadata): Promise<AlertMessage> {
    return asRpc(async () => {
      const caller = await this.callers.authenticate(metadata.get('authorization')[0]);
      const { tenantId, alertId, closedBy } = parseCloseAlertRequest(request);
      const accountable = closedBy === '' ? caller : `${caller}:${closedBy}`;
      const closed = await runInTenantTransaction(this.dataSource, tenantId, async (manager) => {
        const [alert] = await manager.query('SELECT 1 FROM alerts WHERE id = $1 FOR UPDATE', [alertId]);
        if (!alert) throw new RpcException({ code: status.NOT_FOUND, message: 'alert not found' });
        return closeAlert(manager, tenantId, alertId, 'closed-by-staff', { kind: 'service', caller: accountable }, new Date());
      });
      if (closed) this.logger.log({ caller, tenantId, alertId }, 'alert closed over gRPC');
      return this.alertMessage(tenantId, alertId, false);
    });
  }

  private async alertMessage(tenantId: string, alertId: string, replayed: boolean): Promise<AlertMessage> {
    return runInTenantTransaction(this.dataSource, tenantId, async (manager) => {
      const [alert]: { state: string; closes_at: Date; drill: boolean; rounds_started: number }[] = await manager.query(
        'SELECT state, closes_at, drill, rounds_started FROM alerts WHERE id = $1',
        [alertId],
      );
      if (!alert) throw new RpcException({ code: status.NOT_FOUND, message: 'alert not found' });
      return {
        alert_id: alertId,
        state: alert.state,
        closes_at: new Date(alert.closes_at).toISOString(),
        deliveries_by_state: await countDeliveriesByState(manager, alertId),
        responded: await countResponded(manager, alertId),
        replayed,
        drill: alert.drill,
        rounds_started: alert.rounds_started,
      };
    });
  }
}

/** The use case speaks HTTP exceptions (shared with REST); gRPC callers get the matching status. */
async function asRpc<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof RpcException) throw error;
    if (error instanceof InvalidAlertRequest) throw new RpcException({ code: status.INVALID_ARGUMENT, message: error.message });
    if (error instanceof HttpException && error.getStatus() === 422) throw new RpcException({ code: status.FAILED_PRECONDITION, message: error.message });
    throw error;
  }
}
