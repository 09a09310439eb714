import { Task, initialState } from '@lit/task';
import { isAbort, type UserManagerApi } from '../api/client';
import { MeDocument, ProfileFieldsDocument, TagsDocument, type TagChipFragment } from '../api/generated';
import type { ProfileField, TagWithCount } from '../state/users';
import type { ElementHost } from './element-host';

/**
 * The app's reference data the element shows everywhere: its tags (with how
 * many users carry each), its profile fields, and the caller's role. Read when the API is set,
 * and again after changes that move tag counts.
 */
export class ReferenceDataController {
  tags: TagWithCount[] = [];
  profileFields: ProfileField[] = [];
  /** The caller's role (viewer, manager, admin), once the token was read. */
  role: string | undefined;
  /** The app the token is for, once the token was read. */
  app: string | undefined;
  private readonly tagsTask: Task<readonly [UserManagerApi | undefined], TagWithCount[]>;
  private readonly fieldsTask: Task<readonly [UserManagerApi | undefined], ProfileField[]>;
  private readonly meTask: Task<readonly [UserManagerApi | undefined], { role: string; app: string }>;

  constructor(
    private readonly host: ElementHost,
    /** Told whenever the tags were read, with the ids the app has now. */
    onTags: (known: ReadonlySet<string>) => void,
  ) {
    this.tagsTask = this.read(
      'loadTags',
      async (api, signal) => (await api.request(TagsDocument, {}, signal)).tags,
      (tags) => {
        this.tags = tags;
        onTags(new Set(tags.map((tag) => tag.id)));
      },
    );
    this.meTask = this.read(
      'loadMe',
      async (api, signal) => (await api.request(MeDocument, {}, signal)).me,
      ({ role, app }) => {
        this.role = role;
        this.app = app;
      },
    );
    this.fieldsTask = this.read(
      'loadProfileFields',
      async (api, signal) => (await api.request(ProfileFieldsDocument, {}, signal)).profileFields,
      (fields) => {
        this.profileFields = fields;
      },
    );
  }

  reload(): void {
    this.reloadTags();
    void this.fieldsTask.run();
    void this.meTask.run();
  }

  reloadTags(): void {
    void this.tagsTask.run();
  }

  /** The app's tag of that name, ignoring case. */
  tagNamed(name: string): TagWithCount | undefined {
    const wanted = name.trim().toLocaleLowerCase();
    return this.tags.find((tag) => tag.name.toLocaleLowerCase() === wanted);
  }

  /** A tag created a moment ago, offered everywhere at once. */
  addTag(tag: TagChipFragment): void {
    this.tags = [...this.tags, { ...tag, userCount: 0 }].sort((a, b) => a.name.localeCompare(b.name));
    this.host.requestUpdate();
  }

  /** A tag changed (renamed, recoloured) or deleted (`undefined`), shown at once until the tags are read again. */
  changeTag(tagId: string, tag: TagChipFragment | undefined): void {
    this.tags = this.tags.flatMap((known) => (known.id !== tagId ? [known] : tag ? [{ ...known, ...tag }] : [])).sort((a, b) => a.name.localeCompare(b.name));
    this.host.requestUpdate();
  }

  /** A read that follows the API (a new one reads again); a failure is reported and the last answer kept. */
  private read<Value>(operation: string, fetch: (api: UserManagerApi, signal: AbortSignal) => Promise<Value>, onComplete: (value: Value) => void) {
    const { host } = this;
    return new Task(host, {
      args: () => [host.api] as const,
      task: async ([api], { signal }) => {
        if (!api) return initialState;
        try {
          return await fetch(api, signal);
        } catch (error) {
          throw isAbort(error) ? error : host.report(operation, error);
        }
      },
      onComplete,
    });
  }
}
