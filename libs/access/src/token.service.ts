import { createHash, randomBytes } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';

import { NotAuthenticated } from './access.errors';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const TOKEN_ISSUER = 'albergue';
export const TOKEN_AUDIENCE = 'albergue-api';

export interface AccessTokenClaims {
  sub: string;
  sid: string;
}

/** Signs and checks access tokens (HS256 only), and makes opaque refresh tokens. */
@Injectable()
export class TokenService {
  constructor(private readonly jwt: JwtService) {}

  signAccessToken(userId: string, sessionId: string): string {
    return this.jwt.sign({ sid: sessionId }, { subject: userId });
  }

  verifyAccessToken(token: string): AccessTokenClaims {
    try {
      const claims = this.jwt.verify<Partial<AccessTokenClaims>>(token);
      if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string') throw new NotAuthenticated();
      return { sub: claims.sub, sid: claims.sid };
    } catch {
      throw new NotAuthenticated();
    }
  }

  newRefreshToken(): { token: string; hash: Buffer } {
    const token = randomBytes(32).toString('base64url');
    return { token, hash: this.hashRefreshToken(token) };
  }

  hashRefreshToken(token: string): Buffer {
    return createHash('sha256').update(token).digest();
  }
}
