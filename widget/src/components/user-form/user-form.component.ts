import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { CreateUserInput, UpdateUserInput } from '../../api/generated';
import { sharedStyles } from '../../styles/shared.styles';
import { createInput, type EditableUser, type FormErrors, formValues, profileKey, updateInput, type UserFormValues } from '../../state/user-form';
import type { ProfileField, TagWithCount } from '../../state/users';
import { userFormStyles } from './user-form.styles';
import { LocalizedElement } from '../../i18n/localized';

/** What the user form asks its owner to do. */
export interface UserFormEvents {
  /** Create this user ("create" mode). */
  'user-create': { input: CreateUserInput };
  /** Save these changes ("edit" mode); only what changed is in `input`. */
  'user-save': { input: UpdateUserInput };
  'form-cancel': Record<string, never>;
}

/**
 * A user's account and profile as a form: email, name, the app's profile
 * fields by their type (text, number, date, yes/no, a choice of options;
 * required ones marked), the tags, and, for a new user, the status and an
 * optional password. It checks what it can (a required value, a number)
 * and sends the rest to its owner, who passes the server's refusals back
 * through `errors`; each lands on the field it names, and focus goes to
 * the first field that has one.
 *
 * @fires user-create - detail { input }: "Add user"; not composed.
 * @fires user-save - detail { input }: "Save", with what changed; not composed.
 * @fires form-cancel - "Cancel"; not composed.
 */
@customElement('um-user-form')
export class UmUserForm extends LocalizedElement {
  static override styles = [sharedStyles, userFormStyles];

  @property() accessor mode: 'create' | 'edit' = 'create';
  /** The user to edit (edit mode); the form starts from their values. */
  @property({ attribute: false }) accessor user: EditableUser | undefined;
  @property({ attribute: false }) accessor fields: ProfileField[] = [];
  /** The app's tags, each a checkbox; none: no tags section. */
  @property({ attribute: false }) accessor tags: TagWithCount[] = [];
  /** The owner's refusals by form key (a new object each time). */
  @property({ attribute: false }) accessor errors: FormErrors = {};
  /** What was asked is on its way. */
  @property({ type: Boolean }) accessor busy = false;
  @state() private accessor values: UserFormValues = formValues([]);
  @state() private accessor problems: FormErrors = {};
  private start: UserFormValues = formValues([]);
  private focusProblem = false;
  /** The user the form was filled from: a fresher copy of the same user does not undo the admin's typing. */
  private filledFrom: string | undefined;

  override willUpdate(changed: PropertyValues<this>): void {
    const userId = this.mode === 'edit' ? this.user?.id : undefined;
    if (changed.has('fields') || changed.has('mode') || userId !== this.filledFrom) {
      this.filledFrom = userId;
      this.start = formValues(this.fields, this.mode === 'edit' ? this.user : undefined);
      this.values = { ...this.start, profile: { ...this.start.profile } };
      this.problems = {};
    }
    if (changed.has('errors') && Object.keys(this.errors).length > 0) {
      this.problems = { ...this.errors };
      this.focusProblem = true;
    }
  }

  override updated(): void {
    if (!this.focusProblem) return;
    this.focusProblem = false;
    this.renderRoot.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }

  override render() {
    const create = this.mode === 'create';
    return html`<form novalidate @submit=${this.onSubmit} aria-describedby=${this.problems.form ? 'error-form' : nothing}>
      <p id="error-form" class="error" role="alert">${this.problems.form ?? ''}</p>
      ${this.input('email', this.t('form.email'), { type: 'email', required: true, autofocus: true, autocomplete: 'off', maxlength: 254 })}
      ${this.input('name', this.t('form.name'), { maxlength: 200, autocomplete: 'off' })} ${create ? this.renderStatus() : nothing}
      ${
        create
          ? this.input('password', this.t('form.password'), {
              type: 'password',
              autocomplete: 'new-password',
              maxlength: 128,
              hint: this.t('form.passwordHint'),
            })
          : nothing
      }
      ${
        this.fields.length > 0
          ? html`<fieldset class="profile">
              <legend>${this.t('form.profile')}</legend>
              ${this.fields.map((field) => this.renderField(field))}
            </fieldset>`
          : nothing
      }
      ${this.tags.length > 0 ? this.renderTags() : nothing}
      <div class="actions">
        <button class="button primary" type="submit" ?disabled=${this.busy} aria-busy=${this.busy ? 'true' : 'false'}>
          ${this.t(create ? (this.busy ? 'form.adding' : 'form.add') : this.busy ? 'form.saving' : 'form.save')}
        </button>
        <button class="button" type="button" @click=${() => this.send('form-cancel', {})}>${this.t('common.cancel')}</button>
      </div>
    </form>`;
  }

  /** A labelled control with its hint and its error, wired for screen readers. */
  private row(key: string, label: string, required: boolean, control: (described: string | undefined) => TemplateResult, hint?: string) {
    const id = controlId(key);
    const problem = this.problems[key];
    const described = [hint ? `hint-${id}` : '', problem ? `error-${id}` : ''].filter(Boolean).join(' ') || undefined;
    return html`<div class="row">
      <span class="label-line"><label for=${id}>${label}</label>${required ? html`<span class="required" aria-hidden="true"> *</span>` : nothing}</span>
      ${control(described)} ${hint ? html`<p id="hint-${id}" class="hint muted">${hint}</p>` : nothing}
      ${problem ? html`<p id="error-${id}" class="error field-error">${problem}</p>` : nothing}
    </div>`;
  }

  private input(
    key: 'email' | 'name' | 'password',
    label: string,
    options: { type?: string; required?: boolean; autofocus?: boolean; autocomplete?: string; maxlength?: number; hint?: string },
  ) {
    return this.row(
      key,
      label,
      options.required ?? false,
      (described) =>
        html`<input
          class="field"
          id=${controlId(key)}
          type=${options.type ?? 'text'}
          ?required=${options.required ?? false}
          ?autofocus=${options.autofocus ?? false}
          autocomplete=${options.autocomplete ?? nothing}
          maxlength=${options.maxlength ?? nothing}
          aria-invalid=${this.problems[key] ? 'true' : 'false'}
          aria-describedby=${described ?? nothing}
          .value=${this.values[key]}
          @input=${(event: Event) => this.set(key, (event.target as HTMLInputElement).value)}
        />`,
      options.hint,
    );
  }

  private renderStatus() {
    return this.row(
      'status',
      this.t('form.status'),
      false,
      (described) =>
        html`<select
          class="field"
          id=${controlId('status')}
          aria-describedby=${described ?? nothing}
          @change=${(event: Event) => this.set('status', (event.target as HTMLSelectElement).value as UserFormValues['status'])}
        >
          <option value="ACTIVE" ?selected=${this.values.status === 'ACTIVE'}>${this.t('form.active')}</option>
          <option value="BANNED" ?selected=${this.values.status === 'BANNED'}>${this.t('form.banned')}</option>
        </select>`,
    );
  }

  private renderField(field: ProfileField) {
    const key = profileKey(field.key);
    const value = this.values.profile[field.key] ?? '';
    const change = (event: Event) => this.setProfile(field.key, (event.target as HTMLInputElement | HTMLSelectElement).value);
    const common = (described: string | undefined) => ({ id: controlId(key), invalid: this.problems[key] ? 'true' : 'false', described });
    const choose = (options: Array<[string, string]>, described: string | undefined) => {
      const { id, invalid } = common(described);
      return html`<select class="field" id=${id} aria-invalid=${invalid} aria-describedby=${described ?? nothing} ?required=${field.required} @change=${change}>
        <option value="" ?selected=${value === ''}>${this.t(field.required ? 'form.choose' : 'form.notSet')}</option>
        ${options.map(([optionValue, label]) => html`<option value=${optionValue} ?selected=${value === optionValue}>${label}</option>`)}
      </select>`;
    };
    return this.row(key, field.label, field.required, (described) => {
      if (field.type === 'BOOLEAN')
        return choose(
          [
            ['true', this.t('value.yes')],
            ['false', this.t('value.no')],
          ],
          described,
        );
      if (field.type === 'SELECT')
        return choose(
          (field.options ?? []).map((option) => [option, option]),
          described,
        );
      const { id, invalid } = common(described);
      return html`<input
        class="field"
        id=${id}
        type=${field.type === 'DATE' ? 'date' : 'text'}
        inputmode=${field.type === 'NUMBER' ? 'decimal' : nothing}
        ?required=${field.required}
        aria-invalid=${invalid}
        aria-describedby=${described ?? nothing}
        .value=${value}
        @input=${change}
      />`;
    });
  }

  private renderTags() {
    const chosen = new Set(this.values.tagIds);
    return html`<fieldset class="tags">
      <legend>${this.t('form.tags')}</legend>
      <div class="tag-list">
        ${this.tags.map(
          (tag) =>
            html`<label class="tag-choice">
              <input
                type="checkbox"
                .checked=${chosen.has(tag.id)}
                @change=${(event: Event) => {
                  const on = (event.target as HTMLInputElement).checked;
                  this.set('tagIds', on ? [...this.values.tagIds, tag.id] : this.values.tagIds.filter((id) => id !== tag.id));
                }}
              />
              <span class="swatch" style="background:${tag.color}"></span>${tag.name}
            </label>`,
        )}
      </div>
      ${this.problems.tagIds ? html`<p class="error field-error">${this.problems.tagIds}</p>` : nothing}
    </fieldset>`;
  }

  private set<Key extends keyof UserFormValues>(key: Key, value: UserFormValues[Key]) {
    this.values = { ...this.values, [key]: value };
    this.clearProblem(key);
  }

  private setProfile(key: string, text: string) {
    this.values = { ...this.values, profile: { ...this.values.profile, [key]: text } };
    this.clearProblem(profileKey(key));
  }

  private clearProblem(key: string) {
    if (!this.problems[key] && !this.problems.form) return;
    const { [key]: _gone, form: _form, ...rest } = this.problems;
    this.problems = rest;
  }

  private onSubmit(event: SubmitEvent) {
    event.preventDefault();
    if (this.busy) return;
    if (this.mode === 'create') {
      const result = createInput(this.fields, this.values, this.l);
      if ('errors' in result) return this.refuse(result.errors);
      this.send('user-create', { input: result.input });
      return;
    }
    const result = updateInput(this.fields, this.start, this.values, this.l);
    if ('errors' in result) return this.refuse(result.errors);
    if (!result.input) return this.send('form-cancel', {});
    this.send('user-save', { input: result.input });
  }

  private refuse(errors: FormErrors) {
    this.problems = errors;
    this.focusProblem = true;
  }

  private send<Name extends keyof UserFormEvents>(name: Name, detail: UserFormEvents[Name]) {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true }));
  }
}

/** A control's id from its form key (profile keys hold only letters, digits and underscores). */
const controlId = (key: string): string => `field-${key.replace(/\./g, '-')}`;

declare global {
  interface HTMLElementTagNameMap {
    'um-user-form': UmUserForm;
  }
}
