import DataLoader from 'dataloader';
import type { Principal } from '../auth/principal';
import type { Tag } from '../tags/dto/tag.type';
import type { TagService } from '../tags/tag.service';

export interface Loaders {
  tag: DataLoader<string, Tag | undefined>;
}

/**
 * Made anew for every request (never shared, so nothing leaks between callers
 * or apps): each batches the lookups of one resolver pass into one statement.
 */
export function createLoaders(tags: TagService, principal: Principal | undefined): Loaders {
  const appId = principal?.appId ?? '';
  return {
    tag: new DataLoader(async (ids) => {
      const found = new Map((await tags.findByIds(appId, ids)).map((tag) => [tag.id, tag]));
      return ids.map((id) => found.get(id));
    }),
  };
}
