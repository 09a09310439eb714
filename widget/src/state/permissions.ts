/** What the caller's role may do, as the element shows it (the server checks every call anyway). */
export interface Permissions {
  /** Ban, unban, tag and untag users; manage tags (manager, admin). */
  moderate: boolean;
  /** Also import, export, add, edit and delete users, reset passwords (admin). */
  administer: boolean;
}

/** A role's permissions; none until the role is known. */
export function permissionsOf(role: string | undefined): Permissions {
  return { moderate: role === 'manager' || role === 'admin', administer: role === 'admin' };
}
