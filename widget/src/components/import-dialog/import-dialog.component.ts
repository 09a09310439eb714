import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { ApiError, type UserManagerApi } from '../../api/client';
import { ImportJobProgressDocument, type ImportJobProgressQuery, type ImportMode } from '../../api/generated';
import { sharedStyles } from '../../styles/shared.styles';
import { importDialogStyles } from './import-dialog.styles';
import { DialogController } from '../dialog/dialog-controller';
import { dialogStyles } from '../dialog/dialog.styles';
import { reportFailure } from '../api-error';
import { saveDownload } from '../download';
import { LocalizedElement } from '../../i18n/localized';

type ImportJob = NonNullable<ImportJobProgressQuery['importJob']>;

/** How often a running job is asked for its progress. */
export const IMPORT_POLL_MS = 400;

const MODES: Array<{ mode: ImportMode; query: string }> = [
  { mode: 'UPSERT', query: 'upsert' },
  { mode: 'INSERT', query: 'insert' },
  { mode: 'DRY_RUN', query: 'dry-run' },
];

type Step = 'choose' | 'uploading' | 'running' | 'done';

/**
 * The CSV import: download the template, choose or drop a file, pick the
 * mode, then a progress bar with row counts, the result, the failed rows and
 * a download of them to fix and import again. A job keeps being followed if
 * the dialog is closed meanwhile.
 *
 * @fires import-finished - detail: the finished ImportJob; not composed.
 * @fires api-error - detail { operation, error }: a call failed; not composed.
 * @fires dialog-close - When the dialog closes; not composed.
 */
@customElement('um-import-dialog')
export class UmImportDialog extends LocalizedElement {
  static override styles = [sharedStyles, dialogStyles, importDialogStyles];

  @property({ attribute: false }) accessor api: UserManagerApi | undefined;
  @property({ type: Boolean }) accessor open = false;
  @state() private accessor step: Step = 'choose';
  @state() private accessor file: File | undefined;
  @state() private accessor mode: ImportMode = 'UPSERT';
  @state() private accessor job: ImportJob | undefined;
  @state() private accessor error = '';
  @state() private accessor dragOver = false;
  private pollTimer: ReturnType<typeof setTimeout> | undefined;

  private readonly dialog = new DialogController(this, () => {
    if (this.step === 'done') this.startOver();
  });

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.pollTimer);
  }

  override updated(changed: Map<string, unknown>): void {
    this.dialog.sync(this.open);
    // Each step replaces the buttons: focus goes to the new step's first choice rather than to nowhere.
    if (changed.has('step') && changed.get('step') !== undefined && this.open) this.dialog.focusInitial();
  }

  override render() {
    return this.dialog.render({
      label: this.t('import.title'),
      body: this.open ? this.renderBody() : '',
      footer: this.renderFooter(),
    });
  }

  private renderBody() {
    switch (this.step) {
      case 'choose':
        return this.renderChoose();
      case 'uploading':
        return html`<p role="status">${this.t('import.uploading', { file: this.file?.name ?? '' })}</p>
          <progress aria-label=${this.t('import.progress')}></progress>`;
      case 'running':
      case 'done':
        return this.renderJob();
    }
  }

  private renderChoose() {
    return html`<p>
        ${this.l.rich('import.template', { email: html`<code>email</code>`, separator: html`<code>;</code>` })}
        <button class="link" type="button" @click=${this.downloadTemplate}>${this.t('import.downloadTemplate')}</button>
      </p>
      <div class="drop ${this.dragOver ? 'over' : ''}" @dragover=${this.onDragOver} @dragleave=${() => (this.dragOver = false)} @drop=${this.onDrop}>
        <label
          >${this.t('import.file')}
          <input type="file" accept=".csv,text/csv" @change=${this.onFileChosen} />
        </label>
        <span class="muted">${this.t('import.drop')}</span>
        ${this.file ? html`<strong role="status">${this.file.name} · ${this.formatBytes(this.file.size)}</strong>` : nothing}
      </div>
      <fieldset>
        <legend>${this.t('import.mode')}</legend>
        ${MODES.map(
          ({ mode }) =>
            html`<div class="mode">
              <input
                type="radio"
                id="mode-${mode}"
                name="mode"
                .value=${mode}
                .checked=${this.mode === mode}
                @change=${() => (this.mode = mode)}
                aria-describedby="hint-${mode}"
              />
              <label for="mode-${mode}">${this.t(`import.mode.${mode}`)}</label>
              <span class="hint muted" id="hint-${mode}">${this.t(`import.hint.${mode}`)}</span>
            </div>`,
        )}
      </fieldset>
      <p class="error" role="alert">${this.error}</p>`;
  }

  private renderJob() {
    const job = this.job;
    if (!job) return nothing;
    const dryRun = job.mode === 'DRY_RUN';
    const finished = job.status === 'SUCCEEDED' || job.status === 'FAILED';
    return html`
      ${
        finished
          ? this.renderOutcome(job)
          : html`<p role="status">${this.t(dryRun ? 'import.checking' : 'import.importing', { file: this.file?.name ?? this.t('import.theFile') })}</p>`
      }
      <progress
        aria-label=${this.t('import.progress')}
        max=${job.totalRows ?? 1}
        .value=${finished ? (job.totalRows ?? 1) : job.processedRows}
        aria-valuetext=${this.t('import.rowsOf', { done: job.processedRows, total: job.totalRows ?? this.t('import.unknownTotal') })}
      ></progress>
      <div class="counts">
        <span>${this.t('import.rowsOf', { done: job.processedRows, total: job.totalRows ?? '?' })}</span>
        <span>${this.t(dryRun ? 'import.toCreate' : 'import.created', { count: job.created })}</span>
        <span>${this.t(dryRun ? 'import.toUpdate' : 'import.updated', { count: job.updated })}</span>
        <span>${this.t('import.unchanged', { count: job.unchanged })}</span>
        <span class=${job.failed > 0 ? 'error' : ''}>${this.t('import.failed', { count: job.failed })}</span>
      </div>
      ${
        job.warnings.length > 0
          ? html`<ul>
              ${job.warnings.map((warning) => html`<li>${warning}</li>`)}
            </ul>`
          : nothing
      }
      ${finished && job.failed > 0 ? this.renderFailedRows(job) : nothing}
      ${
        finished
          ? html`<p class="muted">
              ${this.t('import.nextFile')} <button class="link" type="button" @click=${this.downloadTemplate}>${this.t('import.downloadTemplate')}</button>
            </p>`
          : nothing
      }
      <p class="error" role="alert">${this.error}</p>
    `;
  }

  private renderOutcome(job: ImportJob) {
    if (job.status === 'FAILED') {
      return html`<p class="error" role="alert">${this.t('import.stopped', { message: job.message ?? this.t('common.noReason') })}</p>`;
    }
    const clean = job.failed === 0;
    const rows = { count: job.totalRows ?? job.processedRows };
    return html`<p class=${clean ? 'success' : ''} role="status">
      ${this.t(job.mode === 'DRY_RUN' ? 'import.checkFinished' : 'import.importFinished', rows)}${clean ? this.t('import.allFine') : this.t('import.rowsFailed', { count: job.failed })}
      ${job.mode === 'DRY_RUN' ? this.t('import.nothingWritten') : ''}
    </p>`;
  }

  private renderFailedRows(job: ImportJob) {
    return html`<p>
        ${this.l.rich('import.fixRows', { error: html`<code>error</code>` })}
        <button class="button" type="button" @click=${this.downloadErrors}>${this.t('import.downloadFailed')}</button>
      </p>
      <table aria-label=${this.t('import.failedRows')}>
        <thead>
          <tr>
            <th scope="col">${this.t('import.row')}</th>
            <th scope="col">${this.t('import.column')}</th>
            <th scope="col">${this.t('import.problem')}</th>
          </tr>
        </thead>
        <tbody>
          ${job.errors.map(
            (problem) =>
              html`<tr>
                <td>${this.l.count(problem.row)}</td>
                <td>${problem.column ? html`<code>${problem.column}</code>` : '—'}</td>
                <td>${problem.message}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      ${job.failed > job.errors.length ? html`<p class="muted">${this.t('import.firstProblems', { count: job.errors.length })}</p>` : nothing}`;
  }

  private renderFooter() {
    if (this.step === 'choose') {
      return html`<button class="button primary" type="button" ?disabled=${!this.file} @click=${this.startImport}>${this.t('import.start')}</button>
        <button class="button" type="button" @click=${() => this.dialog.close()}>${this.t('common.cancel')}</button>`;
    }
    if (this.step === 'done') {
      return html`<button class="button" type="button" @click=${() => this.startOver()}>${this.t('import.another')}</button>
        <button class="button primary" type="button" autofocus @click=${() => this.dialog.close()}>${this.t('common.done')}</button>`;
    }
    return html`<button class="button" type="button" @click=${() => this.dialog.close()}>${this.t('import.closeGoesOn')}</button>`;
  }

  private startOver() {
    this.step = 'choose';
    this.file = undefined;
    this.job = undefined;
    this.error = '';
  }

  private onFileChosen(event: Event) {
    this.file = (event.target as HTMLInputElement).files?.[0];
    this.error = '';
  }

  private onDragOver(event: DragEvent) {
    event.preventDefault();
    this.dragOver = true;
  }

  private onDrop(event: DragEvent) {
    event.preventDefault();
    this.dragOver = false;
    const file = event.dataTransfer?.files[0];
    if (file) {
      this.file = file;
      this.error = '';
    }
  }

  private downloadTemplate = async () => {
    await this.download('csv/template', 'users-template.csv', 'downloadTemplate');
  };

  private downloadErrors = async () => {
    if (this.job) await this.download(`csv/import/${encodeURIComponent(this.job.id)}/errors`, `import-${this.job.id}-errors.csv`, 'downloadImportErrors');
  };

  private async download(route: string, filename: string, operation: string) {
    const api = this.api;
    if (!api) return;
    try {
      await saveDownload(await api.fetchRoute(route), filename);
    } catch (error) {
      this.error = this.t('import.couldNotDownload', { file: filename, message: this.fail(operation, error).message });
    }
  }

  private startImport = async () => {
    const api = this.api;
    const file = this.file;
    if (!api || !file) return;
    const mode = MODES.find((candidate) => candidate.mode === this.mode)!;
    this.step = 'uploading';
    this.error = '';
    try {
      const response = await api.fetchRoute(`csv/import?mode=${mode.query}`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body: file });
      const { jobId } = (await response.json()) as { jobId: string };
      this.step = 'running';
      await this.poll(jobId);
    } catch (error) {
      this.step = 'choose';
      this.error = this.t('import.couldNotImport', { file: file.name, message: this.fail('importUsers', error).message });
    }
  };

  private async poll(jobId: string): Promise<void> {
    const api = this.api;
    if (!api) return;
    clearTimeout(this.pollTimer);
    try {
      const { importJob } = await api.request(ImportJobProgressDocument, { id: jobId });
      if (!importJob) throw new ApiError('NOT_FOUND', 'The import job was not found');
      this.job = importJob;
      if (importJob.status === 'SUCCEEDED' || importJob.status === 'FAILED') {
        this.step = 'done';
        this.dispatchEvent(new CustomEvent<ImportJob>('import-finished', { detail: importJob, bubbles: true }));
        return;
      }
    } catch (error) {
      const failure = this.fail('importProgress', error);
      this.error = this.t('import.couldNotFollow', { message: failure.message });
      // The job goes on on the server: a passing network or server failure is asked again, anything else ends the wait.
      if (!(failure.code === 'NETWORK' || failure.code === 'INTERNAL_SERVER_ERROR' || failure.code.startsWith('HTTP_5'))) {
        this.step = 'done';
        return;
      }
    }
    this.pollTimer = setTimeout(() => void this.poll(jobId), IMPORT_POLL_MS);
  }

  private fail(operation: string, error: unknown): ApiError {
    return reportFailure(this, operation, error, this.l);
  }

  private formatBytes(bytes: number): string {
    const tenth = (value: number) => this.l.count(Math.round(value * 10) / 10);
    if (bytes < 1024) return this.t('import.bytes', { count: bytes });
    if (bytes < 1024 * 1024) return this.t('import.kb', { size: tenth(bytes / 1024) });
    return this.t('import.mb', { size: tenth(bytes / 1024 / 1024) });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'um-import-dialog': UmImportDialog;
  }
}
