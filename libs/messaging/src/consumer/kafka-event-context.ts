import { EventEnvelope } from '@anpi/contracts';
import { BaseRpcContext } from '@nestjs/microservices';
import { EntityManager } from 'typeorm';

interface KafkaEventContextArgs {
  /** The transaction the handler must use: its writes commit together with the inbox row. */
  manager: EntityManager;
  topic: string;
  partition: number;
  offset: string;
  attempt: number;
  event: EventEnvelope;
}

/** What `@Ctx()` gives an `@EventPattern` handler. */
export class KafkaEventContext extends BaseRpcContext<[KafkaEventContextArgs]> {
  get manager(): EntityManager {
    return this.args[0].manager;
  }
  get topic(): string {
    return this.args[0].topic;
  }
  get attempt(): number {
    return this.args[0].attempt;
  }
  get event(): EventEnvelope {
    return this.args[0].event;
  }
  get partition(): number {
    return this.args[0].partition;
  }
  get offset(): string {
    return this.args[0].offset;
  }
}
