import { createHash } from 'node:crypto';
import http from 'node:http';
import { FakeBoxItem, FakeBoxStore, ROOT_FOLDER_ID } from './FakeBoxStore';
import { readBody, readJsonBody, sendBoxError, sendJson } from './http';

/** Largest file the fake accepts in one upload request: Box's 50 MB limit. */
export const MAX_DIRECT_UPLOAD_BYTES = 50_000_000;

/** Maximum length of a Box item name, in characters. */
const maxNameLength = 255;

/** Context of a request whose bearer token was accepted. */
export interface ContentRequest {
  store: FakeBoxStore;
  userId: string;
  request: http.IncomingMessage;
  response: http.ServerResponse;
  url: URL;
  /** Origin of the server, for the upload URL of a preflight check. */
  origin: string;
  /** Receives the `content-md5` header of each upload, or undefined. */
  recordDigest: (digest: string | undefined) => void;
}

/**
 * Checks an item name against the rules Box documents for
 * `item_name_invalid` and `item_name_too_long`.
 */
function checkName(name: unknown): 'invalid' | 'too_long' | undefined {
  if (typeof name !== 'string' || name === '') {
    return 'invalid';
  }
  if (name.length > maxNameLength) {
    return 'too_long';
  }
  if (
    name === '.' ||
    name === '..' ||
    /[/\\]/.test(name) ||
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f]/.test(name) ||
    name !== name.trim()
  ) {
    return 'invalid';
  }
  return undefined;
}

function sendNameError(
  response: http.ServerResponse,
  problem: 'invalid' | 'too_long',
): void {
  sendBoxError(
    response,
    problem === 'too_long'
      ? {
          status: 400,
          code: 'item_name_too_long',
          message: 'Item name too long',
        }
      : {
          status: 400,
          code: 'item_name_invalid',
          message: 'Item name invalid',
        },
  );
}

function sendNotFound(response: http.ServerResponse): void {
  sendBoxError(response, {
    status: 404,
    code: 'not_found',
    message: 'Not Found',
  });
}

function miniFolder(store: FakeBoxStore, userId: string, folderId: string) {
  if (folderId === ROOT_FOLDER_ID) {
    return {
      type: 'folder',
      id: ROOT_FOLDER_ID,
      sequence_id: null,
      etag: null,
      name: 'All Files',
    };
  }
  const folder = store.itemsOf(userId).get(folderId);
  return {
    type: 'folder',
    id: folderId,
    sequence_id: String(folder?.sequenceId ?? 0),
    etag: String(folder?.sequenceId ?? 0),
    name: folder?.name ?? '',
  };
}

function pathCollection(
  store: FakeBoxStore,
  userId: string,
  item: FakeBoxItem,
) {
  const entries = [];
  let parentId: string | undefined = item.parentId;
  while (parentId !== undefined) {
    entries.unshift(miniFolder(store, userId, parentId));
    parentId =
      parentId === ROOT_FOLDER_ID
        ? undefined
        : store.itemsOf(userId).get(parentId)?.parentId;
  }
  return { total_count: entries.length, entries };
}

/** Serializes an item the way Box returns it in item lists and conflicts. */
function miniItem(item: FakeBoxItem) {
  const mini: Record<string, unknown> = {
    type: item.type,
    id: item.id,
    sequence_id: String(item.sequenceId),
    etag: String(item.sequenceId),
    name: item.name,
  };
  if (item.type === 'file') {
    const latest = item.versions[item.versions.length - 1];
    mini.sha1 = latest.sha1;
    mini.file_version = {
      type: 'file_version',
      id: latest.id,
      sha1: latest.sha1,
    };
  }
  return mini;
}

function fullItem(store: FakeBoxStore, userId: string, item: FakeBoxItem) {
  const full: Record<string, unknown> = {
    ...miniItem(item),
    created_at: item.createdAt,
    modified_at: item.modifiedAt,
    parent: miniFolder(store, userId, item.parentId),
    path_collection: pathCollection(store, userId, item),
    item_status: 'active',
  };
  if (item.type === 'file') {
    full.size = item.versions[item.versions.length - 1].size;
    full.content_created_at = item.createdAt;
    full.content_modified_at = item.modifiedAt;
  }
  return full;
}

/**
 * Sends the 409 `item_name_in_use` error. Box lists the conflicting item in
 * `context_info.conflicts`: an array for folder creation, a single object
 * for file uploads.
 */
function sendNameInUse(
  response: http.ServerResponse,
  conflict: FakeBoxItem,
  shape: 'array' | 'object',
): void {
  const mini = miniItem(conflict);
  sendBoxError(response, {
    status: 409,
    code: 'item_name_in_use',
    message: 'Item with the same name already exists',
    contextInfo: { conflicts: shape === 'array' ? [mini] : mini },
  });
}

function sendStorageLimit(response: http.ServerResponse): void {
  sendBoxError(response, {
    status: 403,
    code: 'storage_limit_exceeded',
    message: 'Account storage limit reached',
  });
}

function exceedsQuota(store: FakeBoxStore, userId: string, bytes: number) {
  const user = store.findUser(userId);
  return (
    user !== undefined && store.spaceUsed(userId) + bytes > user.spaceAmount
  );
}

/** Serves `GET /2.0/users/me`. */
export function handleGetUserMe({ store, userId, response }: ContentRequest) {
  const user = store.findUser(userId)!;
  sendJson(response, 200, {
    type: 'user',
    id: user.id,
    name: user.name,
    login: user.login,
    status: 'active',
    space_amount: user.spaceAmount,
    space_used: store.spaceUsed(userId),
    max_upload_size: 2_147_483_648,
  });
}

/** Serves `GET /2.0/folders/:id/items` with offset pagination. */
export function handleListFolderItems(
  context: ContentRequest,
  folderId: string,
): void {
  const { store, userId, response, url } = context;
  if (!store.folderExists(userId, folderId)) {
    sendNotFound(response);
    return;
  }

  const offset = Number(url.searchParams.get('offset') ?? '0');
  const limit = Math.min(Number(url.searchParams.get('limit') ?? '100'), 1000);
  const children = store
    .children(userId, folderId)
    .sort((a, b) => a.name.localeCompare(b.name));
  sendJson(response, 200, {
    total_count: children.length,
    entries: children.slice(offset, offset + limit).map(miniItem),
    offset,
    limit,
    order: [{ by: 'name', direction: 'ASC' }],
  });
}

/** Serves `POST /2.0/folders`. */
export async function handleCreateFolder(context: ContentRequest) {
  const { store, userId, request, response } = context;
  const body = await readJsonBody(request);
  const name = body?.name;
  const parentId = (body?.parent as { id?: unknown } | undefined)?.id;
  if (typeof parentId !== 'string') {
    sendBoxError(response, {
      status: 400,
      code: 'bad_request',
      message: "'parent' is required",
    });
    return;
  }
  const nameProblem = checkName(name);
  if (nameProblem) {
    sendNameError(response, nameProblem);
    return;
  }
  if (!store.folderExists(userId, parentId)) {
    sendNotFound(response);
    return;
  }

  const conflict = store.findChild(userId, parentId, name as string);
  if (conflict) {
    sendNameInUse(response, conflict, 'array');
    return;
  }
  const folder = store.createFolder(userId, parentId, name as string);
  sendJson(response, 201, fullItem(store, userId, folder));
}

/** Serves `OPTIONS /2.0/files/content`, the preflight check of an upload. */
export async function handlePreflight(context: ContentRequest) {
  const { store, userId, request, response, origin } = context;
  const body = await readJsonBody(request);
  const name = body?.name;
  const size = typeof body?.size === 'number' ? body.size : 0;
  const parentId = (body?.parent as { id?: unknown } | undefined)?.id;
  const nameProblem = checkName(name);
  if (nameProblem) {
    sendNameError(response, nameProblem);
    return;
  }
  if (typeof parentId !== 'string' || !store.folderExists(userId, parentId)) {
    sendNotFound(response);
    return;
  }

  const conflict = store.findChild(userId, parentId, name as string);
  if (conflict) {
    sendNameInUse(response, conflict, 'object');
    return;
  }
  if (exceedsQuota(store, userId, size)) {
    sendStorageLimit(response);
    return;
  }
  sendJson(response, 200, {
    upload_token: null,
    upload_url: `${origin}/2.0/files/content`,
  });
}

interface UploadParts {
  attributes: Record<string, unknown>;
  bytes: Buffer;
}

/**
 * Parses the multipart body of an upload: an `attributes` JSON part that
 * must come before the `file` part, as Box requires.
 */
async function readUploadParts({
  request,
  response,
  recordDigest,
}: ContentRequest): Promise<UploadParts | undefined> {
  const contentType = request.headers['content-type'] ?? '';
  const body = await readBody(request);
  if (body.length > MAX_DIRECT_UPLOAD_BYTES + 64 * 1024) {
    sendBoxError(response, {
      status: 413,
      code: 'request_entity_too_large',
      message: 'Request Entity too Large',
    });
    return undefined;
  }

  let form: FormData;
  try {
    form = await new Request('http://fake-box.invalid/', {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
    }).formData();
  } catch {
    sendBoxError(response, {
      status: 400,
      code: 'bad_request',
      message: 'The request body is not multipart/form-data',
    });
    return undefined;
  }

  const names = [...form.keys()];
  const file = form.get('file');
  if (!(file instanceof Blob)) {
    sendBoxError(response, {
      status: 400,
      code: 'bad_request',
      message: "'file' is required",
    });
    return undefined;
  }
  if (names.indexOf('attributes') > names.indexOf('file')) {
    sendBoxError(response, {
      status: 400,
      code: 'metadata_after_file_contents',
      message:
        'Metadata is included after file contents in a file upload request',
    });
    return undefined;
  }

  let attributes: Record<string, unknown> = {};
  try {
    attributes = JSON.parse(String(form.get('attributes') ?? '{}'));
  } catch {
    sendBoxError(response, {
      status: 400,
      code: 'bad_request',
      message: "'attributes' is not valid JSON",
    });
    return undefined;
  }

  const bytes = Buffer.from(await file.arrayBuffer());
  const digest = request.headers['content-md5'];
  recordDigest(digest === undefined ? undefined : String(digest));
  if (digest !== undefined) {
    const sha1 = createHash('sha1').update(bytes).digest('hex');
    if (String(digest).toLowerCase() !== sha1) {
      sendBoxError(response, {
        status: 400,
        code: 'bad_digest',
        message: 'The specified content-md5 did not match what we received',
      });
      return undefined;
    }
  }
  return { attributes, bytes };
}

/** Serves `POST /2.0/files/content`: uploads a new file. */
export async function handleUploadFile(context: ContentRequest) {
  const { store, userId, response } = context;
  const parts = await readUploadParts(context);
  if (!parts) {
    return;
  }

  const name = parts.attributes.name;
  const parentId = (parts.attributes.parent as { id?: unknown } | undefined)
    ?.id;
  const nameProblem = checkName(name);
  if (nameProblem) {
    sendNameError(response, nameProblem);
    return;
  }
  if (typeof parentId !== 'string' || !store.folderExists(userId, parentId)) {
    sendNotFound(response);
    return;
  }
  const conflict = store.findChild(userId, parentId, name as string);
  if (conflict) {
    sendNameInUse(response, conflict, 'object');
    return;
  }
  if (exceedsQuota(store, userId, parts.bytes.length)) {
    sendStorageLimit(response);
    return;
  }

  const file = store.createFile(userId, parentId, name as string, parts.bytes);
  sendJson(response, 201, {
    total_count: 1,
    entries: [fullItem(store, userId, file)],
  });
}

/** Serves `POST /2.0/files/:id/content`: uploads a new version of a file. */
export async function handleUploadVersion(
  context: ContentRequest,
  fileId: string,
) {
  const { store, userId, request, response } = context;
  const file = store.itemsOf(userId).get(fileId);
  if (!file || file.type !== 'file') {
    // Drain the body, so that the client does not see a reset connection.
    await readBody(request);
    sendNotFound(response);
    return;
  }
  const parts = await readUploadParts(context);
  if (!parts) {
    return;
  }

  const name = parts.attributes.name;
  if (name !== undefined) {
    const nameProblem = checkName(name);
    if (nameProblem) {
      sendNameError(response, nameProblem);
      return;
    }
  }
  if (exceedsQuota(store, userId, parts.bytes.length)) {
    sendStorageLimit(response);
    return;
  }

  store.addVersion(file, parts.bytes, name as string | undefined);
  sendJson(response, 201, {
    total_count: 1,
    entries: [fullItem(store, userId, file)],
  });
}

/** Serves `GET /2.0/files/:id/content` with the bytes of the latest version. */
export function handleDownload(context: ContentRequest, fileId: string) {
  const { store, userId, response } = context;
  const file = store.itemsOf(userId).get(fileId);
  if (!file || file.type !== 'file') {
    sendNotFound(response);
    return;
  }
  const latest = file.versions[file.versions.length - 1];
  response.writeHead(200, {
    'content-type': 'application/octet-stream',
    'content-length': latest.size,
  });
  response.end(latest.bytes);
}

/** Serves `DELETE /2.0/files/:id`. */
export function handleDeleteFile(context: ContentRequest, fileId: string) {
  const { store, userId, response } = context;
  const file = store.itemsOf(userId).get(fileId);
  if (!file || file.type !== 'file') {
    sendNotFound(response);
    return;
  }
  store.deleteItem(userId, fileId);
  response.writeHead(204);
  response.end();
}
