import { UsersAndTags1764300000000 } from './1764300000000-users-and-tags';
import { ImportJobs1764400000000 } from './1764400000000-import-jobs';

/** Every migration, oldest first. A new one is added here and never edited after it ships. */
export const migrations = [UsersAndTags1764300000000, ImportJobs1764400000000];
