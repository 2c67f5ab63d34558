import { promisify } from 'node:util';
import { deflateRaw, inflateRaw } from 'node:zlib';
import { InvalidPayloadError } from './errors';
import { Bytes } from './header';
import {
  ExportAccount,
  ExportMetadata,
  ExportPayload,
  ExportResource,
} from './types';

const deflateRawAsync = promisify(deflateRaw);
const inflateRawAsync = promisify(inflateRaw);

/**
 * Maximum size of the payload JSON in UTF-8 bytes (256 MiB), enforced by
 * writers before compressing and by readers while decompressing, so a small
 * file cannot expand into gigabytes (FORMAT.md, "Payload").
 *
 * @public
 */
export const MAX_PAYLOAD_BYTES = 256 * 1024 * 1024;

type Fields = Record<string, unknown>;

function requireObject(value: unknown, field: string): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidPayloadError(field, 'must be an object');
  }
  return value as Fields;
}

function requireArray(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) {
    throw new InvalidPayloadError(field, 'must be an array');
  }
  return value;
}

function requireString(value: unknown, field: string): string {
  if (typeof value !== 'string') {
    throw new InvalidPayloadError(field, 'must be a string');
  }
  return value;
}

function optionalString(value: unknown, field: string): string | undefined {
  return value === undefined ? undefined : requireString(value, field);
}

function requireTimestamp(value: unknown, field: string): string {
  const text = requireString(value, field);
  if (Number.isNaN(Date.parse(text))) {
    throw new InvalidPayloadError(field, 'must be an ISO 8601 date and time');
  }
  return text;
}

function parseMetadata(value: unknown): ExportMetadata {
  const fields = requireObject(value, 'metadata');
  const metadata: ExportMetadata = {
    exportedBy: requireString(fields.exportedBy, 'metadata.exportedBy'),
    exportedAt: requireTimestamp(fields.exportedAt, 'metadata.exportedAt'),
    validAsOf: requireTimestamp(fields.validAsOf, 'metadata.validAsOf'),
  };

  const portal = optionalString(fields.portal, 'metadata.portal');
  if (portal !== undefined) {
    metadata.portal = portal;
  }

  const staleAfterDays = fields.staleAfterDays;
  if (staleAfterDays !== undefined) {
    if (
      typeof staleAfterDays !== 'number' ||
      !Number.isFinite(staleAfterDays) ||
      staleAfterDays <= 0
    ) {
      throw new InvalidPayloadError(
        'metadata.staleAfterDays',
        'must be a positive number of days',
      );
    }
    metadata.staleAfterDays = staleAfterDays;
  }
  return metadata;
}

function parseAccount(value: unknown, field: string): ExportAccount {
  const fields = requireObject(value, field);
  const account: ExportAccount = {
    name: requireString(fields.name, `${field}.name`),
    username: requireString(fields.username, `${field}.username`),
    password: requireString(fields.password, `${field}.password`),
  };

  for (const key of ['url', 'notes'] as const) {
    const text = optionalString(fields[key], `${field}.${key}`);
    if (text !== undefined) {
      account[key] = text;
    }
  }
  if (fields.updatedAt !== undefined) {
    account.updatedAt = requireTimestamp(
      fields.updatedAt,
      `${field}.updatedAt`,
    );
  }
  return account;
}

function parseResource(value: unknown, field: string): ExportResource {
  const fields = requireObject(value, field);
  const accounts = requireArray(fields.accounts, `${field}.accounts`);
  return {
    entityRef: requireString(fields.entityRef, `${field}.entityRef`),
    title: requireString(fields.title, `${field}.title`),
    accounts: accounts.map((account, i) =>
      parseAccount(account, `${field}.accounts[${i}]`),
    ),
  };
}

/**
 * Checks that a value has the `ExportPayload` shape and returns a copy with
 * only the fields the format defines.
 *
 * @remarks
 * Throws {@link InvalidPayloadError} naming the first invalid field. Unknown
 * fields are dropped, never copied into the file.
 *
 * @public
 */
export function parseExportPayload(value: unknown): ExportPayload {
  const fields = requireObject(value, 'payload');
  const resources = requireArray(fields.resources, 'resources');
  return {
    metadata: parseMetadata(fields.metadata),
    resources: resources.map((resource, i) =>
      parseResource(resource, `resources[${i}]`),
    ),
  };
}

/** Serializes and compresses a checked payload (FORMAT.md, "Payload"). */
export async function packPayload(payload: ExportPayload): Promise<Bytes> {
  const json = Buffer.from(JSON.stringify(payload), 'utf8');
  if (json.length > MAX_PAYLOAD_BYTES) {
    throw new InvalidPayloadError(
      'payload',
      `is ${json.length} bytes as JSON, more than the maximum of ${MAX_PAYLOAD_BYTES}; export fewer resources`,
    );
  }
  return new Uint8Array(await deflateRawAsync(json));
}

/**
 * Decompresses and parses a decrypted payload; any failure, including the
 * size cap, surfaces as an exception the caller turns into DecryptionError.
 */
export async function unpackPayload(compressed: Bytes): Promise<ExportPayload> {
  const json = await inflateRawAsync(compressed, {
    maxOutputLength: MAX_PAYLOAD_BYTES,
  });
  const text = new TextDecoder('utf-8', { fatal: true }).decode(json);
  return parseExportPayload(JSON.parse(text));
}
