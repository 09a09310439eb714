import { html, LitElement, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { ApiError, type UserManagerApi } from '../../api/client';
import { PagedList } from '../../controllers/paged-list';
import { UserActivityDocument, type ActivityKind, type UserActivityQuery } from '../../api/generated';
import { groupByDay } from '../../state/timeline';
import { sharedStyles } from '../../styles/shared.styles';
import { activityTimelineStyles } from './activity-timeline.styles';
import { reportFailure } from '../api-error';
import { formatLongDay, formatTime, localDayKey } from '../../state/format';

type ActivityEvent = NonNullable<UserActivityQuery['user']>['activity']['edges'][number]['node'];

const PAGE_SIZE = 25;
const KIND_LABELS: Record<ActivityKind, string> = { PAGE_VIEW: 'Page view', FEATURE_USE: 'Feature use', LOGIN: 'Sign-in', CUSTOM: 'Event' };

/**
 * A user's activity, newest first, grouped by day in the admin's time zone,
 * with "Load more activity" for older days.
 *
 * @fires api-error - detail { operation, error }: a load failed; not composed.
 */
@customElement('um-activity-timeline')
export class UmActivityTimeline extends LitElement {
  static override styles = [sharedStyles, activityTimelineStyles];

  @property({ attribute: false }) accessor api: UserManagerApi | undefined;
  @property({ attribute: 'user-id' }) accessor userId: string | undefined;

  private readonly events = new PagedList<ActivityEvent>(
    this,
    async (after, signal) => {
      const api = this.api;
      if (!api || !this.userId) return { items: [], hasNextPage: false, endCursor: null };
      const { user } = await api.request(UserActivityDocument, { userId: this.userId, first: PAGE_SIZE, after }, signal);
      if (!user) throw new ApiError('NOT_FOUND', 'This user no longer exists');
      return {
        items: user.activity.edges.map((edge) => edge.node),
        hasNextPage: user.activity.pageInfo.hasNextPage,
        endCursor: user.activity.pageInfo.endCursor,
      };
    },
    (error) => reportFailure(this, 'loadActivity', error),
  );

  override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('userId') || changed.has('api')) && this.userId && this.api) void this.events.reset();
  }

  override render() {
    const { items, error } = this.events;
    if (error?.code === 'FEATURE_DISABLED') return html`<p class="muted">This app keeps no activity history.</p>`;
    return html`
      ${groupByDay(items, (event) => localDayKey(event.occurredAt)).map(
        (group) =>
          html`<h4>${formatLongDay(group.events[0]!.occurredAt)}</h4>
            <ol>
              ${group.events.map(
                (event) =>
                  html`<li>
                    <time datetime=${event.occurredAt}>${formatTime(event.occurredAt)}</time>
                    <span class="muted">${KIND_LABELS[event.kind] ?? event.kind}</span>
                    <span class="name">${sameWords(event.name, KIND_LABELS[event.kind]) ? '' : event.name}</span>
                  </li>`,
              )}
            </ol>`,
      )}
      ${this.events.renderStatus({
        empty: 'No activity recorded.',
        loading: 'Loading activity…',
        failed: 'Could not load the activity',
        more: 'Load more activity',
      })}
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'um-activity-timeline': UmActivityTimeline;
  }
}

/** "sign-in" under the kind "Sign-in" says nothing more: letters compared without case or punctuation. */
function sameWords(name: string, label: string | undefined): boolean {
  const letters = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');
  return label !== undefined && letters(name) === letters(label);
}
