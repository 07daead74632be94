import i18n from './i18n/index.ts';
import { describeProblems, problemsOf } from './ui/field-errors.ts';

/** The browser's way to the API: JSON in and out, the CSRF token on every change, errors as ApiError. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

let csrfToken = '';
export function setCsrfToken(token: string | null): void {
  csrfToken = token ?? '';
}

/** The CSRF header for a request made without `api` (a download). */
export function csrfHeader(): Record<string, string> {
  return { 'x-csrf-token': csrfToken };
}

export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
  return parse<T>(res);
}

export async function parse<T>(res: Response): Promise<T> {
  const text = await res.text();
  const json = text ? (JSON.parse(text) as unknown) : null;
  if (!res.ok) {
    const e = (json as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    // A field's problem is shown with the field's label, never with its code or path.
    const problems = problemsOf(e?.details);
    const message = problems ? describeProblems(problems, i18n.language === 'en' ? 'en' : 'sv') : (e?.message ?? res.statusText);
    throw new ApiError(res.status, e?.code ?? 'error', message, e?.details);
  }
  return json as T;
}

/** Saves a blob as a file the browser downloads. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  URL.revokeObjectURL(url);
}

/** Downloads what a POST answers (an export that changes state) as a file; errors as ApiError. */
export async function downloadPost(url: string, body: unknown, fileName: string): Promise<void> {
  const res = await fetch(url, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken }, body: JSON.stringify(body) });
  if (!res.ok) await parse(res);
  saveBlob(await res.blob(), fileName);
}

/** Uploads a file with progress (fetch has no upload progress, XMLHttpRequest does). */
export function upload<T>(url: string, file: File, onProgress: (fraction: number) => void): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.setRequestHeader('content-type', 'text/csv');
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new ApiError(0, 'network', 'Nätverksfel'));
    xhr.onload = () => {
      onProgress(1);
      parse<T>(new Response(xhr.responseText, { status: xhr.status })).then(resolve, reject);
    };
    xhr.send(file);
  });
}

export type { Me } from '../src/access/api.ts';

export const kr = (ore: number) =>
  new Intl.NumberFormat('sv-SE', { style: 'currency', currency: 'SEK' }).format(ore / 100);

/** Posts a form with a file (multipart/form-data; the browser sets the boundary). */
export async function postForm<T>(url: string, form: FormData): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'x-csrf-token': csrfToken }, body: form, credentials: 'same-origin' });
  return parse<T>(res);
}

/** Kronor as people write them ("4 250", "4250,50") to öre; NaN when it is not an amount (the server names the field). */
export function kronorToOre(text: string): number {
  const s = text.replace(/[\s\u00a0]/g, '').replace(/kr$/i, '').replace(',', '.');
  return /^\d+(\.\d{1,2})?$/.test(s) ? Math.round(Number(s) * 100) : Number.NaN;
}
