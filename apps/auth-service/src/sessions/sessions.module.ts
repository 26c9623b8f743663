import { BlindIndex } from '@anpi/field-encryption';
import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AccountPersonalData } from '../accounts/account-emails';
import { AuditLog } from '../accounts/audit-log';
import { LoginTenants } from '../accounts/login-tenants';
import { AuthServiceConfig } from '../config';
import { PasswordHasher } from '../passwords/password-hasher';
import { LogIn } from './log-in';
import { LoginThrottle } from './login-throttle';
import { LogOut, RefreshSession } from './refresh-session';
import { SessionTokenService } from './session-tokens';
import { SessionsController } from './sessions.controller';

/** Login, refresh-token rotation, logout. */
@Module({})
export class SessionsModule {
  static forRoot(config: AuthServiceConfig, core: DynamicModule): DynamicModule {
    const lockout = (failuresBeforeLock: number) => ({ failuresBeforeLock, baseLockSeconds: config.LOGIN_LOCK_BASE_SECONDS, maxLockSeconds: config.LOGIN_LOCK_MAX_SECONDS });
    return {
      module: SessionsModule,
      imports: [core],
      controllers: [SessionsController],
      providers: [
        {
          provide: LoginThrottle,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) =>
            new LoginThrottle(dataSource, new BlindIndex(config.PII_BLIND_INDEX_KEY), lockout(config.LOGIN_ACCOUNT_FAILURES_BEFORE_LOCK), lockout(config.LOGIN_IP_FAILURES_BEFORE_LOCK)),
        },
        {
          provide: LogIn,
          inject: [DataSource, LoginTenants, AccountPersonalData, PasswordHasher, LoginThrottle, SessionTokenService, AuditLog],
          useFactory: (...dependencies: ConstructorParameters<typeof LogIn>) => new LogIn(...dependencies),
        },
        {
          provide: RefreshSession,
          inject: [DataSource, SessionTokenService, AuditLog],
          useFactory: (...dependencies: ConstructorParameters<typeof RefreshSession>) => new RefreshSession(...dependencies),
        },
        { provide: LogOut, inject: [DataSource, SessionTokenService], useFactory: (...dependencies: ConstructorParameters<typeof LogOut>) => new LogOut(...dependencies) },
      ],
    };
  }
}
