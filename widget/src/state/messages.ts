import { ApiError } from '../api/client';

/** What an admin is told when their role may not do something, by what they tried. */
const NOT_ALLOWED: Array<{ operations: readonly string[]; message: string }> = [
  { operations: ['banUsers', 'unbanUsers', 'startBulkJob'], message: 'You can view users but not ban or unban them' },
  { operations: ['addTags', 'removeTags', 'createTag', 'updateTag', 'deleteTag'], message: 'You can view users but not change their tags' },
  { operations: ['deleteUser', 'deleteUsers'], message: 'Only an admin can delete users' },
  { operations: ['sendPasswordReset'], message: 'Only an admin can reset passwords' },
  { operations: ['createUser', 'updateUser'], message: 'Only an admin can add or edit users' },
  {
    operations: ['importUsers', 'importProgress', 'exportUsers', 'downloadTemplate', 'downloadImportErrors'],
    message: 'Only an admin can import or export users',
  },
  { operations: ['loadAuditLog'], message: 'Only an admin can see the history of changes' },
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
export function explained(error: ApiError, operation: string): ApiError {
  const say = (message: string) => new ApiError(error.code, message, error.field, error.status, error.count);
  switch (error.code) {
    case 'FORBIDDEN':
      return say(NOT_ALLOWED.find((entry) => entry.operations.includes(operation))?.message ?? 'Your role may not do this');
    case 'UNAUTHENTICATED':
      return say('Your sign-in was refused or has expired; reload the page to sign in again');
    case 'NETWORK':
      return say('The server could not be reached');
    case 'INTERNAL_SERVER_ERROR':
    case 'UNKNOWN':
      return say('The server had a problem; try again in a moment');
    default:
      return error.code.startsWith('HTTP_5') ? say('The server had a problem; try again in a moment') : error;
  }
}
