import { css, html, LitElement, nothing, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { ApiError, type UserManagerApi } from '../api/client';
import { UserActivityDocument, type ActivityKind, type UserActivityQuery } from '../api/generated';
import { groupByDay } from '../state/timeline';
import { controlStyles } from '../styles/theme';
import { formatLongDay, formatTime, localDayKey } from './format';
import { PagedList } from './paged-list';

type ActivityEvent = NonNullable<UserActivityQuery['user']>['activity']['edges'][number]['node'];

const PAGE_SIZE = 25;
const KIND_LABELS: Record<ActivityKind, string> = { PAGE_VIEW: 'Page view', FEATURE_USE: 'Feature use', LOGIN: 'Sign-in', CUSTOM: 'Event' };

/**
 * A user's activity, newest first, grouped by day in the admin's time zone,
 * with "Load more activity" for older days.
 */
@customElement('um-activity-timeline')
export class UmActivityTimeline extends LitElement {
  static override styles = [
    controlStyles,
    css`
      :host {
        display: block;
      }
      h4 {
        margin: calc(var(--um-space) * 1.5) 0 calc(var(--um-space) * 0.5);
        font-size: 0.95em;
      }
      ol {
        list-style: none;
        margin: 0;
        padding: 0 0 0 calc(var(--um-space) * 1.5);
        border-inline-start: 2px solid var(--um-color-border);
      }
      li {
        display: grid;
        grid-template-columns: 5.5em 7em 1fr;
        gap: var(--um-space);
        padding: 3px 0;
      }
      .name {
        overflow-wrap: anywhere;
      }
      .error {
        color: var(--um-color-danger);
      }
    `,
  ];

  @property({ attribute: false }) accessor api: UserManagerApi | undefined;
  @property({ attribute: 'user-id' }) accessor userId: string | undefined;
  /** Turns a failure into the element's error (reported as um-error). */
  @property({ attribute: false }) accessor reportError: (operation: string, error: unknown) => ApiError = (_operation, error) =>
    error instanceof ApiError ? error : new ApiError('UNKNOWN', String(error));

  private readonly events = new PagedList<ActivityEvent>(
    this,
    async (after, signal) => {
      const api = this.api;
      if (!api || !this.userId) return { items: [], hasNextPage: false, endCursor: null };
      const { user } = await api.request(UserActivityDocument, { userId: this.userId, first: PAGE_SIZE, after }, signal);
      if (!user) throw new ApiError('NOT_FOUND', 'This user no longer exists');
      return { items: user.activity.edges.map((edge) => edge.node), hasNextPage: user.activity.pageInfo.hasNextPage, endCursor: user.activity.pageInfo.endCursor };
    },
    (error) => this.reportError('loadActivity', error),
  );

  override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('userId') || changed.has('api')) && this.userId && this.api) void this.events.reset();
  }

  override render() {
    const { items, loading, error, hasNextPage } = this.events;
    if (error?.code === 'FEATURE_DISABLED') return html`<p class="muted">This app keeps no activity history.</p>`;
    return html`
      ${groupByDay(items, (event) => localDayKey(event.occurredAt)).map(
        (group) => html`<h4>${formatLongDay(group.events[0]!.occurredAt)}</h4>
          <ol>
            ${group.events.map(
              (event) => html`<li>
                <time datetime=${event.occurredAt}>${formatTime(event.occurredAt)}</time>
                <span class="muted">${KIND_LABELS[event.kind] ?? event.kind}</span>
                <span class="name">${event.name}</span>
              </li>`,
            )}
          </ol>`,
      )}
      ${!loading && !error && items.length === 0 ? html`<p class="muted">No activity recorded.</p>` : nothing}
      ${loading ? html`<p class="muted" role="status">Loading activity…</p>` : nothing}
      ${error
        ? html`<p class="error" role="alert">Could not load the activity: ${error.message}</p>
            <button class="button" type="button" @click=${() => this.events.reset()}>Try again</button>`
        : nothing}
      ${hasNextPage && !loading ? html`<button class="button" type="button" @click=${() => this.events.more()}>Load more activity</button>` : nothing}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'um-activity-timeline': UmActivityTimeline;
  }
}
