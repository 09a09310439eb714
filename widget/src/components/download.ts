/** Saves a fetched file through the browser's download, under `filename`. */
export async function saveDownload(response: Response, filename: string): Promise<void> {
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  // The download has started from the object URL; let it go once the click is handled.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** `users-2026-03-04.csv`: today's date, local. */
export function datedFilename(prefix: string, now = new Date()): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${prefix}-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.csv`;
}
