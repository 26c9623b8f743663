import { AuthGuardModule } from '@anpi/auth-guard';
import { TopicSpec } from '@anpi/contracts';
import { KafkaReadinessCheck, MessagingModule } from '@anpi/messaging';
import { METRICS_REGISTRY, ObservabilityModule, READINESS_CHECKS } from '@anpi/observability';
import { DataSourceParts, DatabaseConnectionSettings, DatabaseReadinessCheck, buildDataSourceOptions } from '@anpi/persistence';
import { DynamicModule, Module, Type } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Registry } from 'prom-client';
import { DataSource } from 'typeorm';

export interface ServiceRootOptions {
  serviceName: TopicSpec['owner'];
  config: DatabaseConnectionSettings & {
    readonly LOG_LEVEL: string;
    readonly KAFKA_BROKERS: readonly string[];
    readonly KAFKA_CONSUMER_GROUP?: string;
    readonly INTERNAL_API_TOKEN: string;
    /** With these three, AccessTokenGuard verifies console tokens against auth-service's JWKS. */
    readonly AUTH_JWKS_URL?: string;
    readonly AUTH_TOKEN_ISSUER?: string;
    readonly AUTH_TOKEN_AUDIENCE?: string;
  };
  database: DataSourceParts;
  features: (Type<unknown> | DynamicModule)[];
}

/**
 * What every service's root module holds: logs/metrics/health, its database, Kafka
 * (outbox relay + consumer), internal-call guard; then its own feature modules.
 */
@Module({})
export class ServiceRootModule {
  static forRoot(options: ServiceRootOptions): DynamicModule {
    return {
      module: ServiceRootModule,
      imports: [
        ObservabilityModule.forRoot({
          serviceName: options.serviceName,
          logLevel: options.config.LOG_LEVEL,
          readinessChecks: {
            provide: READINESS_CHECKS,
            inject: [DataSource, KafkaReadinessCheck, METRICS_REGISTRY],
            useFactory: (dataSource: DataSource, kafka: KafkaReadinessCheck, registry: Registry) => [new DatabaseReadinessCheck(dataSource, registry), kafka],
          },
        }),
        TypeOrmModule.forRoot({
          ...buildDataSourceOptions(options.config, options.database),
          // A database that is down at boot must not crash the pod: readiness reports it.
          retryAttempts: Number.MAX_SAFE_INTEGER,
          retryDelay: 2_000,
        }),
        MessagingModule.forRoot({
          serviceName: options.serviceName,
          brokers: options.config.KAFKA_BROKERS,
          consumerGroup: options.config.KAFKA_CONSUMER_GROUP ?? options.serviceName,
        }),
        AuthGuardModule.forRoot({
          internalApiToken: options.config.INTERNAL_API_TOKEN,
          jwksUrl: options.config.AUTH_JWKS_URL,
          issuer: options.config.AUTH_TOKEN_ISSUER,
          audience: options.config.AUTH_TOKEN_AUDIENCE,
        }),
        ...options.features,
      ],
    };
  }
}
