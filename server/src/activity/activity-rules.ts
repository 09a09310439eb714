import { badInput } from '../common/app-error';
import { isUuid } from '../common/ids';
import { hasControlCharacters } from '../common/text';
import type { ActivityInput, ActivityKind } from './dto/activity.type';

export const MAX_EVENTS_PER_CALL = 1000;
export const MAX_NAME = 500;
export const MAX_METADATA_BYTES = 4096;
/** Clocks of host apps drift; more than this ahead of ours is a mistake, not drift. */
export const MAX_FUTURE_MS = 5 * 60_000;

/** An event checked and ready to store. */
export interface CheckedEvent {
  userId: string;
  kind: ActivityKind;
  name: string;
  occurredAt: Date;
  /** The metadata as JSON text, or null. */
  metadata: string | null;
}

/** Checks a batch of events; every message names the event by its index. */
export function checkEvents(events: readonly ActivityInput[], now: Date, oldest: Date): CheckedEvent[] {
  if (events.length > MAX_EVENTS_PER_CALL) {
    throw badInput('events', `Send at most ${MAX_EVENTS_PER_CALL} events a call, not ${events.length}`);
  }
  return events.map((event, index) => {
    const path = `events[${index}]`;
    if (!isUuid(event.userId)) throw badInput(`${path}.userId`, `${path}.userId is not an id`);
    const name = event.name.trim();
    if (name === '' || name.length > MAX_NAME) throw badInput(`${path}.name`, `${path}.name must be 1 to ${MAX_NAME} characters`);
    if (hasControlCharacters(name) || /[\r\n]/.test(name)) throw badInput(`${path}.name`, `${path}.name must be one line of printable text`);
    const occurredAt = event.occurredAt ?? now;
    if (occurredAt.getTime() > now.getTime() + MAX_FUTURE_MS) {
      throw badInput(`${path}.occurredAt`, `${path}.occurredAt is more than 5 minutes in the future`);
    }
    if (occurredAt.getTime() < oldest.getTime()) {
      throw badInput(`${path}.occurredAt`, `${path}.occurredAt is older than the activity retention period`);
    }
    let metadata: string | null = null;
    if (event.metadata !== null && event.metadata !== undefined) {
      metadata = JSON.stringify(event.metadata);
      if (Buffer.byteLength(metadata) > MAX_METADATA_BYTES) {
        throw badInput(`${path}.metadata`, `${path}.metadata must be at most ${MAX_METADATA_BYTES / 1024} KB of JSON`);
      }
      // Postgres refuses NUL in text, also inside JSON strings.
      if (metadata.includes('\\u0000')) throw badInput(`${path}.metadata`, `${path}.metadata must not contain NUL characters`);
    }
    return { userId: event.userId.toLowerCase(), kind: event.kind, name, occurredAt, metadata };
  });
}
