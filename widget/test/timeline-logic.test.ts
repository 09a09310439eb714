/** The profile's timeline and history logic without a browser. */
import { ENGLISH } from '../src/i18n/english';
import { describeAction, describeChanges, groupByDay } from '../src/state/timeline';

describe('activity grouped by day', () => {
  const day = (event: { at: string }) => event.at.slice(0, 10);

  test('consecutive events of a day form one group, in the order given (newest first)', () => {
    const events = [{ at: '2026-05-03T10:00' }, { at: '2026-05-03T09:00' }, { at: '2026-05-01T23:00' }];
    expect(groupByDay(events, day)).toEqual([
      { day: '2026-05-03', events: [events[0], events[1]] },
      { day: '2026-05-01', events: [events[2]] },
    ]);
  });

  test('a page that continues the last day extends its group; nothing gives no groups', () => {
    const first = [{ at: '2026-05-03T10:00' }, { at: '2026-05-02T10:00' }];
    const more = [{ at: '2026-05-02T08:00' }, { at: '2026-04-30T08:00' }];
    expect(groupByDay([...first, ...more], day).map((group) => [group.day, group.events.length])).toEqual([
      ['2026-05-03', 1],
      ['2026-05-02', 2],
      ['2026-04-30', 1],
    ]);
    expect(groupByDay([], day)).toEqual([]);
  });
});

describe('audit entries in words', () => {
  test('actions read as what happened', () => {
    expect(describeAction('user.banned', ENGLISH)).toBe('Banned');
    expect(describeAction('user.tags_added', ENGLISH)).toBe('Tags added');
    expect(describeAction('password.reset_sent', ENGLISH)).toBe('Password reset sent');
    expect(describeAction('tag.deleted', ENGLISH)).toBe('Tag deleted');
    expect(describeAction('custom', ENGLISH)).toBe('Custom');
  });

  test('only what changed between before and after, profile values one by one, tags by name', () => {
    const details = {
      before: { email: 'a@x.org', status: 'ACTIVE', tagIds: ['t1'], profile: { plan: 'Free', seats: 2 }, banReason: null, hasPassword: false },
      after: { email: 'a@x.org', status: 'BANNED', tagIds: ['t1', 't2'], profile: { plan: 'Pro', seats: 2 }, banReason: 'Spam', hasPassword: true },
    };
    const names = { tag: (id: string) => ({ t1: 'VIP', t2: 'Beta' })[id], field: (key: string) => ({ plan: 'Plan' })[key] };
    expect(describeChanges(details, ENGLISH, names)).toEqual([
      'Status: Active → Banned',
      'Tags: VIP → VIP, Beta',
      'Plan: Free → Pro',
      'Ban reason: — → Spam',
      'Password set: no → yes',
    ]);
  });

  test('a creation lists its values; details without before/after are listed as they are; instants are formatted', () => {
    expect(describeChanges({ after: { name: 'Ada', tagIds: [] } }, ENGLISH)).toEqual(['Name: Ada']);
    expect(describeChanges({ delivery: 'LINK', expiresAt: '2026-05-03T10:00:00.000Z' }, ENGLISH, { instant: () => 'May 3' })).toEqual([
      'Sent as: one-time link',
      'Link expires: May 3',
    ]);
    expect(describeChanges({ usersUntagged: 3 }, ENGLISH)).toEqual(['Users untagged: 3']);
    expect(describeChanges({}, ENGLISH)).toEqual([]);
  });

  test('a tag id no longer known shows as the id', () => {
    expect(describeChanges({ before: { tagIds: [] }, after: { tagIds: ['gone'] } }, ENGLISH, { tag: () => undefined })).toEqual(['Tags: — → gone']);
  });
});
