/** The user events a host app can receive. */
export const WEBHOOK_TYPES = ['user.banned', 'user.unbanned', 'user.deleted', 'user.password_reset'] as const;
export type WebhookType = (typeof WEBHOOK_TYPES)[number];
