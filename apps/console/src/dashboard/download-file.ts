/**
 * The file name the server gave in Content-Disposition (`attachment; filename="answers-….csv"`,
 * or RFC 5987's `filename*=UTF-8''…`), so the saved file is named as the service names it.
 * Path separators are dropped: a name is never a place to save to.
 */
export function downloadFileName(contentDisposition: string | null, fallback: string): string {
  if (!contentDisposition) return fallback;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(contentDisposition)?.[1];
  const plain = /filename\s*=\s*(?:"([^"]*)"|([^;\s]+))/.exec(contentDisposition);
  let name: string | undefined;
  try {
    name = extended ? decodeURIComponent(extended.trim()) : (plain?.[1] ?? plain?.[2]);
  } catch {
    name = plain?.[1] ?? plain?.[2];
  }
  const safe = name?.replace(/[/\\]/g, '').trim();
  return safe ? safe : fallback;
}

/**
 * Saves a download fetched through the API client (which adds the access token, so a plain link
 * cannot do it) under the server's file name; returns that name.
 */
export async function saveDownload(response: Response, fallbackName: string): Promise<string> {
  const fileName = downloadFileName(response.headers.get('content-disposition'), fallbackName);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // Revoked later, not at once: some browsers start reading the blob only after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return fileName;
}
