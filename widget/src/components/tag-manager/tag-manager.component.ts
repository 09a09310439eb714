import { html, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { displayName, type TagWithCount, type UserRow } from '../../state/users';
import { sharedStyles } from '../../styles/shared.styles';
import { DialogController } from '../dialog/dialog-controller';
import { dialogStyles } from '../dialog/dialog.styles';
import { tagManagerStyles } from './tag-manager.styles';
import { LocalizedElement } from '../../i18n/localized';

/** What the tag manager asks its owner to do. */
export interface TagManagerEvents {
  /** Add the tag of this name (created when the app has none). */
  'tag-add': { userId: string; name: string };
  'tag-remove': { userId: string; tagId: string };
}

/** Why the owner could not do what was asked: with the name of a tag that could not be added. */
export interface TagRefusal {
  name?: string;
  message: string;
}

/**
 * One user's tags in a dialog: remove any, add one by name — an existing tag
 * (any case) or a new one created on the spot. The field is ready for the
 * next name at once; a name still on its way counts as the user's, so it is
 * not asked for twice. The owner shows changes through `user` and passes a
 * refusal back, whose name returns to the field.
 *
 * @fires tag-add - detail { userId, name }; not composed.
 * @fires tag-remove - detail { userId, tagId }; not composed.
 * @fires dialog-close - When the dialog closes; not composed.
 */
@customElement('um-tag-manager')
export class UmTagManager extends LocalizedElement {
  static override styles = [sharedStyles, dialogStyles, tagManagerStyles];

  @property({ attribute: false }) accessor user: UserRow | undefined;
  /** The app's tags, offered as suggestions. */
  @property({ attribute: false }) accessor tags: TagWithCount[] = [];
  @property({ type: Boolean }) accessor open = false;
  /** The owner's last refusal (a new object each time). */
  @property({ attribute: false }) accessor refusal: TagRefusal | undefined;
  @state() private accessor error = '';
  @query('input') private accessor input!: HTMLInputElement;
  /** Names asked for that the user does not show yet, without case. */
  private readonly pending = new Set<string>();
  private readonly dialog = new DialogController(this, () => {
    this.error = '';
    this.pending.clear();
  });

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('user')) for (const tag of this.user?.tags ?? []) this.pending.delete(tag.name.toLocaleLowerCase());
    if (changed.has('refusal') && this.refusal) {
      this.error = this.refusal.message;
      if (this.refusal.name) this.pending.delete(this.refusal.name.toLocaleLowerCase());
    }
  }

  override updated(changed: PropertyValues<this>): void {
    this.dialog.sync(this.open && !!this.user);
    // A refused name goes back to the field, ready to fix, unless another is being typed.
    const name = this.refusal?.name;
    if (changed.has('refusal') && name && this.input && !this.input.value) this.input.value = name;
  }

  override render() {
    const user = this.user;
    const onUser = new Set(user?.tags.map((tag) => tag.id));
    const name = user ? displayName(user) : '';
    return this.dialog.render({
      label: this.t('tags.title', { name }),
      body: !this.open
        ? ''
        : html`${
              user && user.tags.length > 0
                ? html`<ul aria-label=${this.t('tags.of', { name })}>
                    ${user.tags.map(
                      (tag) =>
                        html`<li class="chip">
                          <span class="swatch" style="background:${tag.color}"></span>${tag.name}
                          <button type="button" aria-label=${this.t('tags.remove', { tag: tag.name })} @click=${() => this.removeTag(tag.id)}>×</button>
                        </li>`,
                    )}
                  </ul>`
                : html`<p class="muted">${this.t('tags.none', { name })}</p>`
            }
            <form @submit=${this.onSubmit}>
              <label
                >${this.t('tags.add')}
                <input
                  class="field"
                  list="known-tags"
                  autocomplete="off"
                  autofocus
                  maxlength="64"
                  aria-describedby="tag-hint"
                  @input=${() => (this.error = '')}
                />
              </label>
              <button class="button primary" type="submit" aria-busy=${this.pending.size > 0 ? 'true' : 'false'}>${this.t('tags.addButton')}</button>
            </form>
            <datalist id="known-tags">${this.tags.filter((tag) => !onUser.has(tag.id)).map((tag) => html`<option value=${tag.name}></option>`)}</datalist>
            <p id="tag-hint" class="hint muted">${this.t('tags.hint')}</p>
            <p class="error" role="alert">${this.error}</p>`,
      footer: html`<button class="button" type="button" @click=${() => this.dialog.close()}>${this.t('common.done')}</button>`,
    });
  }

  private onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const user = this.user;
    const name = this.input.value.trim();
    if (!user) return;
    if (!name) {
      this.error = this.t('tags.typeName');
      return;
    }
    const key = name.toLocaleLowerCase();
    if (this.pending.has(key) || user.tags.some((tag) => tag.name.toLocaleLowerCase() === key)) {
      this.error = this.t('tags.already', { name: displayName(user), tag: name });
      return;
    }
    this.error = '';
    this.input.value = '';
    this.pending.add(key);
    this.send('tag-add', { userId: user.id, name });
    this.requestUpdate();
  }

  private removeTag(tagId: string) {
    const user = this.user;
    if (!user) return;
    this.error = '';
    this.send('tag-remove', { userId: user.id, tagId });
    // The chip (and its button) goes: keep focus in the dialog.
    this.input?.focus();
  }

  private send<Name extends keyof TagManagerEvents>(name: Name, detail: TagManagerEvents[Name]) {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'um-tag-manager': UmTagManager;
  }
}
