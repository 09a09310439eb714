import type { Role } from './roles';

/** The verified caller of a request: the token's subject, app and role. */
export interface Principal {
  subject: string;
  appId: string;
  role: Role;
}
