import type { Role } from '../auth/roles';

/**
 * Who makes a change, in which app: the token's subject and role, or the
 * server itself for what it does on its own (a ban running out).
 */
export interface Actor {
  appId: string;
  subject: string;
  role: Role | 'system' | 'public';
}

export const systemActor = (appId: string): Actor => ({ appId, subject: 'system', role: 'system' });
