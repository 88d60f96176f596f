/**
 * Attachments (conversations-api.md §6.9): the presigned flow (a pending attachment and a
 * signed PUT URL, the only form the SDK uses), `data:` URLs stored at once, `http(s)` URLs
 * fetched only with PARLEY_ALLOW_REMOTE_FETCH (server-side request forgery otherwise), signed
 * downloads, and the list. Bytes are files `<attachments dir>/<conversation id>/<attachment
 * id>`; a URL's signature is HMAC-SHA256 (the server secret's `attachment-url` key) of
 * `"<METHOD>\n<cid>\n<aid>\n<expires>"`.
 */
import { createReadStream, promises as fs } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import path from 'node:path';

import { EngineError } from '../../engine/errors.js';
import { newId } from '../../engine/ids.js';
import type { AttachmentRecord, JsonObject } from '../../engine/store.js';
import type { RouteRequest, RouteResponse } from '../route.js';
import { notFound, requireApiKey, visibleConversation } from './access.js';
import type { Context } from './context.js';
import { responseMode } from './event-stream.js';
import { listResponse, readListQuery } from './pagination.js';
import type { UploadBody } from './schemas.js';
import { attachmentView } from './views.js';

const PURPOSE = 'attachment-url';
const UPLOAD_TTL_MS = 15 * 60_000;
const DOWNLOAD_TTL_MS = 60 * 60_000;
const FETCH_TIMEOUT_MS = 15_000;
const MAX_REDIRECTS = 3;

/** The upload routes' body limit: room for a base64 `data:` URL (§2.2). */
export function uploadBodyLimit(maxAttachmentBytes: number): number {
  return Math.ceil((4 / 3) * maxAttachmentBytes) + 64 * 1024;
}

function tooLarge(max: number): EngineError {
  return new EngineError('payload_too_large', `the attachment is over ${max} bytes`);
}

/** A base name without control characters (§6.9); empty when nothing is left. */
export function baseName(name: string): string {
  const base = name.split(/[/\\]/).at(-1) ?? '';
  const printable = Array.from(base).filter((c) => {
    const code = c.codePointAt(0) ?? 0;
    return code > 0x1f && (code < 0x7f || code > 0x9f);
  });
  return printable.join('').trim().slice(0, 255);
}

function signature(ctx: Context, method: string, cid: string, aid: string, expires: number) {
  return ctx.serverSecret
    .sign(PURPOSE, `${method}\n${cid}\n${aid}\n${expires}`)
    .toString('base64url');
}

function signedUrl(
  ctx: Context,
  origin: string,
  prefix: string,
  method: 'PUT' | 'GET',
  a: AttachmentRecord,
  expires: number,
): string {
  const sig = signature(ctx, method, a.conversationId, a.id, expires);
  return (
    `${origin}${prefix}/conversation/${a.conversationId}/attachment/${a.id}/content` +
    `?expires=${expires}&signature=${sig}`
  );
}

/** PARLEY_PUBLIC_URL, else the request's own origin. */
function originOf(ctx: Context, headers: IncomingHttpHeaders): string {
  if (ctx.config.publicUrl !== undefined) return ctx.config.publicUrl;
  const host = headers.host ?? '127.0.0.1';
  return `http://${host}`;
}

function blobPath(ctx: Context, blob: string): string {
  return path.join(ctx.config.attachmentsDir, blob);
}

/** Writes the bytes where `blob` says, atomically (a reader never sees half a file). */
async function writeBlob(ctx: Context, blob: string, bytes: Uint8Array): Promise<void> {
  const target = blobPath(ctx, blob);
  await fs.mkdir(path.dirname(target), { recursive: true });
  const temporary = `${target}.${newId()}.tmp`;
  await fs.writeFile(temporary, bytes);
  await fs.rename(temporary, target);
}

/** Pending uploads whose URL expired are dropped, with any bytes (§6.9; sweeper.ts). */
export async function dropExpiredUploads(ctx: Context): Promise<void> {
  const dropped = await ctx.store.dropExpiredUploads(ctx.now());
  for (const a of dropped) await fs.rm(blobPath(ctx, a.blob), { force: true });
}

interface DecodedFile {
  readonly type: string;
  readonly bytes: Uint8Array;
  readonly name: string;
}

/** `data:<mime>[;base64],<data>` (MIME default text/plain). */
function decodeDataUrl(url: string, max: number): DecodedFile {
  const comma = url.indexOf(',');
  if (comma < 0) throw new EngineError('bad_request', '"file" is not a valid data: URL', 'file');
  const header = url.slice(5, comma);
  const data = url.slice(comma + 1);
  const parts = header.split(';');
  const base64 = parts.slice(1).some((p) => p.trim().toLowerCase() === 'base64');
  const type = parts[0]?.trim() || 'text/plain';
  let bytes: Uint8Array;
  try {
    bytes = base64 ? Buffer.from(data, 'base64') : Buffer.from(decodeURIComponent(data), 'utf8');
  } catch {
    throw new EngineError('bad_request', '"file" is not a valid data: URL', 'file');
  }
  if (bytes.length > max) throw tooLarge(max);
  return { type, bytes, name: '' };
}

/** GET with a timeout, at most 3 redirects, http(s) only, the limit enforced while reading. */
async function fetchRemote(url: string, max: number): Promise<DecodedFile> {
  const failed = () => new EngineError('bad_request', 'could not fetch the file', 'file');
  const signal = AbortSignal.timeout(FETCH_TIMEOUT_MS);
  let current = new URL(url);
  try {
    for (let redirects = 0; ; redirects++) {
      if (current.protocol !== 'http:' && current.protocol !== 'https:') throw failed();
      const response = await fetch(current, { redirect: 'manual', signal });
      if (response.status >= 300 && response.status < 400) {
        const location = response.headers.get('location');
        await response.body?.cancel();
        if (location === null || redirects >= MAX_REDIRECTS) throw failed();
        current = new URL(location, current);
        continue;
      }
      if (!response.ok || !response.body) throw failed();
      const declared = Number(response.headers.get('content-length') ?? NaN);
      if (Number.isFinite(declared) && declared > max) {
        await response.body.cancel();
        throw tooLarge(max);
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
        size += chunk.length;
        if (size > max) throw tooLarge(max);
        chunks.push(Buffer.from(chunk));
      }
      const type =
        response.headers.get('content-type')?.split(';')[0]?.trim() || 'application/octet-stream';
      let name = '';
      try {
        name = decodeURIComponent(current.pathname.split('/').at(-1) ?? '');
      } catch {
        name = current.pathname.split('/').at(-1) ?? '';
      }
      return { type, bytes: Buffer.concat(chunks, size), name };
    }
  } catch (error) {
    if (error instanceof EngineError) throw error;
    throw failed();
  }
}

export async function uploadAttachment(
  ctx: Context,
  request: RouteRequest<{ readonly cid: string }, unknown, UploadBody>,
  prefix: string,
): Promise<JsonObject> {
  const { principal, params, body, headers } = request;
  requireApiKey(principal);
  const conversation = await visibleConversation(ctx, principal, params.cid);
  const max = ctx.config.maxAttachmentBytes;
  const at = ctx.now();
  const id = newId();
  const origin = originOf(ctx, headers);
  const base = {
    id,
    orgId: principal.orgId,
    conversationId: conversation.id,
    description: '',
    blob: `${conversation.id}/${id}`,
    createdAt: at,
    updatedAt: at,
  };
  const { file } = body;
  if (typeof file === 'object') {
    if (file.size > max) throw tooLarge(max);
    const attachment: AttachmentRecord = {
      ...base,
      name: baseName(file.name ?? '') || `attachment-${id}`,
      type: file.type,
      size: file.size,
      status: 'pending',
      uploadExpiresAt: at + UPLOAD_TTL_MS,
    };
    await ctx.store.insertAttachment(attachment);
    const uploadHeaders: Record<string, string> = { 'content-type': file.type };
    if (file.name !== undefined) {
      uploadHeaders['content-disposition'] =
        `attachment; filename=${encodeURIComponent(attachment.name)}`;
    }
    return {
      id,
      name: attachment.name,
      uploadRequest: {
        method: 'PUT',
        url: signedUrl(ctx, origin, prefix, 'PUT', attachment, at + UPLOAD_TTL_MS),
        headers: uploadHeaders,
      },
      downloadRequest: {
        method: 'GET',
        url: signedUrl(ctx, origin, prefix, 'GET', attachment, at + DOWNLOAD_TTL_MS),
        headers: {},
      },
    };
  }
  let decoded: DecodedFile;
  if (file.startsWith('data:')) decoded = decodeDataUrl(file, max);
  else if (/^https?:\/\//i.test(file)) {
    if (!ctx.config.allowRemoteFetch) {
      throw new EngineError(
        'bad_request',
        'remote URLs are disabled (PARLEY_ALLOW_REMOTE_FETCH)',
        'file',
      );
    }
    decoded = await fetchRemote(file, max);
  } else {
    throw new EngineError(
      'bad_request',
      '"file" must be a data: or http(s) URL, or {type, size, name?}',
      'file',
    );
  }
  const attachment: AttachmentRecord = {
    ...base,
    name: baseName(decoded.name) || `attachment-${id}`,
    type: decoded.type,
    size: decoded.bytes.length,
    status: 'complete',
    uploadExpiresAt: null,
  };
  await writeBlob(ctx, attachment.blob, decoded.bytes);
  try {
    await ctx.store.insertAttachment(attachment);
  } catch (error) {
    await fs.rm(blobPath(ctx, attachment.blob), { force: true });
    throw error;
  }
  return {
    id,
    name: attachment.name,
    downloadRequest: {
      method: 'GET',
      url: signedUrl(ctx, origin, prefix, 'GET', attachment, at + DOWNLOAD_TTL_MS),
      headers: {},
    },
  };
}

interface SignedParams {
  readonly cid: string;
  readonly aid: string;
}

/** The attachment a signed URL names; 403 for a bad or expired signature. */
async function signedAttachment(
  ctx: Context,
  method: 'PUT' | 'GET',
  params: SignedParams,
  query: Readonly<Record<string, string>>,
): Promise<AttachmentRecord> {
  const expires = Number(query.expires);
  const given = query.signature ?? '';
  const valid =
    /^\d+$/.test(query.expires ?? '') &&
    /^[A-Za-z0-9_-]+$/.test(given) &&
    expires > ctx.now() &&
    ctx.serverSecret.verifySignature(
      PURPOSE,
      `${method}\n${params.cid}\n${params.aid}\n${expires}`,
      Buffer.from(given, 'base64url'),
    );
  if (!valid) throw new EngineError('forbidden', 'Not authorized');
  const attachment = await ctx.store.findSignedAttachment(params.cid, params.aid);
  if (!attachment) throw notFound();
  return attachment;
}

export async function putAttachmentContent(
  ctx: Context,
  params: SignedParams,
  query: Readonly<Record<string, string>>,
  bytes: Buffer,
): Promise<JsonObject> {
  const attachment = await signedAttachment(ctx, 'PUT', params, query);
  if (attachment.status !== 'pending') {
    throw new EngineError('conflict', 'this attachment was already uploaded');
  }
  if (bytes.length > ctx.config.maxAttachmentBytes) throw tooLarge(ctx.config.maxAttachmentBytes);
  if (bytes.length !== attachment.size) {
    throw new EngineError('bad_request', 'size mismatch');
  }
  await writeBlob(ctx, attachment.blob, bytes);
  if (!(await ctx.store.completeAttachment(attachment.orgId, attachment.id, ctx.now()))) {
    throw new EngineError('conflict', 'this attachment was already uploaded');
  }
  return { id: attachment.id };
}

export async function getAttachmentContent(
  ctx: Context,
  params: SignedParams,
  query: Readonly<Record<string, string>>,
): Promise<RouteResponse> {
  const attachment = await signedAttachment(ctx, 'GET', params, query);
  if (attachment.status !== 'complete') throw notFound();
  const file = blobPath(ctx, attachment.blob);
  try {
    await fs.access(file);
  } catch {
    throw notFound();
  }
  return {
    headers: { 'Content-Length': String(attachment.size) },
    stream: { contentType: attachment.type, chunks: createReadStream(file) },
  };
}

export async function listAttachments(
  ctx: Context,
  request: RouteRequest<{ readonly cid: string }, Readonly<Record<string, string>>, undefined>,
): Promise<RouteResponse> {
  const { principal, params, query, headers } = request;
  requireApiKey(principal);
  const mode = responseMode(headers.accept, true);
  const list = readListQuery(query, 'asc');
  await visibleConversation(ctx, principal, params.cid);
  return listResponse({
    query: list,
    mode,
    now: ctx.now,
    read: (cursor, limit) =>
      ctx.store.listAttachments({
        orgId: principal.orgId,
        conversationId: params.cid,
        order: list.order,
        cursor,
        limit,
      }),
    view: attachmentView,
    idOf: (a) => a.id,
  });
}
