import { Task, initialState } from '@lit/task';
import { isAbort, type UserManagerApi } from '../api/client';
import {
  DeleteSavedViewDocument,
  SavedViewsDocument,
  SaveViewDocument,
  UpdateSavedViewDocument,
  UserCountsDocument,
  type SavedViewFieldsFragment,
  type SavedViewInput,
  type UserFilter,
  type UserOrder,
} from '../api/generated';
import type { StatusCounts } from '../state/users';
import type { ElementHost } from './element-host';

export type SavedView = SavedViewFieldsFragment;

/** How many views' counts are asked for at once: each is a count of its own on the server. */
const COUNTS_AT_ONCE = 3;

/** A view's filter and order as the API takes them. */
export const viewFilter = (view: SavedView): UserFilter => view.filter;
export const viewOrder = (view: SavedView): UserOrder | undefined => (view.orderBy as UserOrder | null) ?? undefined;

/** How many users a view shows: those of its status when it has one, else all it matches. */
export function viewCount(view: SavedView, counts: StatusCounts | undefined): { count: number; estimated: boolean } | undefined {
  if (!counts) return undefined;
  const status = viewFilter(view).status;
  return { count: status === 'ACTIVE' ? counts.active : status === 'BANNED' ? counts.banned : counts.all, estimated: counts.estimated };
}

/**
 * The app's saved views and each one's live count. Read when the API is set
 * and after every change; the counts follow, a few at a time. Saving,
 * updating and deleting go to the server and give back what it said.
 */
export class SavedViewsController {
  views: SavedView[] = [];
  counts = new Map<string, StatusCounts>();
  private readonly task: Task<readonly [UserManagerApi | undefined], SavedView[]>;
  private countsRun = 0;

  constructor(private readonly host: ElementHost) {
    this.task = new Task(host, {
      args: () => [host.api] as const,
      task: async ([api], { signal }) => {
        if (!api) return initialState;
        try {
          return (await api.request(SavedViewsDocument, {}, signal)).savedViews;
        } catch (error) {
          throw isAbort(error) ? error : host.report('loadSavedViews', error);
        }
      },
      onComplete: (views) => {
        this.views = views;
        void this.countAll();
      },
    });
  }

  reload(): void {
    void this.task.run();
  }

  /** The counts again (users changed), keeping the views. */
  recount(): void {
    void this.countAll();
  }

  find(id: string | undefined): SavedView | undefined {
    return id === undefined ? undefined : this.views.find((view) => view.id === id);
  }

  async save(input: SavedViewInput): Promise<SavedView> {
    const { saveView } = await this.api().request(SaveViewDocument, { input });
    this.reload();
    return saveView;
  }

  async update(id: string, input: SavedViewInput): Promise<SavedView> {
    const { updateSavedView } = await this.api().request(UpdateSavedViewDocument, { id, input });
    this.reload();
    return updateSavedView;
  }

  async remove(id: string): Promise<void> {
    await this.api().request(DeleteSavedViewDocument, { id });
    this.reload();
  }

  private api(): UserManagerApi {
    if (!this.host.api) throw new Error('The element has no API yet');
    return this.host.api;
  }

  private async countAll(): Promise<void> {
    const run = ++this.countsRun;
    const api = this.host.api;
    if (!api) return;
    const queue = [...this.views];
    const counts = new Map<string, StatusCounts>();
    const worker = async () => {
      for (let view = queue.shift(); view; view = queue.shift()) {
        try {
          const { status: _status, ...rest } = viewFilter(view);
          const { userCounts } = await api.request(UserCountsDocument, { filter: rest });
          counts.set(view.id, userCounts);
        } catch (error) {
          this.host.report('loadSavedViewCounts', error);
        }
        if (run === this.countsRun) {
          this.counts = new Map(counts);
          this.host.requestUpdate();
        }
      }
    };
    await Promise.all(Array.from({ length: COUNTS_AT_ONCE }, worker));
  }
}
