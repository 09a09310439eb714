/**
 * `<user-manager>` in React 19's JSX: its attributes, properties and events.
 * Import it once for its types (`import type {} from '@user-manager/widget/react'`)
 * or list it in tsconfig `types`. React 19 sets a prop as the element's
 * property when it has one, and `on<event>` listens to that event by name.
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { UserManager, UserManagerEventDetails } from '@user-manager/widget';

/** `onum-status-change={(event) => …}`: React 19 listens to a custom element's event by the name after `on`. */
type UserManagerEventProps = {
  [Name in keyof UserManagerEventDetails as `on${Name}`]?: (event: CustomEvent<UserManagerEventDetails[Name]>) => void;
};

export interface UserManagerReactProps extends DetailedHTMLProps<HTMLAttributes<UserManager>, UserManager>, UserManagerEventProps {
  endpoint?: string;
  token?: string;
  tokenProvider?: UserManager['tokenProvider'];
  'page-size'?: number | string;
  theme?: 'light' | 'dark';
  columns?: string;
  'url-state'?: boolean;
  locale?: string;
  messages?: UserManager['messages'];
}

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'user-manager': UserManagerReactProps;
    }
  }
}
