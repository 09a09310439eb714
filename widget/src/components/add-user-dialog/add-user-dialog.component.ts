import { html, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { FormErrors } from '../../state/user-form';
import type { ProfileField, TagWithCount } from '../../state/users';
import { sharedStyles } from '../../styles/shared.styles';
import { DialogController } from '../dialog/dialog-controller';
import { dialogStyles } from '../dialog/dialog.styles';
import '../user-form/user-form.component';
import type { UserFormEvents } from '../user-form/user-form.component';
import { LocalizedElement } from '../../i18n/localized';

/**
 * "Add user": the user form in a dialog, empty each time it opens. The
 * owner creates the user from the form's `user-create` event (which passes
 * through), passes refusals back through `errors`, and closes it by setting
 * `open` once the user exists.
 *
 * @fires user-create - From the form: detail { input }; not composed.
 * @fires dialog-close - When the dialog closes; not composed.
 */
@customElement('um-add-user-dialog')
export class UmAddUserDialog extends LocalizedElement {
  static override styles = [sharedStyles, dialogStyles];

  @property({ type: Boolean }) accessor open = false;
  @property({ attribute: false }) accessor fields: ProfileField[] = [];
  @property({ attribute: false }) accessor tags: TagWithCount[] = [];
  @property({ attribute: false }) accessor errors: FormErrors = {};
  @property({ type: Boolean }) accessor busy = false;
  private readonly dialog = new DialogController(this);

  override updated(changed: PropertyValues<this>): void {
    this.dialog.sync(this.open);
    // The form renders after the dialog opened: its first field takes focus once it is there.
    const form = this.renderRoot.querySelector('um-user-form');
    if (changed.has('open') && this.open && form) void form.updateComplete.then(() => this.dialog.focusInitial());
  }

  override render() {
    return this.dialog.render({
      label: this.t('addUser.title'),
      body: this.open
        ? html`<um-user-form
            mode="create"
            .fields=${this.fields}
            .tags=${this.tags}
            .errors=${this.errors}
            ?busy=${this.busy}
            @form-cancel=${() => this.dialog.close()}
            @user-create=${this.passOn}
          ></um-user-form>`
        : '',
    });
  }

  /** The form's event stops at this shadow root: the owner hears it from this element. */
  private passOn = (event: CustomEvent<UserFormEvents['user-create']>) => {
    event.stopPropagation();
    this.dispatchEvent(new CustomEvent<UserFormEvents['user-create']>('user-create', { detail: event.detail, bubbles: true }));
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'um-add-user-dialog': UmAddUserDialog;
  }
}
