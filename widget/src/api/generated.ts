/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type ActivityKind =
  | 'CUSTOM'
  | 'FEATURE_USE'
  | 'LOGIN'
  | 'PAGE_VIEW';

export type BulkAction =
  /** Put tagIds on every matching user; manager or admin. */
  | 'ADD_TAGS'
  /** Ban every matching user (with reason and bannedUntil); manager or admin. */
  | 'BAN'
  /** Delete every matching user for good, as deleteUser does; admin only. */
  | 'DELETE'
  /** Take tagIds off every matching user; manager or admin. */
  | 'REMOVE_TAGS'
  /** Set every matching user ACTIVE; manager or admin. */
  | 'UNBAN';

/** Work on every user a filter matches, confirmed with the count the admin saw. */
export type BulkJobInput = {
  action: BulkAction;
  /** BAN: when the bans end; none: until lifted. */
  bannedUntil?: string | null | undefined;
  /** How many users the admin confirmed. When the filter matches another number as the job starts, it is CONFLICT, with extensions.count the number found. */
  expectedCount: number;
  /** The users to change, as users(filter:) reads it. */
  filter: UserFilter;
  /** BAN: why (at most 500 characters). */
  reason?: string | null | undefined;
  /** ADD_TAGS and REMOVE_TAGS: the tags. */
  tagIds?: Array<string> | null | undefined;
};

export type BulkJobStatus =
  /** The job stopped; message says why. Batches done before stay done. */
  | 'FAILED'
  /** Waiting for a runner. */
  | 'QUEUED'
  /** Users are being changed in batches; a restart resumes it after the last batch. */
  | 'RUNNING'
  /** Every user that matched when it started was handled. */
  | 'SUCCEEDED';

export type CreateTagInput = {
  /** A hex colour such as #3b82f6; one is picked when omitted. */
  color?: string | null | undefined;
  /** Up to 64 characters; no semicolons (CSV files separate tags with them). */
  name: string;
};

export type CreateUserInput = {
  email: string;
  name?: string | null | undefined;
  /** For sign-in through verifyCredentials: 8 to 128 characters, kept only as an Argon2id hash. */
  password?: string | null | undefined;
  /** Values by profile field key, checked against the fields. */
  profile?: Record<string, unknown> | null | undefined;
  /** ACTIVE unless given. */
  status?: UserStatus | null | undefined;
  tagIds?: Array<string> | null | undefined;
};

export type DateRange = {
  /** Inclusive. */
  from?: string | null | undefined;
  /** Exclusive. */
  to?: string | null | undefined;
};

export type ImportMode =
  /** Everything checked and counted as an upsert would, nothing written. */
  | 'DRY_RUN'
  /** Only new users; an email that already exists is a row error. */
  | 'INSERT'
  /** New emails are created, existing users updated (tags are added, empty cells change nothing). */
  | 'UPSERT';

export type ImportStatus =
  /** The whole job stopped; message says why. Batches written before stay written. */
  | 'FAILED'
  /** Stored and waiting for a runner. */
  | 'QUEUED'
  /** Rows are being checked and written; a restart resumes it where it stopped. */
  | 'RUNNING'
  /** Every row was handled; failed rows are in errors. */
  | 'SUCCEEDED';

export type OrderDirection =
  | 'ASC'
  | 'DESC';

/** How a profile value is checked: TEXT a string, NUMBER a JSON number, DATE "YYYY-MM-DD", BOOLEAN true or false, SELECT one of the options. */
export type ProfileFieldType =
  | 'BOOLEAN'
  | 'DATE'
  | 'NUMBER'
  | 'SELECT'
  | 'TEXT';

export type ResetDelivery =
  /** Mail the link to the user. */
  | 'EMAIL'
  /** Hand the link to the admin, once, to pass on. */
  | 'LINK';

export type SavedViewInput = {
  /** The widget's column ids (built-in ones or profile field keys), in order; at most 60, each 1 to 40 of a-z, 0-9, _ and -. */
  columns?: Array<string> | null | undefined;
  /** Checked like the filter of users(filter:). */
  filter: UserFilter;
  /** At most 80 characters; unique in the app regardless of case. */
  name: string;
  orderBy?: UserOrder | null | undefined;
};

/** Each list narrows the result; an empty or missing list is no constraint. */
export type TagFilter = {
  /** Users having every one of these tags. */
  all?: Array<string> | null | undefined;
  /** Users having at least one of these tags. */
  any?: Array<string> | null | undefined;
  /** Users having none of these tags. */
  none?: Array<string> | null | undefined;
};

export type UpdateTagInput = {
  color?: string | null | undefined;
  name?: string | null | undefined;
};

/** Only the fields given change. */
export type UpdateUserInput = {
  email?: string | null | undefined;
  /** null or an empty string removes the name. */
  name?: string | null | undefined;
  /** Merged into the current profile; a key set to null is removed. */
  profile?: Record<string, unknown> | null | undefined;
  status?: UserStatus | null | undefined;
  /** Replaces the user's tags. */
  tagIds?: Array<string> | null | undefined;
};

/** Every part given must match. */
export type UserFilter = {
  /** Whitespace-separated terms, each of which must appear in the email, the name or a profile value; case and accents are ignored and every character is literal. A term of one or two characters must start a word (words end at spaces and ASCII punctuation, which such a term drops). */
  search?: string | null | undefined;
  signedUp?: DateRange | null | undefined;
  status?: UserStatus | null | undefined;
  tags?: TagFilter | null | undefined;
};

export type UserOrder = {
  direction: OrderDirection;
  field: UserOrderField;
};

export type UserOrderField =
  | 'EMAIL'
  /** Users who never came back count as the oldest. */
  | 'LAST_ACCESS_AT'
  /** Ignoring case and accents; users without a name sort by their email. */
  | 'NAME'
  | 'SIGNED_UP_AT';

export type UserStatus =
  | 'ACTIVE'
  | 'BANNED';

export type UserActivityQueryVariables = Exact<{
  userId: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type UserActivityQuery = { user: { id: string, activity: { edges: Array<{ node: { id: string, kind: ActivityKind, name: string, occurredAt: string } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } | null };

export type UserAuditQueryVariables = Exact<{
  userId: string;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type UserAuditQuery = { auditLog: { edges: Array<{ node: { id: string, at: string, actor: string, role: string, action: string, details: Record<string, unknown> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type BulkJobStateFragment = { id: string, status: BulkJobStatus, action: BulkAction, total: number, processed: number, changed: number, message: string | null };

export type StartBulkJobMutationVariables = Exact<{
  input: BulkJobInput;
}>;


export type StartBulkJobMutation = { startBulkJob: { id: string, status: BulkJobStatus, action: BulkAction, total: number, processed: number, changed: number, message: string | null } };

export type BulkJobProgressQueryVariables = Exact<{
  id: string;
}>;


export type BulkJobProgressQuery = { bulkJob: { id: string, status: BulkJobStatus, action: BulkAction, total: number, processed: number, changed: number, message: string | null } | null };

export type ImportJobProgressQueryVariables = Exact<{
  id: string;
}>;


export type ImportJobProgressQuery = { importJob: { id: string, status: ImportStatus, mode: ImportMode, totalRows: number | null, processedRows: number, created: number, updated: number, unchanged: number, failed: number, message: string | null, warnings: Array<string>, errors: Array<{ row: number, column: string, message: string }> } | null };

export type DeleteUserMutationVariables = Exact<{
  id: string;
}>;


export type DeleteUserMutation = { deleteUser: string };

export type SendPasswordResetMutationVariables = Exact<{
  userId: string;
  delivery: ResetDelivery;
}>;


export type SendPasswordResetMutation = { sendPasswordReset: { delivery: ResetDelivery, expiresAt: string, resetUrl: string | null } };

export type DeleteUsersMutationVariables = Exact<{
  ids: Array<string> | string;
}>;


export type DeleteUsersMutation = { deleteUsers: number };

export type ProfileFieldsQueryVariables = Exact<{ [key: string]: never; }>;


export type ProfileFieldsQuery = { profileFields: Array<{ id: string, key: string, label: string, type: ProfileFieldType, options: Array<string> | null, required: boolean }> };

export type TagChipFragment = { id: string, name: string, color: string };

export type TagsQueryVariables = Exact<{ [key: string]: never; }>;


export type TagsQuery = { tags: Array<{ userCount: number, id: string, name: string, color: string }> };

export type CreateTagMutationVariables = Exact<{
  input: CreateTagInput;
}>;


export type CreateTagMutation = { createTag: { id: string, name: string, color: string } };

export type AddTagsToUsersMutationVariables = Exact<{
  userIds: Array<string> | string;
  tagIds: Array<string> | string;
}>;


export type AddTagsToUsersMutation = { addTagsToUsers: number };

export type RemoveTagsFromUsersMutationVariables = Exact<{
  userIds: Array<string> | string;
  tagIds: Array<string> | string;
}>;


export type RemoveTagsFromUsersMutation = { removeTagsFromUsers: number };

export type UpdateTagMutationVariables = Exact<{
  id: string;
  input: UpdateTagInput;
}>;


export type UpdateTagMutation = { updateTag: { id: string, name: string, color: string } };

export type DeleteTagMutationVariables = Exact<{
  id: string;
}>;


export type DeleteTagMutation = { deleteTag: string };

export type UserRowFragment = { id: string, email: string, name: string | null, status: UserStatus, signedUpAt: string, lastAccessAt: string | null, bannedAt: string | null, banReason: string | null, bannedUntil: string | null, tagCount: number, profile: Record<string, unknown>, tags: Array<{ id: string, name: string, color: string }> };

export type UserPageQueryVariables = Exact<{
  filter?: UserFilter | null | undefined;
  orderBy?: UserOrder | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type UserPageQuery = { users: { edges: Array<{ node: { id: string, email: string, name: string | null, status: UserStatus, signedUpAt: string, lastAccessAt: string | null, bannedAt: string | null, banReason: string | null, bannedUntil: string | null, tagCount: number, profile: Record<string, unknown>, tags: Array<{ id: string, name: string, color: string }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type UserCountsQueryVariables = Exact<{
  filter?: UserFilter | null | undefined;
}>;


export type UserCountsQuery = { userCounts: { all: number, active: number, banned: number, estimated: boolean } };

export type UserProfileQueryVariables = Exact<{
  id: string;
}>;


export type UserProfileQuery = { user: { profile: Record<string, unknown>, createdAt: string, updatedAt: string, bannedBy: string | null, id: string, email: string, name: string | null, status: UserStatus, signedUpAt: string, lastAccessAt: string | null, bannedAt: string | null, banReason: string | null, bannedUntil: string | null, tagCount: number, tags: Array<{ id: string, name: string, color: string }> } | null };

export type SetUserStatusMutationVariables = Exact<{
  id: string;
  status: UserStatus;
  reason?: string | null | undefined;
  bannedUntil?: string | null | undefined;
}>;


export type SetUserStatusMutation = { setUserStatus: { id: string, email: string, name: string | null, status: UserStatus, signedUpAt: string, lastAccessAt: string | null, bannedAt: string | null, banReason: string | null, bannedUntil: string | null, tagCount: number, profile: Record<string, unknown>, tags: Array<{ id: string, name: string, color: string }> } };

export type SetUsersStatusMutationVariables = Exact<{
  ids: Array<string> | string;
  status: UserStatus;
  reason?: string | null | undefined;
  bannedUntil?: string | null | undefined;
}>;


export type SetUsersStatusMutation = { setUsersStatus: number };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { subject: string, role: string, app: string } };

export type UndoStatusChangesMutationVariables = Exact<{
  userIds: Array<string> | string;
}>;


export type UndoStatusChangesMutation = { undoStatusChanges: number };

export type CreateUserMutationVariables = Exact<{
  input: CreateUserInput;
}>;


export type CreateUserMutation = { createUser: { id: string, email: string, name: string | null, status: UserStatus, signedUpAt: string, lastAccessAt: string | null, bannedAt: string | null, banReason: string | null, bannedUntil: string | null, tagCount: number, profile: Record<string, unknown>, tags: Array<{ id: string, name: string, color: string }> } };

export type UpdateUserMutationVariables = Exact<{
  id: string;
  input: UpdateUserInput;
}>;


export type UpdateUserMutation = { updateUser: { profile: Record<string, unknown>, id: string, email: string, name: string | null, status: UserStatus, signedUpAt: string, lastAccessAt: string | null, bannedAt: string | null, banReason: string | null, bannedUntil: string | null, tagCount: number, tags: Array<{ id: string, name: string, color: string }> } };

export type SavedViewFieldsFragment = { id: string, name: string, filter: Record<string, unknown>, orderBy: Record<string, unknown> | null, columns: Array<string> | null, createdBy: string, updatedAt: string };

export type SavedViewsQueryVariables = Exact<{ [key: string]: never; }>;


export type SavedViewsQuery = { savedViews: Array<{ id: string, name: string, filter: Record<string, unknown>, orderBy: Record<string, unknown> | null, columns: Array<string> | null, createdBy: string, updatedAt: string }> };

export type SaveViewMutationVariables = Exact<{
  input: SavedViewInput;
}>;


export type SaveViewMutation = { saveView: { id: string, name: string, filter: Record<string, unknown>, orderBy: Record<string, unknown> | null, columns: Array<string> | null, createdBy: string, updatedAt: string } };

export type UpdateSavedViewMutationVariables = Exact<{
  id: string;
  input: SavedViewInput;
}>;


export type UpdateSavedViewMutation = { updateSavedView: { id: string, name: string, filter: Record<string, unknown>, orderBy: Record<string, unknown> | null, columns: Array<string> | null, createdBy: string, updatedAt: string } };

export type DeleteSavedViewMutationVariables = Exact<{
  id: string;
}>;


export type DeleteSavedViewMutation = { deleteSavedView: string };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const BulkJobStateFragmentDoc = new TypedDocumentString(`
    fragment BulkJobState on BulkJob {
  id
  status
  action
  total
  processed
  changed
  message
}
    `, {"fragmentName":"BulkJobState"}) as unknown as TypedDocumentString<BulkJobStateFragment, unknown>;
export const TagChipFragmentDoc = new TypedDocumentString(`
    fragment TagChip on Tag {
  id
  name
  color
}
    `, {"fragmentName":"TagChip"}) as unknown as TypedDocumentString<TagChipFragment, unknown>;
export const UserRowFragmentDoc = new TypedDocumentString(`
    fragment UserRow on User {
  id
  email
  name
  status
  signedUpAt
  lastAccessAt
  bannedAt
  banReason
  bannedUntil
  tagCount
  profile
  tags {
    ...TagChip
  }
}
    fragment TagChip on Tag {
  id
  name
  color
}`, {"fragmentName":"UserRow"}) as unknown as TypedDocumentString<UserRowFragment, unknown>;
export const SavedViewFieldsFragmentDoc = new TypedDocumentString(`
    fragment SavedViewFields on SavedView {
  id
  name
  filter
  orderBy
  columns
  createdBy
  updatedAt
}
    `, {"fragmentName":"SavedViewFields"}) as unknown as TypedDocumentString<SavedViewFieldsFragment, unknown>;
export const UserActivityDocument = new TypedDocumentString(`
    query UserActivity($userId: ID!, $first: Int, $after: String) {
  user(id: $userId) {
    id
    activity(first: $first, after: $after) {
      edges {
        node {
          id
          kind
          name
          occurredAt
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    `) as unknown as TypedDocumentString<UserActivityQuery, UserActivityQueryVariables>;
export const UserAuditDocument = new TypedDocumentString(`
    query UserAudit($userId: ID!, $first: Int, $after: String) {
  auditLog(userId: $userId, first: $first, after: $after) {
    edges {
      node {
        id
        at
        actor
        role
        action
        details
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    `) as unknown as TypedDocumentString<UserAuditQuery, UserAuditQueryVariables>;
export const StartBulkJobDocument = new TypedDocumentString(`
    mutation StartBulkJob($input: BulkJobInput!) {
  startBulkJob(input: $input) {
    ...BulkJobState
  }
}
    fragment BulkJobState on BulkJob {
  id
  status
  action
  total
  processed
  changed
  message
}`) as unknown as TypedDocumentString<StartBulkJobMutation, StartBulkJobMutationVariables>;
export const BulkJobProgressDocument = new TypedDocumentString(`
    query BulkJobProgress($id: ID!) {
  bulkJob(id: $id) {
    ...BulkJobState
  }
}
    fragment BulkJobState on BulkJob {
  id
  status
  action
  total
  processed
  changed
  message
}`) as unknown as TypedDocumentString<BulkJobProgressQuery, BulkJobProgressQueryVariables>;
export const ImportJobProgressDocument = new TypedDocumentString(`
    query ImportJobProgress($id: ID!) {
  importJob(id: $id) {
    id
    status
    mode
    totalRows
    processedRows
    created
    updated
    unchanged
    failed
    message
    warnings
    errors(first: 100) {
      row
      column
      message
    }
  }
}
    `) as unknown as TypedDocumentString<ImportJobProgressQuery, ImportJobProgressQueryVariables>;
export const DeleteUserDocument = new TypedDocumentString(`
    mutation DeleteUser($id: ID!) {
  deleteUser(id: $id)
}
    `) as unknown as TypedDocumentString<DeleteUserMutation, DeleteUserMutationVariables>;
export const SendPasswordResetDocument = new TypedDocumentString(`
    mutation SendPasswordReset($userId: ID!, $delivery: ResetDelivery!) {
  sendPasswordReset(userId: $userId, delivery: $delivery) {
    delivery
    expiresAt
    resetUrl
  }
}
    `) as unknown as TypedDocumentString<SendPasswordResetMutation, SendPasswordResetMutationVariables>;
export const DeleteUsersDocument = new TypedDocumentString(`
    mutation DeleteUsers($ids: [ID!]!) {
  deleteUsers(ids: $ids)
}
    `) as unknown as TypedDocumentString<DeleteUsersMutation, DeleteUsersMutationVariables>;
export const ProfileFieldsDocument = new TypedDocumentString(`
    query ProfileFields {
  profileFields {
    id
    key
    label
    type
    options
    required
  }
}
    `) as unknown as TypedDocumentString<ProfileFieldsQuery, ProfileFieldsQueryVariables>;
export const TagsDocument = new TypedDocumentString(`
    query Tags {
  tags {
    ...TagChip
    userCount
  }
}
    fragment TagChip on Tag {
  id
  name
  color
}`) as unknown as TypedDocumentString<TagsQuery, TagsQueryVariables>;
export const CreateTagDocument = new TypedDocumentString(`
    mutation CreateTag($input: CreateTagInput!) {
  createTag(input: $input) {
    ...TagChip
  }
}
    fragment TagChip on Tag {
  id
  name
  color
}`) as unknown as TypedDocumentString<CreateTagMutation, CreateTagMutationVariables>;
export const AddTagsToUsersDocument = new TypedDocumentString(`
    mutation AddTagsToUsers($userIds: [ID!]!, $tagIds: [ID!]!) {
  addTagsToUsers(userIds: $userIds, tagIds: $tagIds)
}
    `) as unknown as TypedDocumentString<AddTagsToUsersMutation, AddTagsToUsersMutationVariables>;
export const RemoveTagsFromUsersDocument = new TypedDocumentString(`
    mutation RemoveTagsFromUsers($userIds: [ID!]!, $tagIds: [ID!]!) {
  removeTagsFromUsers(userIds: $userIds, tagIds: $tagIds)
}
    `) as unknown as TypedDocumentString<RemoveTagsFromUsersMutation, RemoveTagsFromUsersMutationVariables>;
export const UpdateTagDocument = new TypedDocumentString(`
    mutation UpdateTag($id: ID!, $input: UpdateTagInput!) {
  updateTag(id: $id, input: $input) {
    ...TagChip
  }
}
    fragment TagChip on Tag {
  id
  name
  color
}`) as unknown as TypedDocumentString<UpdateTagMutation, UpdateTagMutationVariables>;
export const DeleteTagDocument = new TypedDocumentString(`
    mutation DeleteTag($id: ID!) {
  deleteTag(id: $id)
}
    `) as unknown as TypedDocumentString<DeleteTagMutation, DeleteTagMutationVariables>;
export const UserPageDocument = new TypedDocumentString(`
    query UserPage($filter: UserFilter, $orderBy: UserOrder, $first: Int, $after: String) {
  users(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    edges {
      node {
        ...UserRow
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment TagChip on Tag {
  id
  name
  color
}
fragment UserRow on User {
  id
  email
  name
  status
  signedUpAt
  lastAccessAt
  bannedAt
  banReason
  bannedUntil
  tagCount
  profile
  tags {
    ...TagChip
  }
}`) as unknown as TypedDocumentString<UserPageQuery, UserPageQueryVariables>;
export const UserCountsDocument = new TypedDocumentString(`
    query UserCounts($filter: UserFilter) {
  userCounts(filter: $filter) {
    all
    active
    banned
    estimated
  }
}
    `) as unknown as TypedDocumentString<UserCountsQuery, UserCountsQueryVariables>;
export const UserProfileDocument = new TypedDocumentString(`
    query UserProfile($id: ID!) {
  user(id: $id) {
    ...UserRow
    profile
    createdAt
    updatedAt
    bannedBy
  }
}
    fragment TagChip on Tag {
  id
  name
  color
}
fragment UserRow on User {
  id
  email
  name
  status
  signedUpAt
  lastAccessAt
  bannedAt
  banReason
  bannedUntil
  tagCount
  profile
  tags {
    ...TagChip
  }
}`) as unknown as TypedDocumentString<UserProfileQuery, UserProfileQueryVariables>;
export const SetUserStatusDocument = new TypedDocumentString(`
    mutation SetUserStatus($id: ID!, $status: UserStatus!, $reason: String, $bannedUntil: DateTime) {
  setUserStatus(
    id: $id
    status: $status
    reason: $reason
    bannedUntil: $bannedUntil
  ) {
    ...UserRow
  }
}
    fragment TagChip on Tag {
  id
  name
  color
}
fragment UserRow on User {
  id
  email
  name
  status
  signedUpAt
  lastAccessAt
  bannedAt
  banReason
  bannedUntil
  tagCount
  profile
  tags {
    ...TagChip
  }
}`) as unknown as TypedDocumentString<SetUserStatusMutation, SetUserStatusMutationVariables>;
export const SetUsersStatusDocument = new TypedDocumentString(`
    mutation SetUsersStatus($ids: [ID!]!, $status: UserStatus!, $reason: String, $bannedUntil: DateTime) {
  setUsersStatus(
    ids: $ids
    status: $status
    reason: $reason
    bannedUntil: $bannedUntil
  )
}
    `) as unknown as TypedDocumentString<SetUsersStatusMutation, SetUsersStatusMutationVariables>;
export const MeDocument = new TypedDocumentString(`
    query Me {
  me {
    subject
    role
    app
  }
}
    `) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const UndoStatusChangesDocument = new TypedDocumentString(`
    mutation UndoStatusChanges($userIds: [ID!]!) {
  undoStatusChanges(userIds: $userIds)
}
    `) as unknown as TypedDocumentString<UndoStatusChangesMutation, UndoStatusChangesMutationVariables>;
export const CreateUserDocument = new TypedDocumentString(`
    mutation CreateUser($input: CreateUserInput!) {
  createUser(input: $input) {
    ...UserRow
  }
}
    fragment TagChip on Tag {
  id
  name
  color
}
fragment UserRow on User {
  id
  email
  name
  status
  signedUpAt
  lastAccessAt
  bannedAt
  banReason
  bannedUntil
  tagCount
  profile
  tags {
    ...TagChip
  }
}`) as unknown as TypedDocumentString<CreateUserMutation, CreateUserMutationVariables>;
export const UpdateUserDocument = new TypedDocumentString(`
    mutation UpdateUser($id: ID!, $input: UpdateUserInput!) {
  updateUser(id: $id, input: $input) {
    ...UserRow
    profile
  }
}
    fragment TagChip on Tag {
  id
  name
  color
}
fragment UserRow on User {
  id
  email
  name
  status
  signedUpAt
  lastAccessAt
  bannedAt
  banReason
  bannedUntil
  tagCount
  profile
  tags {
    ...TagChip
  }
}`) as unknown as TypedDocumentString<UpdateUserMutation, UpdateUserMutationVariables>;
export const SavedViewsDocument = new TypedDocumentString(`
    query SavedViews {
  savedViews {
    ...SavedViewFields
  }
}
    fragment SavedViewFields on SavedView {
  id
  name
  filter
  orderBy
  columns
  createdBy
  updatedAt
}`) as unknown as TypedDocumentString<SavedViewsQuery, SavedViewsQueryVariables>;
export const SaveViewDocument = new TypedDocumentString(`
    mutation SaveView($input: SavedViewInput!) {
  saveView(input: $input) {
    ...SavedViewFields
  }
}
    fragment SavedViewFields on SavedView {
  id
  name
  filter
  orderBy
  columns
  createdBy
  updatedAt
}`) as unknown as TypedDocumentString<SaveViewMutation, SaveViewMutationVariables>;
export const UpdateSavedViewDocument = new TypedDocumentString(`
    mutation UpdateSavedView($id: ID!, $input: SavedViewInput!) {
  updateSavedView(id: $id, input: $input) {
    ...SavedViewFields
  }
}
    fragment SavedViewFields on SavedView {
  id
  name
  filter
  orderBy
  columns
  createdBy
  updatedAt
}`) as unknown as TypedDocumentString<UpdateSavedViewMutation, UpdateSavedViewMutationVariables>;
export const DeleteSavedViewDocument = new TypedDocumentString(`
    mutation DeleteSavedView($id: ID!) {
  deleteSavedView(id: $id)
}
    `) as unknown as TypedDocumentString<DeleteSavedViewMutation, DeleteSavedViewMutationVariables>;