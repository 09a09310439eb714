/**
 * `<user-manager>` among Vue's global components, for templates and TSX:
 * import it once for its types (`import type {} from '@user-manager/widget/vue'`).
 * Tell Vue's compiler it is a custom element
 * (`compilerOptions.isCustomElement: (tag) => tag === 'user-manager'`).
 */
import type { DefineComponent } from 'vue';
import type { UserManager, UserManagerEventDetails } from '@user-manager/widget';

type Listener<Name extends keyof UserManagerEventDetails> = (event: CustomEvent<UserManagerEventDetails[Name]>) => void;

export interface UserManagerVueProps {
  endpoint?: string;
  token?: string;
  tokenProvider?: UserManager['tokenProvider'];
  pageSize?: number;
  theme?: 'light' | 'dark';
  columns?: string;
  urlState?: boolean;
  locale?: string;
  messages?: UserManager['messages'];
  onUmStatusChange?: Listener<'um-status-change'>;
  onUmTagsChange?: Listener<'um-tags-change'>;
  onUmUserDelete?: Listener<'um-user-delete'>;
  onUmPasswordReset?: Listener<'um-password-reset'>;
  onUmImportComplete?: Listener<'um-import-complete'>;
  onUmError?: Listener<'um-error'>;
}

declare module 'vue' {
  interface GlobalComponents {
    'user-manager': DefineComponent<UserManagerVueProps>;
    UserManager: DefineComponent<UserManagerVueProps>;
  }
}
