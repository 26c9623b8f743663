import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditLog } from '../accounts/audit-log';
import { SecondFactor } from '../mfa/second-factor';
import { LogIn } from './log-in';
import { PasswordAuthentication } from './password-authentication';
import { LogOut, RefreshSession } from './refresh-session';
import { SessionTokenService } from './session-tokens';
import { TenantStatuses } from '../tenant-status/tenant-statuses';
import { SessionsController } from './sessions.controller';

/** Login, refresh-token rotation, logout. */
@Module({})
export class SessionsModule {
  static forRoot(core: DynamicModule): DynamicModule {
    return {
      module: SessionsModule,
      imports: [core],
      controllers: [SessionsController],
      providers: [
        {
          provide: LogIn,
          inject: [PasswordAuthentication, SecondFactor, SessionTokenService],
          useFactory: (...dependencies: ConstructorParameters<typeof LogIn>) => new LogIn(...dependencies),
        },
        {
          provide: RefreshSession,
          inject: [DataSource, SessionTokenService, AuditLog, TenantStatuses],
          useFactory: (...dependencies: ConstructorParameters<typeof RefreshSession>) => new RefreshSession(...dependencies),
        },
        { provide: LogOut, inject: [DataSource, SessionTokenService], useFactory: (...dependencies: ConstructorParameters<typeof LogOut>) => new LogOut(...dependencies) },
      ],
    };
  }
}
