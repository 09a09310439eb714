import { UsersAndTags1764300000000 } from './1764300000000-users-and-tags';
import { TagUserCounts1764300000001 } from './1764300000001-tag-user-counts';
import { ImportJobs1764400000000 } from './1764400000000-import-jobs';
import { AccountLifecycle1764500000000 } from './1764500000000-account-lifecycle';
import { DropRedundantEmailIndex1764600000000 } from './1764600000000-drop-redundant-email-index';
import { ImportCommittedRows1764700000000 } from './1764700000000-import-committed-rows';
import { TimeOrderedUserIds1764700000001 } from './1764700000001-time-ordered-user-ids';
import { JobRunner1764800000000 } from './1764800000000-job-runner';
import { BulkJobs1764800000001 } from './1764800000001-bulk-jobs';
import { JobStalls1764900000000 } from './1764900000000-job-stalls';
import { ImportUploading1764900000001 } from './1764900000001-import-uploading';
import { RateLimits1765000000000 } from './1765000000000-rate-limits';
import { TagNameKeys1765000000001 } from './1765000000001-tag-name-keys';
import { UserStatusCounts1765000000002 } from './1765000000002-user-status-counts';
import { UserLastAccess1765100000000 } from './1765100000000-user-last-access';
import { WordPrefixes1765100000001 } from './1765100000001-word-prefixes';
import { StatusCountsWithoutJoin1765200000000 } from './1765200000000-status-counts-without-join';
import { SavedViews1765200000001 } from './1765200000001-saved-views';
import { ActivityWithoutUserKey1765300000000 } from './1765300000000-activity-without-user-key';
import { BannedSignupOrder1765400000000 } from './1765400000000-banned-signup-order';

/** Every migration, oldest first. A new one is added here and never edited after it ships. */
export const migrations = [
  UsersAndTags1764300000000,
  TagUserCounts1764300000001,
  ImportJobs1764400000000,
  AccountLifecycle1764500000000,
  DropRedundantEmailIndex1764600000000,
  ImportCommittedRows1764700000000,
  TimeOrderedUserIds1764700000001,
  JobRunner1764800000000,
  BulkJobs1764800000001,
  JobStalls1764900000000,
  ImportUploading1764900000001,
  RateLimits1765000000000,
  TagNameKeys1765000000001,
  UserStatusCounts1765000000002,
  UserLastAccess1765100000000,
  WordPrefixes1765100000001,
  StatusCountsWithoutJoin1765200000000,
  SavedViews1765200000001,
  ActivityWithoutUserKey1765300000000,
  BannedSignupOrder1765400000000,
];
