import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { UserManagerApi } from '../../api/client';
import { PagedList } from '../../controllers/paged-list';
import { UserAuditDocument, type UserAuditQuery } from '../../api/generated';
import { describeAction, describeChanges, type ChangeNames } from '../../state/timeline';
import { sharedStyles } from '../../styles/shared.styles';
import { auditTrailStyles } from './audit-trail.styles';
import { reportFailure } from '../api-error';
import { LocalizedElement } from '../../i18n/localized';

type AuditEntry = UserAuditQuery['auditLog']['edges'][number]['node'];

const PAGE_SIZE = 20;
/** The roles the catalogue has words for. */
const ROLES = new Set(['admin', 'manager', 'viewer', 'system']);

/**
 * Who changed this user, when, and what changed (before → after), newest
 * first, with "Load more history".
 *
 * @fires api-error - detail { operation, error }: a load failed; not composed.
 */
@customElement('um-audit-trail')
export class UmAuditTrail extends LocalizedElement {
  static override styles = [sharedStyles, auditTrailStyles];

  @property({ attribute: false }) accessor api: UserManagerApi | undefined;
  @property({ attribute: 'user-id' }) accessor userId: string | undefined;
  @property({ attribute: false }) accessor names: ChangeNames = {};

  private readonly entries = new PagedList<AuditEntry>(
    this,
    async (after, signal) => {
      const api = this.api;
      if (!api || !this.userId) return { items: [], hasNextPage: false, endCursor: null };
      const { auditLog } = await api.request(UserAuditDocument, { userId: this.userId, first: PAGE_SIZE, after }, signal);
      return { items: auditLog.edges.map((edge) => edge.node), hasNextPage: auditLog.pageInfo.hasNextPage, endCursor: auditLog.pageInfo.endCursor };
    },
    (error) => reportFailure(this, 'loadAuditLog', error, this.l),
  );

  /** Loads again from the newest entry (after a change made in the panel). */
  refresh(): Promise<void> {
    return this.entries.reset();
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('userId') || changed.has('api')) && this.userId && this.api) void this.entries.reset();
  }

  override render() {
    const { items, error } = this.entries;
    if (error?.code === 'FORBIDDEN') return html`<p class="muted">${this.t('history.adminsOnly')}</p>`;
    const role = (name: string) => (ROLES.has(name) ? this.t(`history.role.${name as 'admin'}`) : name);
    return html`
      ${
        items.length > 0
          ? html`<ol>
              ${items.map((entry) => {
                const changes = describeChanges(entry.details, this.l, this.names);
                return html`<li>
                  <time datetime=${entry.at}>${this.l.dateTime(entry.at)}</time> ·
                  ${this.l.rich('history.entry', { action: html`<strong>${describeAction(entry.action, this.l)}</strong>`, actor: entry.actor })}
                  <span class="muted">(${role(entry.role)})</span>
                  ${
                    changes.length > 0
                      ? html`<ul>
                          ${changes.map((line) => html`<li>${line}</li>`)}
                        </ul>`
                      : nothing
                  }
                </li>`;
              })}
            </ol>`
          : nothing
      }
      ${this.entries.renderStatus({
        empty: this.t('history.none'),
        loading: this.t('history.loading'),
        failed: (message) => this.t('history.failed', { message }),
        more: this.t('history.more'),
        retry: this.t('common.tryAgain'),
      })}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'um-audit-trail': UmAuditTrail;
  }
}
