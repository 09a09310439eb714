import { jwtVerify, SignJWT } from 'jose';
import { AppError, ErrorCode } from '../common/app-error';
import { hasAnyControlCharacter } from '../common/text';
import type { Principal } from './principal';
import { isRole, type Role } from './roles';

const ALGORITHM = 'HS256';
const MAX_APP_ID_LENGTH = 100;
/** How far in the future an `iat` may lie: the clocks of the host and of this server may differ by this much. */
const CLOCK_SKEW_SECONDS = 60;
/** Tokens kept verified, the most recently used first out last: a busy server sees a few per admin. */
const MAX_VERIFIED_TOKENS = 1_000;

export interface TokenRules {
  /** The longest a token may live, from its `iat` (or from now, without one), in seconds (AUTH_MAX_TOKEN_LIFETIME). */
  maxLifetimeSeconds: number;
}

/** Verifies (and, for development and tests, signs) the HS256 tokens host apps issue. */
export class TokenService {
  private readonly key: Uint8Array;
  /**
   * Tokens this service verified, until they expire: an admin's widget sends
   * the same token with every request, and checking its signature each time
   * was 4% of a busy server's time. Only tokens that passed every check are
   * kept, so a client sending garbage fills nothing.
   */
  private readonly verified = new Map<string, { principal: Principal; exp: number }>();

  constructor(
    secret: string,
    private readonly rules: TokenRules = { maxLifetimeSeconds: 24 * 3600 },
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  async verify(token: string): Promise<Principal> {
    const known = this.verified.get(token);
    if (known) {
      this.verified.delete(token);
      // Expired the moment jose would say so: at exp, to the second.
      if (Math.floor(Date.now() / 1000) < known.exp) {
        this.verified.set(token, known);
        return known.principal;
      }
    }
    const { principal, exp } = await this.check(token);
    this.verified.set(token, { principal, exp });
    if (this.verified.size > MAX_VERIFIED_TOKENS) this.verified.delete(this.verified.keys().next().value!);
    return principal;
  }

  private async check(token: string): Promise<{ principal: Principal; exp: number }> {
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
    const { sub, app, role, iat, exp } = payload;
    const now = Math.floor(Date.now() / 1000);
    if (iat !== undefined && iat > now + CLOCK_SKEW_SECONDS) throw unauthenticated('The token was issued in the future (iat)');
    const { maxLifetimeSeconds } = this.rules;
    if (exp! - (iat ?? now) > maxLifetimeSeconds) {
      throw unauthenticated(`The token lives longer than the ${inHours(maxLifetimeSeconds)} this server accepts (AUTH_MAX_TOKEN_LIFETIME)`);
    }
    if (typeof sub !== 'string' || sub === '') throw unauthenticated('The token has no subject (sub)');
    if (typeof app !== 'string' || app === '' || app.length > MAX_APP_ID_LENGTH || hasAnyControlCharacter(app)) {
      throw unauthenticated(`The token has no valid app claim (1 to ${MAX_APP_ID_LENGTH} characters, no control characters)`);
    }
    if (!isRole(role)) throw unauthenticated('The token role must be viewer, manager, admin or service');
    return { principal: Object.freeze({ subject: sub, appId: app, role }), exp: exp! };
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

const inHours = (seconds: number) => (seconds % 3600 === 0 ? `${seconds / 3600} hours` : `${seconds} seconds`);

export const unauthenticated = (message: string): AppError => new AppError(ErrorCode.UNAUTHENTICATED, message);

/** Reads the bearer token of an Authorization header; undefined when there is none. */
export function bearerToken(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>"');
  return match[1];
}
