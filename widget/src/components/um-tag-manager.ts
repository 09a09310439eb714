import { css, html, LitElement } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { displayName, type TagWithCount, type UserListController, type UserRow } from '../state/user-list';
import { controlStyles } from '../styles/theme';
import { DialogController, dialogStyles } from './dialog';

/**
 * One user's tags in a dialog: remove any, add one by name — an existing tag
 * (any case) or a new one created on the spot. Changes show at once and are
 * undone with a message when the server refuses.
 *
 * @fires dialog-close - When the dialog closes; not composed.
 */
@customElement('um-tag-manager')
export class UmTagManager extends LitElement {
  static override styles = [
    controlStyles,
    dialogStyles,
    css`
      ul {
        list-style: none;
        margin: 0 0 calc(var(--um-space) * 2);
        padding: 0;
        display: flex;
        flex-wrap: wrap;
        gap: var(--um-space);
      }
      .chip button {
        border: 0;
        background: none;
        padding: 0 2px;
        cursor: pointer;
        font-size: 1.1em;
        line-height: 1;
        color: var(--um-color-muted);
      }
      form {
        display: flex;
        gap: var(--um-space);
        align-items: flex-end;
      }
      label {
        display: flex;
        flex-direction: column;
        gap: 4px;
        flex: 1;
      }
      .hint {
        margin: 4px 0 0;
        font-size: 0.9em;
      }
      .error {
        color: var(--um-color-danger);
        margin: var(--um-space) 0 0;
      }
    `,
  ];

  @property({ attribute: false }) accessor user: UserRow | undefined;
  @property({ attribute: false }) accessor list: UserListController | undefined;
  /** The app's tags, offered as suggestions. */
  @property({ attribute: false }) accessor tags: TagWithCount[] = [];
  @property({ type: Boolean }) accessor open = false;
  @state() private accessor error = '';
  @state() private accessor busy = false;
  @query('input') private accessor input!: HTMLInputElement;
  private readonly dialog = new DialogController(this, () => {
    this.error = '';
  });

  override updated(): void {
    this.dialog.sync(this.open && !!this.user);
  }

  override render() {
    const user = this.user;
    const tags = this.tags;
    const onUser = new Set(user?.tags.map((tag) => tag.id));
    const name = user ? displayName(user) : '';
    return this.dialog.render({
      label: `Tags for ${name}`,
      body: !this.open
        ? ''
        : html`${user && user.tags.length > 0
              ? html`<ul aria-label="Tags of ${name}">
                  ${user.tags.map(
                    (tag) => html`<li class="chip">
                      <span class="swatch" style="background:${tag.color}"></span>${tag.name}
                      <button type="button" aria-label="Remove tag ${tag.name}" @click=${() => this.removeTag(tag.id)}>×</button>
                    </li>`,
                  )}
                </ul>`
              : html`<p class="muted">${name} has no tags yet.</p>`}
            <form @submit=${this.onSubmit}>
              <label
                >Add a tag
                <input class="field" list="known-tags" autocomplete="off" autofocus maxlength="64" aria-describedby="tag-hint" @input=${() => (this.error = '')} />
              </label>
              <button class="button primary" type="submit" aria-busy=${this.busy ? 'true' : 'false'}>Add</button>
            </form>
            <datalist id="known-tags">${tags.filter((tag) => !onUser.has(tag.id)).map((tag) => html`<option value=${tag.name}></option>`)}</datalist>
            <p id="tag-hint" class="hint muted">Pick a tag or type a new name to create it.</p>
            <p class="error" role="alert">${this.error}</p>`,
      footer: html`<button class="button" type="button" @click=${() => this.dialog.close()}>Done</button>`,
    });
  }

  /**
   * Adds run one after another in the order they were asked for, and the
   * field is ready for the next name at once: a name typed and submitted
   * while the last one is still on its way is queued, never dropped.
   */
  private queue: Promise<void> = Promise.resolve();
  private readonly pending = new Set<string>();

  private onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const list = this.list;
    const user = this.user;
    const name = this.input.value.trim();
    if (!list || !user) return;
    if (!name) {
      this.error = 'Type a tag name first';
      return;
    }
    const key = name.toLocaleLowerCase();
    if (this.pending.has(key) || user.tags.some((tag) => tag.name.toLocaleLowerCase() === key)) {
      this.error = `${displayName(user)} already has the tag "${name}"`;
      return;
    }
    this.error = '';
    this.input.value = '';
    this.pending.add(key);
    this.busy = true;
    const add = async () => {
      const tag = await list.tagNamed(name);
      if (!tag) {
        this.refuse(name, list.notice?.message ?? `Could not create the tag "${name}"`);
        return;
      }
      if (!(await list.addTags([user.id], [tag]))) this.refuse(name, list.notice?.message ?? 'The tag could not be added');
    };
    const settled = () => {
      this.pending.delete(key);
      this.busy = this.pending.size > 0;
    };
    this.queue = this.queue.then(add).then(settled, (failure: unknown) => {
      settled();
      this.refuse(name, failure instanceof Error ? failure.message : 'The tag could not be added');
    });
  }

  /** Says why a name was refused and gives it back to the field when that is empty. */
  private refuse(name: string, message: string) {
    this.error = message;
    if (this.input && !this.input.value) this.input.value = name;
  }

  private async removeTag(tagId: string) {
    const list = this.list;
    const user = this.user;
    const tag = user?.tags.find((candidate) => candidate.id === tagId);
    if (!list || !user || !tag) return;
    this.error = '';
    const removed = await list.removeTags([user.id], [tag]);
    if (!removed) this.error = list.notice?.message ?? 'The tag could not be removed';
    // The chip (and its button) is gone: keep focus in the dialog.
    this.input?.focus();
  }

}

declare global {
  interface HTMLElementTagNameMap {
    'um-tag-manager': UmTagManager;
  }
}
