import DataLoader from 'dataloader';
import type { Tag } from './dto/tag.type';
import type { TagService } from './tag.service';

declare module '../graphql/context' {
  interface RequestLoaders {
    tag: DataLoader<string, Tag | undefined>;
  }
}

/**
 * The request's tag loader (made anew for every request, never shared, so
 * nothing leaks between callers or apps): the tags of every user of a page
 * are looked up in one statement.
 */
export function createTagLoader(tags: TagService, appId: string): DataLoader<string, Tag | undefined> {
  return new DataLoader(async (ids) => {
    const found = new Map((await tags.findByIds(appId, ids)).map((tag) => [tag.id, tag]));
    return ids.map((id) => found.get(id));
  });
}
