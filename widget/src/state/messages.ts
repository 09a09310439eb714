import { ApiError } from '../api/client';
import type { Localizer, MessageKey } from '../i18n/localizer';

/** What an admin is told when their role may not do something, by what they tried. */
const NOT_ALLOWED: Array<{ operations: readonly string[]; message: MessageKey }> = [
  { operations: ['banUsers', 'unbanUsers', 'startBulkJob'], message: 'error.cannotBan' },
  { operations: ['addTags', 'removeTags', 'createTag', 'updateTag', 'deleteTag'], message: 'error.cannotTag' },
  { operations: ['deleteUser', 'deleteUsers'], message: 'error.cannotDelete' },
  { operations: ['sendPasswordReset'], message: 'error.cannotReset' },
  { operations: ['createUser', 'updateUser'], message: 'error.cannotEdit' },
  {
    operations: ['importUsers', 'importProgress', 'exportUsers', 'downloadTemplate', 'downloadImportErrors'],
    message: 'error.cannotImport',
  },
  { operations: ['loadAuditLog'], message: 'error.cannotSeeHistory' },
];

/**
 * A server's message about an input field with the field's path in words:
 * "input.email is empty" → "Email is empty". Other messages stay as they are.
 */
export function fieldInWords(message: string, field: string | undefined, label: string): string {
  return field && message.startsWith(field) ? `${label}${message.slice(field.length)}` : message;
}

/**
 * A failure as the admin reads it: what they may not do, or what went wrong
 * on the way, in their words; a refusal the server words for people (a bad
 * value, a conflict) as the server says it. Never an operation name or a
 * role table. The code stays the server's.
 */
export function explained(error: ApiError, operation: string, l: Localizer): ApiError {
  const say = (key: MessageKey) => new ApiError(error.code, l.t(key as 'error.forbidden'), error.field, error.status, error.count);
  switch (error.code) {
    case 'FORBIDDEN':
      return say(NOT_ALLOWED.find((entry) => entry.operations.includes(operation))?.message ?? 'error.forbidden');
    case 'UNAUTHENTICATED':
      return say('error.unauthenticated');
    case 'NETWORK':
      return say('error.network');
    case 'INTERNAL_SERVER_ERROR':
    case 'UNKNOWN':
      return say('error.server');
    default:
      return error.code.startsWith('HTTP_5') ? say('error.server') : error;
  }
}
