import type { Localizer, MessageKey } from '../i18n/localizer';
import type { CreateUserInput, UpdateUserInput, UserStatus } from '../api/generated';
import { fieldInWords } from './messages';
import type { ProfileField } from './users';

/**
 * The add-user and edit-user form as plain values: what it holds, what it
 * sends, and where an error goes. Every profile value is held as the text
 * of its control ('' for none) and becomes a JSON value of its field's type
 * only when sent; the server checks it again and has the last word.
 */
export interface UserFormValues {
  email: string;
  name: string;
  status: UserStatus;
  password: string;
  tagIds: string[];
  /** The controls' text by profile field key. */
  profile: Record<string, string>;
}

/** Problems by form key: `email`, `name`, `password`, `status`, `tagIds`, `profile.<key>`, or `form` for the rest. */
export type FormErrors = Record<string, string>;

/** What a user gives the form to start from when it edits them. */
export interface EditableUser {
  id?: string;
  email: string;
  name?: string | null;
  status: UserStatus;
  tags: ReadonlyArray<{ id: string }>;
  profile?: Record<string, unknown> | null;
}

/** The form key of a profile field. */
export const profileKey = (key: string): string => `profile.${key}`;

/** The text a control shows for a stored profile value. */
export function controlText(field: Pick<ProfileField, 'type'>, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (field.type === 'BOOLEAN') return value === true ? 'true' : value === false ? 'false' : '';
  return typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value);
}

/** The form's values for a new user (empty) or for one to edit. */
export function formValues(fields: readonly ProfileField[], user?: EditableUser): UserFormValues {
  return {
    email: user?.email ?? '',
    name: user?.name ?? '',
    status: user?.status ?? 'ACTIVE',
    password: '',
    tagIds: user?.tags.map((tag) => tag.id) ?? [],
    profile: Object.fromEntries(fields.map((field) => [field.key, controlText(field, user?.profile?.[field.key])])),
  };
}

/** A control's text as the field's JSON value, or a problem; '' is no value (null). */
function profileValue(field: ProfileField, text: string, l: Localizer): { value: unknown } | { problem: string } {
  const trimmed = field.type === 'TEXT' ? text : text.trim();
  if (trimmed === '') return { value: null };
  switch (field.type) {
    case 'NUMBER': {
      const number = Number(trimmed);
      return Number.isFinite(number) ? { value: number } : { problem: l.t('form.number', { field: field.label }) };
    }
    case 'BOOLEAN':
      return { value: trimmed === 'true' };
    default:
      return { value: trimmed };
  }
}

/** What the form can tell before the server does: an email, the required fields, numbers. */
function checkProfile(fields: readonly ProfileField[], values: UserFormValues, errors: FormErrors, l: Localizer): Record<string, unknown> {
  const profile: Record<string, unknown> = {};
  for (const field of fields) {
    const parsed = profileValue(field, values.profile[field.key] ?? '', l);
    if ('problem' in parsed) errors[profileKey(field.key)] = parsed.problem;
    else if (parsed.value === null && field.required) errors[profileKey(field.key)] = l.t('form.required', { field: field.label });
    else profile[field.key] = parsed.value;
  }
  return profile;
}

function checkEmail(values: UserFormValues, errors: FormErrors, l: Localizer): void {
  if (!values.email.trim()) errors.email = l.t('form.required', { field: l.t('form.email') });
}

/** The createUser input of a filled-in form, or what is wrong with it. */
export function createInput(fields: readonly ProfileField[], values: UserFormValues, l: Localizer): { input: CreateUserInput } | { errors: FormErrors } {
  const errors: FormErrors = {};
  checkEmail(values, errors, l);
  const profile = checkProfile(fields, values, errors, l);
  if (Object.keys(errors).length > 0) return { errors };
  const given = Object.fromEntries(Object.entries(profile).filter(([, value]) => value !== null));
  return {
    input: {
      email: values.email.trim(),
      name: values.name.trim() || null,
      status: values.status,
      profile: given,
      tagIds: values.tagIds,
      ...(values.password ? { password: values.password } : {}),
    },
  };
}

/**
 * The updateUser input of an edited form: only what changed (a cleared
 * profile value as null, which removes it), or what is wrong. `undefined`
 * input: nothing changed.
 */
export function updateInput(
  fields: readonly ProfileField[],
  before: UserFormValues,
  values: UserFormValues,
  l: Localizer,
): { input: UpdateUserInput | undefined } | { errors: FormErrors } {
  const errors: FormErrors = {};
  checkEmail(values, errors, l);
  const profile = checkProfile(fields, values, errors, l);
  if (Object.keys(errors).length > 0) return { errors };
  const input: UpdateUserInput = {};
  if (values.email.trim() !== before.email) input.email = values.email.trim();
  if (values.name.trim() !== before.name) input.name = values.name.trim() || null;
  const changed = Object.fromEntries(Object.entries(profile).filter(([key]) => (values.profile[key] ?? '') !== (before.profile[key] ?? '')));
  if (Object.keys(changed).length > 0) input.profile = changed;
  if ([...values.tagIds].sort().join() !== [...before.tagIds].sort().join()) input.tagIds = values.tagIds;
  return { input: Object.keys(input).length > 0 ? input : undefined };
}

/** The labels of the form's own keys, to name them in a server's message. */
const LABELS: Record<string, MessageKey> = { email: 'form.email', name: 'form.name', password: 'form.password', status: 'form.status', tagIds: 'form.tags' };

/**
 * A server's BAD_USER_INPUT or CONFLICT as a form error: its field
 * (`input.email`, `input.profile.plan`) as the form key, and its message
 * with the field's path in words ("input.email is empty" → "Email is empty").
 * Unknown fields and errors without one go to `form`.
 */
export function serverError(fields: readonly ProfileField[], field: string | undefined, message: string, l: Localizer): FormErrors {
  const key = field?.replace(/^input\./, '');
  if (!key) return { form: message };
  const profile = key.startsWith('profile.') ? fields.find((candidate) => profileKey(candidate.key) === key) : undefined;
  const builtIn = LABELS[key];
  const label = profile?.label ?? (builtIn ? l.t(builtIn as 'form.email') : undefined);
  if (!label) return { form: message };
  return { [key]: fieldInWords(message, field, label) };
}
