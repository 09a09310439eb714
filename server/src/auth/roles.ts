export const ROLES = ['viewer', 'manager', 'admin', 'service'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (value: unknown): value is Role => (ROLES as readonly unknown[]).includes(value);

/**
 * Who may do what (see DESIGN, Access). `viewer` reads; `manager` also bans and
 * edits tags; `admin` also imports, exports, deletes, resets and edits fields;
 * `service` is the host app's backend: it writes users, records activity and
 * checks sign-ins.
 */
export const Access = {
  read: ['viewer', 'manager', 'admin'],
  moderate: ['manager', 'admin'],
  administer: ['admin'],
  writeUsers: ['admin', 'service'],
  signIn: ['service'],
} as const satisfies Record<string, readonly Role[]>;
