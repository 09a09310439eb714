import { jwtVerify, SignJWT } from 'jose';
import { AppError, ErrorCode } from '../common/app-error';
import type { Principal } from './principal';
import { isRole, type Role } from './roles';

const ALGORITHM = 'HS256';
const MAX_APP_ID_LENGTH = 128;

/** Verifies (and, for development and tests, signs) the HS256 tokens host apps issue. */
export class TokenService {
  private readonly key: Uint8Array;

  constructor(secret: string) {
    this.key = new TextEncoder().encode(secret);
  }

  async verify(token: string): Promise<Principal> {
    let payload;
    try {
      ({ payload } = await jwtVerify(token, this.key, {
        algorithms: [ALGORITHM],
        requiredClaims: ['sub', 'app', 'role', 'exp'],
      }));
    } catch (error) {
      // By code, not class: a bundler or test transform may load a second copy of jose.
      if ((error as { code?: unknown }).code === 'ERR_JWT_EXPIRED') throw unauthenticated('The token has expired');
      throw unauthenticated('The token is invalid');
    }
    const { sub, app, role } = payload;
    if (typeof sub !== 'string' || sub === '') throw unauthenticated('The token has no subject (sub)');
    if (typeof app !== 'string' || app === '' || app.length > MAX_APP_ID_LENGTH) {
      throw unauthenticated('The token has no valid app claim');
    }
    if (!isRole(role)) throw unauthenticated('The token role must be viewer, manager, admin or service');
    return { subject: sub, appId: app, role };
  }

  async sign(principal: { subject: string; appId: string; role: Role }, expiresIn: string | number = '1h'): Promise<string> {
    return new SignJWT({ app: principal.appId, role: principal.role })
      .setProtectedHeader({ alg: ALGORITHM })
      .setSubject(principal.subject)
      .setIssuedAt()
      .setExpirationTime(expiresIn)
      .sign(this.key);
  }
}

export const unauthenticated = (message: string): AppError => new AppError(ErrorCode.UNAUTHENTICATED, message);

/** Reads the bearer token of an Authorization header; undefined when there is none. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>"');
  return match[1];
}
