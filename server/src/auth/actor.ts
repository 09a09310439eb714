import type { Role } from './roles';

/**
 * Who makes a change, in which app: the token's subject and role, or the
 * server itself for what it does on its own (a ban running out).
 */
export interface Actor {
  appId: string;
  subject: string;
  role: Role | 'system' | 'public';
}

/** The server itself, as the audit log names it for changes nobody asked for at that moment. */
export const SYSTEM: Omit<Actor, 'appId'> = { subject: 'system', role: 'system' };
