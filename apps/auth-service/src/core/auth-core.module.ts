import { ACCESS_TOKEN_VERIFIER, AccessRevocations, accessTokenProviders, localSigningKeys } from '@anpi/auth-guard';
import { BlindIndex, FieldCipher } from '@anpi/field-encryption';
import { DynamicModule, Module } from '@nestjs/common';
import { createTransport } from 'nodemailer';
import { DataSource } from 'typeorm';
import { AccountPersonalData } from '../accounts/account-emails';
import { AuditLog } from '../accounts/audit-log';
import { LoginTenants } from '../accounts/login-tenants';
import { AccountActivationMail } from '../activation/account-activation-mail';
import { AuthServiceConfig } from '../config';
import { EmailedTokens } from '../emailed-tokens/emailed-tokens';
import { MailRelay } from '../mail/mail-relay';
import { OutgoingMails } from '../mail/outgoing-mail';
import { AccessRevocationAnnouncer } from '../offboarding/access-revocation-announcer';
import { PasswordHasher } from '../passwords/password-hasher';
import { PlatformOperatorStore } from '../platform-operators/platform-operator-store';
import { loadCommonPasswords, PasswordPolicy } from '../passwords/password-policy';
import { SessionTokenService } from '../sessions/session-tokens';
import { LoginThrottle } from '../sessions/login-throttle';
import { PasswordAuthentication } from '../sessions/password-authentication';
import { MfaCredentials } from '../mfa/mfa-credentials';
import { RecoveryCodes } from '../mfa/recovery-codes';
import { SecondFactor } from '../mfa/second-factor';
import { TotpCodes } from '../mfa/totp-codes';
import { AccessTokenIssuer } from '../tokens/access-token-issuer';
import { TenantStatuses } from '../tenant-status/tenant-statuses';
import { SigningKeyRing } from '../tokens/signing-key-ring';

/** How authenticator apps list Anpi accounts. */
const TOTP_ISSUER = 'Anpi';

/** Link settings of the mails that reset a password (shorter-lived than activation links). */
export const PASSWORD_RESET_LINKS = Symbol('PASSWORD_RESET_LINKS');

/**
 * What the features of auth-service share: personal-data sealing, password hashing and
 * policy, password authentication with its throttle, the second factor, signing keys,
 * session tokens, mails, audit, the platform operators' store. Features import it explicitly, so its
 * AccessTokenGuard verifier (auth-service's own keys, no HTTP to itself) is found before the
 * unconfigured one of the global AuthGuardModule.
 */
@Module({})
export class AuthCoreModule {
  static forRoot(config: AuthServiceConfig): DynamicModule {
    const cipher = new FieldCipher(config.PII_ENCRYPTION_KEYS, config.PII_ACTIVE_KEY_ID);
    const personalData = new AccountPersonalData(cipher, new BlindIndex(config.PII_BLIND_INDEX_KEY));
    const keyRing = SigningKeyRing.load(config.AUTH_SIGNING_KEYS, config.AUTH_ACTIVE_SIGNING_KEY_ID);
    const ownKeys = keyRing.then((ring) => localSigningKeys(ring.publicKeySet));
    ownKeys.catch(() => undefined); // reported by the SigningKeyRing provider at boot
    const emailedTokens = new EmailedTokens();
    const outgoingMails = new OutgoingMails(cipher);
    const auditLog = new AuditLog();
    const mfaCredentials = new MfaCredentials(cipher);
    const totpCodes = new TotpCodes(TOTP_ISSUER);
    const recoveryCodes = new RecoveryCodes();
    const lockout = (failuresBeforeLock: number) => ({ failuresBeforeLock, baseLockSeconds: config.LOGIN_LOCK_BASE_SECONDS, maxLockSeconds: config.LOGIN_LOCK_MAX_SECONDS });
    const exported = [
      LoginThrottle,
      PlatformOperatorStore,
      TenantStatuses,
      AccountPersonalData,
      LoginTenants,
      AuditLog,
      EmailedTokens,
      OutgoingMails,
      PasswordHasher,
      PasswordPolicy,
      PasswordAuthentication,
      MfaCredentials,
      TotpCodes,
      RecoveryCodes,
      SecondFactor,
      SigningKeyRing,
      AccessTokenIssuer,
      SessionTokenService,
      AccessRevocationAnnouncer,
      AccountActivationMail,
      PASSWORD_RESET_LINKS,
      ACCESS_TOKEN_VERIFIER,
      AccessRevocations,
    ];
    return {
      module: AuthCoreModule,
      providers: [
        { provide: AccountPersonalData, useValue: personalData },
        { provide: PlatformOperatorStore, useValue: new PlatformOperatorStore(cipher, new BlindIndex(config.PII_BLIND_INDEX_KEY)) },
        { provide: LoginTenants, inject: [DataSource], useFactory: (dataSource: DataSource) => new LoginTenants(dataSource) },
        { provide: TenantStatuses, inject: [DataSource], useFactory: (dataSource: DataSource) => new TenantStatuses(dataSource) },
        { provide: AuditLog, useValue: auditLog },
        { provide: EmailedTokens, useValue: emailedTokens },
        { provide: OutgoingMails, useValue: outgoingMails },
        {
          provide: MailRelay,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) =>
            new MailRelay(
              dataSource,
              createTransport({
                host: config.SMTP_HOST,
                port: config.SMTP_PORT,
                secure: config.SMTP_SECURE,
                auth: config.SMTP_USER ? { user: config.SMTP_USER, pass: config.SMTP_PASSWORD ?? '' } : undefined,
              }),
              outgoingMails,
              config.MAIL_FROM,
            ),
        },
        {
          provide: PasswordHasher,
          useValue: new PasswordHasher({ memoryCost: config.ARGON2_MEMORY_KIB, timeCost: config.ARGON2_TIME_COST, parallelism: config.ARGON2_PARALLELISM }),
        },
        { provide: PasswordPolicy, useValue: new PasswordPolicy(loadCommonPasswords()) },
        {
          provide: LoginThrottle,
          inject: [DataSource],
          useFactory: (dataSource: DataSource) =>
            new LoginThrottle(dataSource, new BlindIndex(config.PII_BLIND_INDEX_KEY), lockout(config.LOGIN_ACCOUNT_FAILURES_BEFORE_LOCK), lockout(config.LOGIN_IP_FAILURES_BEFORE_LOCK)),
        },
        {
          provide: PasswordAuthentication,
          inject: [DataSource, LoginTenants, AccountPersonalData, PasswordHasher, LoginThrottle, AuditLog, TenantStatuses],
          useFactory: (...dependencies: ConstructorParameters<typeof PasswordAuthentication>) => new PasswordAuthentication(...dependencies),
        },
        { provide: MfaCredentials, useValue: mfaCredentials },
        { provide: TotpCodes, useValue: totpCodes },
        { provide: RecoveryCodes, useValue: recoveryCodes },
        { provide: SecondFactor, useValue: new SecondFactor(mfaCredentials, totpCodes, recoveryCodes, auditLog) },
        { provide: SigningKeyRing, useFactory: () => keyRing },
        {
          provide: AccessTokenIssuer,
          inject: [SigningKeyRing],
          useFactory: (ring: SigningKeyRing) =>
            new AccessTokenIssuer(ring, {
              issuer: config.AUTH_TOKEN_ISSUER,
              audience: config.AUTH_TOKEN_AUDIENCE,
              platformAudience: config.PLATFORM_TOKEN_AUDIENCE,
              ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
            }),
        },
        {
          provide: SessionTokenService,
          inject: [AccessTokenIssuer],
          useFactory: (issuer: AccessTokenIssuer) => new SessionTokenService(issuer, config.REFRESH_TOKEN_TTL_SECONDS),
        },
        { provide: AccessRevocationAnnouncer, inject: [AccessRevocations], useFactory: (revocations: AccessRevocations) => new AccessRevocationAnnouncer(revocations) },
        {
          provide: AccountActivationMail,
          useValue: new AccountActivationMail(emailedTokens, outgoingMails, { consoleBaseUrl: config.CONSOLE_BASE_URL, ttlSeconds: config.ACTIVATION_TOKEN_TTL_SECONDS }),
        },
        { provide: PASSWORD_RESET_LINKS, useValue: { consoleBaseUrl: config.CONSOLE_BASE_URL, ttlSeconds: config.PASSWORD_RESET_TOKEN_TTL_SECONDS } },
        ...accessTokenProviders({
          issuer: config.AUTH_TOKEN_ISSUER,
          audience: config.AUTH_TOKEN_AUDIENCE,
          signingKeys: async (header, token) => (await ownKeys)(header, token),
        }),
      ],
      exports: exported,
    };
  }
}
