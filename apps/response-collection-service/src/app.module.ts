import { ServiceRootModule } from '@anpi/service-bootstrap';
import { TenantProjectionModule } from '@anpi/tenant-projection';
import { DynamicModule } from '@nestjs/common';
import { AggregatesModule } from './aggregates/aggregates.module';
import { AlertProjectionModule } from './alerts/alert-projection.module';
import { AnswerListModule } from './answer-list/answer-list.module';
import { AnswerPageModule } from './answer-page/answer-page.module';
import { BoardModule } from './board/board.module';
import { ContactAttemptsModule } from './contact-attempts/contact-attempts.module';
import { ResponseCollectionServiceConfig } from './config';
import { responseCollectionServiceDatabase } from './database';
import { DirectoryProjectionModule } from './directory/directory-projection.module';
import { ExportsModule } from './exports/exports.module';
import { ResponseGrpcModule } from './grpc/response-grpc.module';

export function responseCollectionServiceModule(config: ResponseCollectionServiceConfig): DynamicModule {
  return ServiceRootModule.forRoot({
    serviceName: 'response-collection-service',
    config,
    database: responseCollectionServiceDatabase,
    features: [
      TenantProjectionModule,
      AlertProjectionModule,
      DirectoryProjectionModule,
      ContactAttemptsModule,
      AggregatesModule,
      ExportsModule,
      AnswerListModule,
      BoardModule,
      AnswerPageModule.forRoot({
        httpsBaseUrl: config.ANSWER_LINK_BASE_URL,
        throttle: { maxFailures: config.ANSWER_LINK_MAX_FAILED_LOOKUPS, windowMs: config.ANSWER_LINK_FAILED_LOOKUP_WINDOW_MS, maxKeys: 100_000 },
      }, {
        dispatchInternalUrl: config.DISPATCH_INTERNAL_URL,
        internalToken: config.INTERNAL_API_TOKEN,
        allowPlainHttpEndpoints: config.CHANNEL_ALLOW_PLAIN_HTTP_PROVIDERS,
      }),
      ResponseGrpcModule.forRoot({ jwksUrl: config.AUTH_JWKS_URL, issuer: config.AUTH_TOKEN_ISSUER }),
    ],
  });
}
