import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { repeat } from 'lit/directives/repeat.js';
import type { TagWithCount } from '../../state/users';
import { sharedStyles } from '../../styles/shared.styles';
import { DialogController } from '../dialog/dialog-controller';
import { dialogStyles } from '../dialog/dialog.styles';
import { tagAdminStyles } from './tag-admin.styles';
import { LocalizedElement } from '../../i18n/localized';

/** What the tag administration asks its owner to do. */
export interface TagAdminEvents {
  'tag-update': { tagId: string; name?: string; color?: string };
  'tag-delete': { tagId: string };
}

/** Why the owner could not do what was asked, about one tag. */
export interface TagAdminRefusal {
  tagId: string;
  message: string;
}

/**
 * "Manage tags": the app's tags with their colours and how many users carry
 * each. A tag is renamed in place (Enter saves, Escape cancels), recoloured
 * with a colour picker, and deleted after a confirmation that says how many
 * users lose it and that it cannot be undone. The owner makes each change,
 * shows it through `tags`, and passes a refusal back.
 *
 * @fires tag-update - detail { tagId, name?, color? }; not composed.
 * @fires tag-delete - detail { tagId }: confirmed; not composed.
 * @fires dialog-close - When the dialog closes; not composed.
 */
@customElement('um-tag-admin')
export class UmTagAdmin extends LocalizedElement {
  static override styles = [sharedStyles, dialogStyles, tagAdminStyles];

  @property({ attribute: false }) accessor tags: TagWithCount[] = [];
  @property({ type: Boolean }) accessor open = false;
  /** The owner's last refusal (a new object each time). */
  @property({ attribute: false }) accessor refusal: TagAdminRefusal | undefined;
  /** The tag being renamed, or whose delete is being confirmed. */
  @state() private accessor editing: { tagId: string; what: 'rename' | 'delete' } | undefined;
  @state() private accessor problem: TagAdminRefusal | undefined;
  /** Where focus goes after the next render. */
  private focusNext: string | undefined;
  private readonly dialog = new DialogController(this, () => {
    this.editing = undefined;
    this.problem = undefined;
  });

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('refusal') && this.refusal) this.problem = this.refusal;
    // A tag deleted (here or elsewhere) takes its confirmation with it.
    if (this.editing && !this.tags.some((tag) => tag.id === this.editing!.tagId)) this.editing = undefined;
  }

  override updated(): void {
    this.dialog.sync(this.open);
    if (this.focusNext) {
      this.renderRoot.querySelector<HTMLElement>(this.focusNext)?.focus();
      this.focusNext = undefined;
    }
  }

  override render() {
    return this.dialog.render({
      label: this.t('tagAdmin.title'),
      body: this.open ? this.renderBody() : '',
      footer: html`<button class="button" type="button" @click=${() => this.dialog.close()}>${this.t('common.done')}</button>`,
    });
  }

  private renderBody() {
    if (this.tags.length === 0) return html`<p class="muted">${this.t('tagAdmin.empty')}</p>`;
    return html`<p class="muted">${this.t('tagAdmin.summary', { count: this.tags.length })}</p>
      <ul class="tag-rows" aria-label=${this.t('tagAdmin.tags')}>
        ${repeat(
          this.tags,
          (tag) => tag.id,
          (tag) => this.renderTag(tag),
        )}
      </ul>`;
  }

  private renderTag(tag: TagWithCount) {
    const editing = this.editing?.tagId === tag.id ? this.editing.what : undefined;
    const problem = this.problem?.tagId === tag.id ? this.problem.message : '';
    const users = this.t('users.count', { count: tag.userCount });
    return html`<li class="tag-row" data-tag=${tag.id}>
      <div class="line">
        <input
          type="color"
          class="color"
          id="color-${tag.id}"
          aria-label=${this.t('tagAdmin.colour', { tag: tag.name })}
          .value=${tag.color}
          @change=${(event: Event) => this.changeTag(tag, { color: (event.target as HTMLInputElement).value })}
        />
        ${
          editing === 'rename'
            ? html`<form
                class="rename"
                @submit=${(event: SubmitEvent) => this.submitRename(event, tag)}
                @keydown=${(event: KeyboardEvent) => this.onRenameKey(event, tag)}
              >
                <input id="name-${tag.id}" class="field" aria-label=${this.t('tagAdmin.newName', { tag: tag.name })} maxlength="64" .value=${tag.name} />
                <button class="button primary" type="submit">${this.t('common.save')}</button>
                <button class="button" type="button" @click=${() => this.stop(tag, 'rename')}>${this.t('common.cancel')}</button>
              </form>`
            : html`<span class="name">${tag.name}</span>
                <span class="count muted">${users}</span>
                <button
                  id="rename-${tag.id}"
                  class="button"
                  type="button"
                  aria-label=${this.t('tagAdmin.renameTag', { tag: tag.name })}
                  @click=${() => this.start(tag, 'rename')}
                >
                  ${this.t('tagAdmin.rename')}
                </button>
                <button
                  id="delete-${tag.id}"
                  class="button danger-outline"
                  type="button"
                  aria-label=${this.t('tagAdmin.deleteTag', { tag: tag.name })}
                  ?disabled=${editing === 'delete'}
                  @click=${() => this.start(tag, 'delete')}
                >
                  ${this.t('tagAdmin.delete')}
                </button>`
        }
      </div>
      ${
        editing === 'delete'
          ? html`<div class="confirm" role="group" aria-labelledby="confirm-${tag.id}">
              <p id="confirm-${tag.id}">
                ${this.l.rich('tagAdmin.confirmQuestion', { tag: html`<strong>${tag.name}</strong>` })}
                ${tag.userCount > 0 ? this.t('tagAdmin.loses', { count: tag.userCount }) : this.t('tagAdmin.nobodyHasIt')} ${this.t('tagAdmin.cannotUndo')}
              </p>
              <button id="confirm-delete-${tag.id}" class="button danger" type="button" @click=${() => this.send('tag-delete', { tagId: tag.id })}>
                ${tag.userCount > 0 ? this.t('tagAdmin.confirmFrom', { tag: tag.name, count: tag.userCount }) : this.t('tagAdmin.confirm', { tag: tag.name })}
              </button>
              <button class="button" type="button" @click=${() => this.stop(tag, 'delete')}>${this.t('common.cancel')}</button>
            </div>`
          : nothing
      }
      ${problem ? html`<p class="error" role="alert">${problem}</p>` : nothing}
    </li>`;
  }

  private start(tag: TagWithCount, what: 'rename' | 'delete') {
    this.editing = { tagId: tag.id, what };
    this.problem = undefined;
    this.focusNext = what === 'rename' ? `#name-${tag.id}` : `#confirm-delete-${tag.id}`;
  }

  /** Out of renaming or confirming: focus back on the button that started it. */
  private stop(tag: TagWithCount, what: 'rename' | 'delete') {
    this.editing = undefined;
    this.focusNext = `#${what}-${tag.id}`;
  }

  private onRenameKey(event: KeyboardEvent, tag: TagWithCount) {
    if (event.key !== 'Escape') return;
    // Escape leaves the rename, not the dialog.
    event.preventDefault();
    event.stopPropagation();
    this.stop(tag, 'rename');
  }

  private submitRename(event: SubmitEvent, tag: TagWithCount) {
    event.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>(`#name-${tag.id}`);
    const name = input?.value.trim() ?? '';
    if (!name) {
      this.problem = { tagId: tag.id, message: this.t('tagAdmin.typeName') };
      return;
    }
    const taken = this.tags.find((other) => other.id !== tag.id && other.name.toLocaleLowerCase() === name.toLocaleLowerCase());
    if (taken) {
      this.problem = { tagId: tag.id, message: this.t('tagAdmin.taken', { tag: taken.name }) };
      return;
    }
    this.stop(tag, 'rename');
    if (name !== tag.name) this.changeTag(tag, { name });
  }

  private changeTag(tag: TagWithCount, change: { name?: string; color?: string }) {
    this.problem = undefined;
    this.send('tag-update', { tagId: tag.id, ...change });
  }

  private send<Name extends keyof TagAdminEvents>(name: Name, detail: TagAdminEvents[Name]) {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'um-tag-admin': UmTagAdmin;
  }
}
