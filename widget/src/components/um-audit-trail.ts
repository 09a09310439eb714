import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { ApiError, type UserManagerApi } from '../api/client';
import { UserAuditDocument, type UserAuditQuery } from '../api/generated';
import { describeAction, describeChanges, type ChangeNames } from '../state/timeline';
import { controlStyles } from '../styles/theme';
import { formatDateTime } from './format';
import { PagedList } from './paged-list';

type AuditEntry = UserAuditQuery['auditLog']['edges'][number]['node'];

const PAGE_SIZE = 20;

/**
 * Who changed this user, when, and what changed (before → after), newest
 * first, with "Load more history".
 */
@customElement('um-audit-trail')
export class UmAuditTrail extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      ol {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      ol > li {
        padding: 6px 0;
        border-bottom: 1px solid var(--um-color-border);
      }
      ul {
        margin: 4px 0 0;
        padding-inline-start: 1.2em;
        color: var(--um-color-muted);
        overflow-wrap: anywhere;
      }
      .error {
        color: var(--um-color-danger);
      }
    `,
  ];

  @property({ attribute: false }) accessor api: UserManagerApi | undefined;
  @property({ attribute: 'user-id' }) accessor userId: string | undefined;
  @property({ attribute: false }) accessor names: ChangeNames = {};
  @property({ attribute: false }) accessor reportError: (operation: string, error: unknown) => ApiError = (_operation, error) =>
    error instanceof ApiError ? error : new ApiError('UNKNOWN', String(error));

  private readonly entries = new PagedList<AuditEntry>(
    this,
    async (after, signal) => {
      const api = this.api;
      if (!api || !this.userId) return { items: [], hasNextPage: false, endCursor: null };
      const { auditLog } = await api.request(UserAuditDocument, { userId: this.userId, first: PAGE_SIZE, after }, signal);
      return { items: auditLog.edges.map((edge) => edge.node), hasNextPage: auditLog.pageInfo.hasNextPage, endCursor: auditLog.pageInfo.endCursor };
    },
    (error) => this.reportError('loadAuditLog', error),
  );

  /** Loads again from the newest entry (after a change made in the panel). */
  refresh(): Promise<void> {
    return this.entries.reset();
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('userId') || changed.has('api')) && this.userId && this.api) void this.entries.reset();
  }

  override render() {
    const { items, loading, error, hasNextPage } = this.entries;
    if (error?.code === 'FORBIDDEN') return html`<p class="muted">Only admins can see the history of changes.</p>`;
    return html`
      ${items.length > 0
        ? html`<ol>
            ${items.map((entry) => {
              const changes = describeChanges(entry.details, this.names);
              return html`<li>
                <time datetime=${entry.at}>${formatDateTime(entry.at)}</time> · <strong>${describeAction(entry.action)}</strong> by ${entry.actor}
                <span class="muted">(${entry.role})</span>
                ${changes.length > 0 ? html`<ul>${changes.map((line) => html`<li>${line}</li>`)}</ul>` : nothing}
              </li>`;
            })}
          </ol>`
        : nothing}
      ${!loading && !error && items.length === 0 ? html`<p class="muted">No changes recorded.</p>` : nothing}
      ${loading ? html`<p class="muted" role="status">Loading history…</p>` : nothing}
      ${error
        ? html`<p class="error" role="alert">Could not load the history: ${error.message}</p>
            <button class="button" type="button" @click=${() => this.entries.reset()}>Try again</button>`
        : nothing}
      ${hasNextPage && !loading ? html`<button class="button" type="button" @click=${() => this.entries.more()}>Load more history</button>` : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'um-audit-trail': UmAuditTrail;
  }
}
