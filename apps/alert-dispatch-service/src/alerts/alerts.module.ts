import { GrpcServiceCallers, remoteSigningKeys, ServiceTokenVerifier } from '@anpi/auth-guard';
import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AlertDispatchServiceConfig } from '../config';
import { AlertsController } from './alerts.controller';
import { AlertsGrpcController } from './alerts-grpc.controller';
import { CreateAlert } from './create-alert.use-case';
import { TemplatesModule } from '../templates/templates.module';

/** Alerts over REST (the console) and gRPC (internal callers; transport connected in main.ts, port GRPC_URL). */
@Module({})
export class AlertsModule {
  static forRoot(config: AlertDispatchServiceConfig): DynamicModule {
    const verifier = new ServiceTokenVerifier(remoteSigningKeys(config.AUTH_JWKS_URL), { issuer: config.AUTH_TOKEN_ISSUER, serviceName: 'alert-dispatch-service' });
    return {
      module: AlertsModule,
      imports: [TemplatesModule.forRoot(config)],
      controllers: [AlertsController, AlertsGrpcController],
      providers: [
        { provide: CreateAlert, inject: [DataSource], useFactory: (dataSource: DataSource) => new CreateAlert(dataSource) },
        { provide: GrpcServiceCallers, useValue: new GrpcServiceCallers(verifier, new Set(config.ALERT_GRPC_CALLERS), 'create alerts') },
      ],
      exports: [CreateAlert],
    };
  }
}
