import { CloudStorageError } from '@internal/backstage-plugin-password-export-node';
import { Readable } from 'node:stream';
import { CallBox } from './callBox';
import { BoxApi } from './createBoxSession';
import { isNotFound, NameConflict, readNameConflict } from './readNameConflict';

/** The id Box gives every user's root folder, "All Files". */
const ROOT_FOLDER_ID = '0';

/** A file to write into a folder. */
export interface BoxUploadRequest {
  folderId: string;
  name: string;
  content: Buffer;
  contentType: string;
  /** Lowercase hex SHA-1 of `content`, which Box checks as `content-md5`. */
  sha1: string;
}

/** Outcome of {@link uploadToFolder}. */
export type BoxUploadOutcome =
  | { fileId: string; versioned: boolean }
  | { folderMissing: true };

/**
 * Creates a folder at the root of the user's Box, or returns the id of the
 * folder that already has the name.
 *
 * @remarks
 *
 * Creating first and reading the conflict of a 409 `item_name_in_use`
 * response takes one request in both cases. It is also safe when several
 * exports start at once, on one replica or many, because Box creates the
 * folder once and returns its id in the conflict to the others.
 */
export async function findOrCreateFolder(
  api: BoxApi,
  call: CallBox,
  folderName: string,
): Promise<{ folderId: string; created: boolean }> {
  const target = `the folder "${folderName}"`;
  type Outcome =
    | { folderId: string; created: boolean }
    | { conflict: NameConflict };
  const outcome = await call<Outcome>(target, async signal => {
    try {
      const folder = await api.folders.createFolder(
        { name: folderName, parent: { id: ROOT_FOLDER_ID } },
        { queryParams: { fields: ['id', 'name'] }, cancellationToken: signal },
      );
      return { folderId: folder.id, created: true };
    } catch (error) {
      const conflict = readNameConflict(error);
      if (conflict) {
        return { conflict };
      }
      throw error;
    }
  });

  if ('folderId' in outcome) {
    return outcome;
  }
  if (outcome.conflict.type !== 'folder') {
    throw new CloudStorageError({
      kind: 'invalid-input',
      field: 'folderName',
      message:
        `The top of your Box has a ${outcome.conflict.type} named ` +
        `"${folderName}", so the portal cannot create the export folder. ` +
        'Rename or move that item in Box, or ask a portal admin to change the ' +
        'folder name on the Cloud Storage page.',
    });
  }
  return { folderId: outcome.conflict.id, created: false };
}

/**
 * Writes a file into a folder: a new version when a file with the name
 * exists, a new file otherwise.
 *
 * @remarks
 *
 * A preflight check finds an existing file before any bytes are sent. When
 * another export creates the file between the check and the upload, Box
 * rejects the upload with 409 `item_name_in_use` and the file's id, and a
 * new version is uploaded instead. A 404 for the folder is returned as
 * `folderMissing`, so that the caller can create the folder again.
 */
export async function uploadToFolder(
  api: BoxApi,
  call: CallBox,
  request: BoxUploadRequest,
): Promise<BoxUploadOutcome> {
  const target = `the file "${request.name}"`;
  const preflight = await call(target, async signal => {
    try {
      await api.uploads.preflightFileUploadCheck(
        {
          name: request.name,
          size: request.content.length,
          parent: { id: request.folderId },
        },
        undefined,
        signal,
      );
      return { free: true as const };
    } catch (error) {
      return readUploadConflict(error);
    }
  });
  if ('folderMissing' in preflight) {
    return preflight;
  }
  if ('conflict' in preflight) {
    return uploadVersion(api, call, request, preflight.conflict);
  }

  const created = await call(target, async signal => {
    try {
      const files = await api.uploads.uploadFile(
        {
          attributes: { name: request.name, parent: { id: request.folderId } },
          file: Readable.from(request.content),
          fileFileName: request.name,
          fileContentType: request.contentType,
        },
        { headers: { contentMd5: request.sha1 }, cancellationToken: signal },
      );
      return { fileId: checkUploadedFile(files.entries?.[0], request) };
    } catch (error) {
      return readUploadConflict(error);
    }
  });
  if ('conflict' in created) {
    return uploadVersion(api, call, request, created.conflict);
  }
  return 'fileId' in created ? { ...created, versioned: false } : created;
}

async function uploadVersion(
  api: BoxApi,
  call: CallBox,
  request: BoxUploadRequest,
  conflict: NameConflict,
): Promise<BoxUploadOutcome> {
  if (conflict.type !== 'file') {
    throw new CloudStorageError({
      kind: 'invalid-input',
      message:
        `The Box folder already has a ${conflict.type} named ` +
        `"${request.name}", so the export cannot be written there. Rename ` +
        'or move that item in Box, then sync again.',
    });
  }

  const fileId = await call(`the file "${request.name}"`, async signal => {
    const files = await api.uploads.uploadFileVersion(
      conflict.id,
      {
        attributes: { name: request.name },
        file: Readable.from(request.content),
        fileFileName: request.name,
        fileContentType: request.contentType,
      },
      { headers: { contentMd5: request.sha1 }, cancellationToken: signal },
    );
    return checkUploadedFile(files.entries?.[0], request);
  });
  return { fileId, versioned: true };
}

function readUploadConflict(
  error: unknown,
): { conflict: NameConflict } | { folderMissing: true } {
  const conflict = readNameConflict(error);
  if (conflict) {
    return { conflict };
  }
  if (isNotFound(error)) {
    return { folderMissing: true };
  }
  throw error;
}

/**
 * Checks the file Box returned: it must have an id, and its SHA-1 must be
 * the one of the bytes sent.
 */
function checkUploadedFile(
  file: { id?: string; sha1?: string } | undefined,
  request: BoxUploadRequest,
): string {
  if (!file?.id) {
    throw new CloudStorageError({
      kind: 'provider-error',
      message:
        `Box did not return the uploaded file "${request.name}". Try the ` +
        'sync again.',
    });
  }
  if (file.sha1 && file.sha1.toLowerCase() !== request.sha1) {
    throw new CloudStorageError({
      kind: 'provider-error',
      retryable: true,
      message:
        `Box stored "${request.name}" with a different SHA-1 than was sent ` +
        `(${file.sha1}, expected ${request.sha1}). Try the sync again.`,
    });
  }
  return file.id;
}
