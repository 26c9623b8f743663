import { GrpcServiceCallers } from '@anpi/auth-guard';
import { Metadata, ServerWritableStream, status } from '@grpc/grpc-js';
import { Controller, Logger } from '@nestjs/common';
import { GrpcMethod, RpcException } from '@nestjs/microservices';
import { concatMap, from, map, Observable } from 'rxjs';
import { InvalidRecipientRequest, parseRecipientRequest } from './recipient-request';
import { RecipientMessage, RecipientPageMessage, ResolveOptions, ResolveRecipients } from './resolve-recipients';

/** anpi.directory.v1.DirectoryService: who an alert reaches, for alert-dispatch-service. */
@Controller()
export class RecipientResolutionController {
  private readonly logger = new Logger(RecipientResolutionController.name);

  constructor(
    private readonly authentication: GrpcServiceCallers,
    private readonly resolveRecipients: ResolveRecipients,
  ) {}

  @GrpcMethod('DirectoryService', 'ResolveRecipients')
  async resolve(request: unknown, metadata: Metadata, call: ServerWritableStream<unknown, RecipientMessage>): Promise<Observable<RecipientMessage>> {
    const pages = await this.pagesFor(request, metadata, call);
    return pages.pipe(concatMap((page) => from(page)));
  }

  /** The same pages, one gRPC message each: per-message cost dominates a 100,000-person stream. */
  @GrpcMethod('DirectoryService', 'ResolveRecipientPages')
  async resolvePages(request: unknown, metadata: Metadata, call: ServerWritableStream<unknown, RecipientPageMessage>): Promise<Observable<RecipientPageMessage>> {
    const pages = await this.pagesFor(request, metadata, call);
    return pages.pipe(map((page) => ({ recipients: page, resume_after_employee_id: page[page.length - 1].employee_id })));
  }

  private async pagesFor(request: unknown, metadata: Metadata, call: ServerWritableStream<unknown, unknown>): Promise<Observable<RecipientMessage[]>> {
    const caller = await this.authentication.authenticate(metadata.get('authorization')[0]).catch(rethrowAsRpc);
    const query = this.parse(request);
    this.logger.log({ caller, tenantId: query.tenantId, target: query.target.kind }, 'resolving recipients');
    return from(this.resolveRecipients.pages(query, watchCall(call)));
  }

  private parse(request: unknown) {
    try {
      return parseRecipientRequest(request);
    } catch (error) {
      return rethrowAsRpc(error);
    }
  }
}

function rethrowAsRpc(error: unknown): never {
  if (error instanceof InvalidRecipientRequest) throw new RpcException({ code: status.INVALID_ARGUMENT, message: error.message });
  throw error;
}

/** Cancellation, deadline and backpressure of one call, as the use case needs them. */
function watchCall(call: ServerWritableStream<unknown, unknown>): ResolveOptions {
  const deadline = Number(call.getDeadline());
  return {
    isAbandoned: () => call.cancelled || Date.now() >= deadline,
    readyForMore: () =>
      call.writableNeedDrain && !call.cancelled
        ? new Promise<void>((resolve) => {
            const settle = () => {
              call.off('drain', settle);
              call.off('cancelled', settle);
              resolve();
            };
            call.on('drain', settle);
            call.on('cancelled', settle);
          })
        : Promise.resolve(),
  };
}
