import { GrpcServiceCallers, remoteSigningKeys, ServiceTokenVerifier } from '@anpi/auth-guard';
import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AggregatesModule } from '../aggregates/aggregates.module';
import { AnswerStream } from './answer-stream';
import { ResponseServiceController } from './response-service.controller';

/** Answers carry free-text comments: only the services that act on them may read them. */
const callersAllowedToReadAnswers = new Set(['alert-dispatch-service', 'tenant-service'] as const);

/** The gRPC ResponseService (transport connected in main.ts, port GRPC_URL). */
@Module({})
export class ResponseGrpcModule {
  static forRoot(settings: { jwksUrl: string; issuer: string }): DynamicModule {
    const verifier = new ServiceTokenVerifier(remoteSigningKeys(settings.jwksUrl), { issuer: settings.issuer, serviceName: 'response-collection-service' });
    return {
      module: ResponseGrpcModule,
      imports: [AggregatesModule],
      controllers: [ResponseServiceController],
      providers: [
        { provide: GrpcServiceCallers, useValue: new GrpcServiceCallers(verifier, callersAllowedToReadAnswers, 'read answers') },
        { provide: AnswerStream, inject: [DataSource], useFactory: (dataSource: DataSource) => new AnswerStream(dataSource) },
      ],
    };
  }
}
