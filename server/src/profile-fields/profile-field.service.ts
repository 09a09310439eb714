import type { Actor } from '../auth/actor';
import type { AuditService } from '../audit/audit.service';
import { badInput, conflict } from '../common/app-error';
import { foldedKey, requiredText } from '../common/text';
import type { Database } from '../db/database';
import { isUniqueViolation } from '../db/pg-errors';
import type { CreateProfileFieldInput } from './dto/profile-field.input';
import { type ProfileField, ProfileFieldType } from './dto/profile-field.type';

const KEY = /^[a-z][a-z0-9_]{0,39}$/;
/** Keys the CSV files use for columns of their own. */
export const RESERVED_KEYS = new Set(['id', 'email', 'name', 'status', 'tags', 'signed_up_at', 'last_access_at', 'password', 'error']);
const MAX_OPTIONS = 200;
const MAX_OPTION_LENGTH = 100;
const MAX_FIELDS = 100;

const FIELD_COLUMNS = 'id, key, label, type, required, options';

export class ProfileFieldService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
  ) {}

  list(appId: string): Promise<ProfileField[]> {
    return this.db.query<ProfileField>(`SELECT ${FIELD_COLUMNS} FROM profile_fields WHERE app_id = $1 ORDER BY position, key`, [appId]);
  }

  async create(actor: Actor, input: CreateProfileFieldInput): Promise<ProfileField> {
    const { appId } = actor;
    const key = input.key.trim();
    if (!KEY.test(key)) {
      throw badInput('input.key', 'input.key must be 1 to 40 lower case letters, digits or _, starting with a letter');
    }
    if (RESERVED_KEYS.has(key)) throw badInput('input.key', `"${key}" is a built-in column and cannot be a profile field`);
    const label = requiredText('input.label', input.label, 100);
    const options = fieldOptions(input.type, input.options);
    try {
      return await this.db.transaction(async (tx) => {
        const [field] = await tx.query<ProfileField>(
          `INSERT INTO profile_fields (app_id, key, label, type, required, options, position)
           SELECT $1, $2, $3, $4, $5, $6, coalesce(max(position) + 1, 0)
             FROM profile_fields WHERE app_id = $1
           HAVING count(*) < $7
           RETURNING ${FIELD_COLUMNS}`,
          [appId, key, label, input.type, input.required ?? false, options, MAX_FIELDS],
        );
        if (!field) throw badInput('input.key', `An app may have at most ${MAX_FIELDS} profile fields`);
        await this.audit.record(tx, actor, [{ action: 'profile_field.created', details: { after: field } }]);
        return field;
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`A profile field with key "${key}" already exists`, 'input.key');
      throw error;
    }
  }
}

function fieldOptions(type: ProfileFieldType, options: readonly string[] | null | undefined): string[] | null {
  if (type !== ProfileFieldType.SELECT) {
    if (options && options.length > 0) throw badInput('input.options', 'input.options is only for SELECT fields');
    return null;
  }
  const cleaned = (options ?? []).map((option) => option.trim().normalize('NFC'));
  if (cleaned.length === 0) throw badInput('input.options', 'A SELECT field needs at least one option');
  if (cleaned.length > MAX_OPTIONS) throw badInput('input.options', `A SELECT field may have at most ${MAX_OPTIONS} options`);
  const bad = cleaned.find((option) => option === '' || option.length > MAX_OPTION_LENGTH);
  if (bad !== undefined) throw badInput('input.options', `Options must be 1 to ${MAX_OPTION_LENGTH} characters`);
  const seen = new Map<string, string>();
  for (const option of cleaned) {
    const earlier = seen.get(foldedKey(option));
    if (earlier !== undefined) {
      throw badInput('input.options', `Options must not repeat: ${JSON.stringify(earlier)} and ${JSON.stringify(option)} are the same option`);
    }
    seen.set(foldedKey(option), option);
  }
  return cleaned;
}
