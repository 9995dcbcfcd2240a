import { createSecretKey } from 'node:crypto';

import {
  APP_CONFIG,
  AppConfig,
  REDIS_CLIENT,
  RedisThrottlerStorage,
  registerEncryptedColumns,
  registerVocabularies,
} from '@albergue/platform';
import { Injectable, Logger, Module, OnApplicationBootstrap } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import Redis from 'ioredis';

import { ACCESS_ENCRYPTED_COLUMNS } from './access-encrypted-columns';
import { AccountController } from './account.controller';
import { AuditEventEntity } from './audit-event.entity';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';
import { AuthSessionEntity } from './auth-session.entity';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { LawyersController } from './lawyers.controller';
import { PasswordResetTokenEntity } from './password-reset-token.entity';
import { PasswordsService } from './passwords.service';
import { RecoveryCodeEntity } from './recovery-code.entity';
import { RefreshTokenEntity } from './refresh-token.entity';
import { ROLE_VOCABULARY } from './role';
import { RouteAuthorizationCheck } from './route-authorization.check';
import { SessionCheckCache } from './session-check.cache';
import { SessionsService } from './sessions.service';
import { ACCESS_TOKEN_TTL_SECONDS, TOKEN_AUDIENCE, TOKEN_ISSUER, TokenService } from './token.service';
import { TwoFactorService } from './two-factor.service';
import { UserEntity } from './user.entity';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

export const accessEntities = [
  UserEntity,
  AuthSessionEntity,
  RefreshTokenEntity,
  AuditEventEntity,
  RecoveryCodeEntity,
  PasswordResetTokenEntity,
];

/** Says how to create the first admin when the network has no user yet. */
@Injectable()
class FirstAdminHint implements OnApplicationBootstrap {
  private readonly logger = new Logger('Access');

  constructor(private readonly users: UsersService) {}

  async onApplicationBootstrap(): Promise<void> {
    if ((await this.users.count().catch(() => 1)) === 0) {
      this.logger.warn(
        'No users yet. Create the first admin: npm run admin:create -- --email <email> --name "<name>" [--password <password>]',
      );
    }
  }
}

/** Users, logins and tokens, roles, and the audit log (docs/API.md, Access). */
@Module({
  imports: [
    DiscoveryModule,
    TypeOrmModule.forFeature(accessEntities),
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        // A KeyObject: given bytes, jsonwebtoken tries to read them as a public key (and fails, at
        // some cost) on every verify before taking them as a secret.
        secret: createSecretKey(config.secrets.tokenSigningKey) as unknown as Buffer,
        signOptions: {
          algorithm: 'HS256',
          expiresIn: ACCESS_TOKEN_TTL_SECONDS,
          issuer: TOKEN_ISSUER,
          audience: TOKEN_AUDIENCE,
        },
        verifyOptions: { algorithms: ['HS256'], issuer: TOKEN_ISSUER, audience: TOKEN_AUDIENCE },
      }),
    }),
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG, REDIS_CLIENT],
      useFactory: (config: AppConfig, redis: Redis) => ({
        throttlers: [{ ttl: 60_000, limit: config.access.loginRateLimitPerMinute }],
        storage: new RedisThrottlerStorage(redis),
      }),
    }),
  ],
  controllers: [AuthController, AccountController, UsersController, LawyersController, AuditController],
  providers: [
    AuditService,
    AuthService,
    PasswordsService,
    SessionsService,
    SessionCheckCache,
    TwoFactorService,
    TokenService,
    UsersService,
    RouteAuthorizationCheck,
    FirstAdminHint,
    { provide: APP_GUARD, useClass: AuthGuard },
    registerEncryptedColumns('access', ACCESS_ENCRYPTED_COLUMNS),
    registerVocabularies('access', [ROLE_VOCABULARY]),
  ],
  exports: [AuditService, AuthService, UsersService, TwoFactorService],
})
export class AccessModule {}
