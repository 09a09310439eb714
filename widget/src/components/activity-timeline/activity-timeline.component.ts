import { html, type PropertyValues } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import { ApiError, type UserManagerApi } from '../../api/client';
import { PagedList } from '../../controllers/paged-list';
import { UserActivityDocument, type ActivityKind, type UserActivityQuery } from '../../api/generated';
import { groupByDay } from '../../state/timeline';
import { sharedStyles } from '../../styles/shared.styles';
import { activityTimelineStyles } from './activity-timeline.styles';
import { reportFailure } from '../api-error';
import { localDayKey } from '../../state/format';
import { LocalizedElement } from '../../i18n/localized';

type ActivityEvent = NonNullable<UserActivityQuery['user']>['activity']['edges'][number]['node'];

const PAGE_SIZE = 25;
const KINDS: readonly ActivityKind[] = ['PAGE_VIEW', 'FEATURE_USE', 'LOGIN', 'CUSTOM'];

/**
 * A user's activity, newest first, grouped by day in the admin's time zone,
 * with "Load more activity" for older days.
 *
 * @fires api-error - detail { operation, error }: a load failed; not composed.
 */
@customElement('um-activity-timeline')
export class UmActivityTimeline extends LocalizedElement {
  static override styles = [sharedStyles, activityTimelineStyles];

  @property({ attribute: false }) accessor api: UserManagerApi | undefined;
  @property({ attribute: 'user-id' }) accessor userId: string | undefined;

  private readonly events = new PagedList<ActivityEvent>(
    this,
    async (after, signal) => {
      const api = this.api;
      if (!api || !this.userId) return { items: [], hasNextPage: false, endCursor: null };
      const { user } = await api.request(UserActivityDocument, { userId: this.userId, first: PAGE_SIZE, after }, signal);
      if (!user) throw new ApiError('NOT_FOUND', this.t('error.userGone'));
      return {
        items: user.activity.edges.map((edge) => edge.node),
        hasNextPage: user.activity.pageInfo.hasNextPage,
        endCursor: user.activity.pageInfo.endCursor,
      };
    },
    (error) => reportFailure(this, 'loadActivity', error, this.l),
  );

  override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('userId') || changed.has('api')) && this.userId && this.api) void this.events.reset();
  }

  override render() {
    const { items, error } = this.events;
    if (error?.code === 'FEATURE_DISABLED') return html`<p class="muted">${this.t('activity.disabled')}</p>`;
    const kindLabel = (kind: ActivityKind) => (KINDS.includes(kind) ? this.t(`activity.${kind}`) : undefined);
    return html`
      ${groupByDay(items, (event) => localDayKey(event.occurredAt)).map(
        (group) =>
          html`<h4>${this.l.longDay(group.events[0]!.occurredAt)}</h4>
            <ol>
              ${group.events.map(
                (event) =>
                  html`<li>
                    <time datetime=${event.occurredAt}>${this.l.time(event.occurredAt)}</time>
                    <span class="muted">${kindLabel(event.kind) ?? event.kind}</span>
                    <span class="name">${sameWords(event.name, kindLabel(event.kind)) ? '' : event.name}</span>
                  </li>`,
              )}
            </ol>`,
      )}
      ${this.events.renderStatus({
        empty: this.t('activity.none'),
        loading: this.t('activity.loading'),
        failed: (message) => this.t('activity.failed', { message }),
        more: this.t('activity.more'),
        retry: this.t('common.tryAgain'),
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
