import type { UserStatus } from './api/generated';

export interface TagRef {
  id: string;
  name: string;
}

/** The `detail` of each public event, by event name. Every event bubbles and is composed. */
export interface UserManagerEventDetails {
  /** Users' status changed on the server (row dropdown, bulk ban/unban, "Ban instead"). */
  'um-status-change': { userIds: string[]; status: UserStatus; reason: string | null };
  /** Tags were added to or removed from users on the server. */
  'um-tags-change': { userIds: string[]; added: TagRef[]; removed: TagRef[] };
  /** A user was deleted permanently. */
  'um-user-delete': { userId: string; email: string };
  /** A password reset was sent by email or handed out as a one-time link. */
  'um-password-reset': { userId: string; delivery: 'EMAIL' | 'LINK' };
  /** An import job finished (its counts as the server reported them). */
  'um-import-complete': {
    jobId: string;
    mode: string;
    status: string;
    totalRows: number | null;
    created: number;
    updated: number;
    failed: number;
  };
  /** A call to the server failed; the widget also shows it. */
  'um-error': { code: string; message: string; operation: string };
}

export type UserManagerEventName = keyof UserManagerEventDetails;

export type UserManagerEvent<Name extends UserManagerEventName> = CustomEvent<UserManagerEventDetails[Name]>;

declare global {
  interface HTMLElementEventMap {
    'um-status-change': UserManagerEvent<'um-status-change'>;
    'um-tags-change': UserManagerEvent<'um-tags-change'>;
    'um-user-delete': UserManagerEvent<'um-user-delete'>;
    'um-password-reset': UserManagerEvent<'um-password-reset'>;
    'um-import-complete': UserManagerEvent<'um-import-complete'>;
    'um-error': UserManagerEvent<'um-error'>;
  }
}

/** Dispatches a public event from the element: bubbling and composed, so the host page hears it wherever it listens. */
export function emit<Name extends UserManagerEventName>(target: EventTarget, name: Name, detail: UserManagerEventDetails[Name]): void {
  target.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
}
