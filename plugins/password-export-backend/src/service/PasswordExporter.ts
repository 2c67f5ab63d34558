import {
  AuditorService,
  BackstageCredentials,
  BackstageUserPrincipal,
  LoggerService,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ExportPreflightResult,
  PasswordExportRequestResource,
  passwordExportAccountReadPermission,
} from '@internal/backstage-plugin-password-export-common';
import { AccountSource } from '@internal/backstage-plugin-password-export-node';
import { ReusableContentKey, encryptExport } from '@internal/encrypted-html';
import { ConcurrencyLimiter } from '../export/ConcurrencyLimiter';
import { Request } from 'express';
import { createHash, randomUUID } from 'node:crypto';
import {
  ExportHistoryStore,
  ExportOutcome,
} from '../database/ExportHistoryStore';
import { buildCloudFileName } from '../export/buildCloudFileName';
import { buildCsv } from '../export/buildCsv';
import {
  buildExportPayload,
  countAccounts,
} from '../export/buildExportPayload';
import { buildExportFileName } from '../export/buildExportFileName';
import {
  ENCRYPTED_HTML_CONTENT_TYPE,
  buildUploadFile,
} from '../export/buildUploadFile';
import { buildXlsx } from '../export/buildXlsx';
import { describeFailure } from '../export/describeFailure';
import {
  SpreadsheetResource,
  toSpreadsheetRows,
} from '../export/toSpreadsheetRows';
import {
  CloudStorageService,
  ExportTarget,
} from '../providers/CloudStorageService';
import { PluginConfig } from '../readPluginConfig';
import { SyncedCopyService } from '../sync/SyncedCopyService';
import { collectAccounts } from './collectAccounts';
import {
  getEntityOwnerRefs,
  loadResourceEntities,
} from './loadResourceEntities';
import {
  ParsedExportPreflightRequest,
  ParsedExportRequest,
} from './parseExportRequest';
import { PasswordExportAuthorizer } from './PasswordExportAuthorizer';
import { summarizeExportVerdicts } from './summarizeExportVerdicts';

const CONTENT_TYPES = {
  'encrypted-html': ENCRYPTED_HTML_CONTENT_TYPE,
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

/** A finished export file. */
export interface ExportFile {
  exportId: string;
  fileName: string;
  contentType: string;
  content: Buffer;
  /** Lowercase hex SHA-256 of the content. */
  sha256: string;
  accountCount: number;
  /** Place of the uploaded file, for cloud destinations. */
  location?: string;
  /** Id of the synced copy, when the upload is kept up to date. */
  syncedCopyId?: string;
}

/** Options of {@link PasswordExporter.create}. */
export interface PasswordExporterOptions {
  catalog: CatalogService;
  userInfo: UserInfoService;
  auditor: AuditorService;
  authorizer: PasswordExportAuthorizer;
  history: ExportHistoryStore;
  sources: AccountSource[];
  cloudStorage: CloudStorageService;
  syncedCopies: SyncedCopyService;
  config: PluginConfig;
  logger: LoggerService;
}

interface ExportContents {
  entities: Entity[];
  resources: SpreadsheetResource[];
  validAsOf: Date;
}

function classifyFailure(error: unknown, uploading: boolean): ExportOutcome {
  if (uploading) {
    return 'failed';
  }
  return error instanceof NotAllowedError || error instanceof InputError
    ? 'denied'
    : 'failed';
}

/** A built export file and, for encrypted HTML, the key to re-encrypt it. */
interface BuiltFile {
  file: ExportFile;
  contentKey?: ReusableContentKey;
}

/**
 * Runs exports: checks permissions, reads accounts from every source, builds
 * the file, and records each attempt in the history and the audit log.
 */
export class PasswordExporter {
  readonly #options: PasswordExporterOptions;
  readonly #encryptionLimiter: ConcurrencyLimiter;

  static create(options: PasswordExporterOptions): PasswordExporter {
    return new PasswordExporter(options);
  }

  private constructor(options: PasswordExporterOptions) {
    this.#options = options;
    this.#encryptionLimiter = new ConcurrencyLimiter(
      options.config.kdfMaxConcurrent,
    );
  }

  /**
   * Exports the accounts of the requested entities.
   *
   * @throws NotFoundError, NotAllowedError or InputError (reason required)
   * before any account is read.
   */
  async export(
    request: ParsedExportRequest,
    credentials: BackstageCredentials<BackstageUserPrincipal>,
    httpRequest: Request,
    signal: AbortSignal = new AbortController().signal,
  ): Promise<ExportFile> {
    const exportId = randomUUID();
    const userEntityRef = credentials.principal.userEntityRef;
    const logger = this.#options.logger.child({ exportId });
    const auditMeta = {
      exportId,
      userEntityRef,
      entityRefs: request.entityRefs,
      format: request.format,
      destination: request.destination,
      reason: request.reason ?? null,
    };
    const auditEvent = await this.#options.auditor.createEvent({
      eventId: 'password-export',
      severityLevel: 'high',
      request: httpRequest,
      meta: auditMeta,
    });

    let accountCount = 0;
    let uploading = false;
    try {
      const target = await this.#resolveTarget(request, userEntityRef);
      const contents = await this.#readContents(request, credentials);
      accountCount = countAccounts(contents.resources);
      const { file, contentKey } = await this.#buildFile(
        request,
        contents,
        exportId,
        userEntityRef,
      );

      if (target) {
        uploading = true;
        await this.#upload(request, target, file, contentKey, {
          userEntityRef,
          signal,
        });
      }

      await this.#record(request, exportId, userEntityRef, {
        outcome: 'succeeded',
        sha256: file.sha256,
        accountCount,
        location: file.location,
      });
      await auditEvent.success({
        meta: {
          ...auditMeta,
          sha256: file.sha256,
          accountCount,
          location: file.location ?? null,
        },
      });
      logger.info(
        `Exported ${accountCount} account(s) of ${request.entityRefs.length} resource(s) as ${request.format} to ${request.destination}`,
        { userEntityRef, sha256: file.sha256 },
      );
      return file;
    } catch (error) {
      const outcome = classifyFailure(error, uploading);
      const message = describeFailure(error);
      await this.#record(request, exportId, userEntityRef, {
        outcome,
        accountCount,
        error: message,
      });
      await auditEvent.fail({
        error: error as Error,
        meta: { ...auditMeta, outcome, accountCount, error: message },
      });
      logger.warn(`Export by ${userEntityRef} ${outcome}`, error as Error);
      throw error;
    }
  }

  /**
   * Uploads a file to a cloud destination and records it as a synced copy
   * when the request keeps it up to date.
   */
  async #upload(
    request: ParsedExportRequest,
    target: ExportTarget,
    file: ExportFile,
    contentKey: ReusableContentKey | undefined,
    options: { userEntityRef: string; signal: AbortSignal },
  ): Promise<void> {
    const exportedAt = new Date();
    const uploaded = await this.#options.cloudStorage.upload(
      target,
      buildUploadFile({
        name: file.fileName,
        content: file.content,
        sha256: file.sha256,
        contentType: file.contentType,
        exportId: file.exportId,
        exportedBy: options.userEntityRef,
        exportedAt,
      }),
      {
        userEntityRef: options.userEntityRef,
        exportId: file.exportId,
        signal: options.signal,
      },
    );
    file.location = uploaded.location;

    // Recorded even when not kept up to date, so that an earlier copy of the
    // same file stops overwriting it with the old passphrase.
    file.syncedCopyId = await this.#options.syncedCopies.recordExport({
      userEntityRef: options.userEntityRef,
      providerId: target.provider.id,
      fileName: file.fileName,
      entityRefs: request.entityRefs,
      location: uploaded.location,
      remoteId: uploaded.remoteId,
      sha256: file.sha256,
      contentKey: request.keepUpToDate ? contentKey : undefined,
      exportedAt,
      reason: request.reason,
    });
  }

  /**
   * Decides whether the policy still allows the user to receive a kept copy:
   * the export of its entities, in encrypted HTML to its provider with the
   * reason given at export, and reading their accounts.
   *
   * @returns undefined when allowed, otherwise why not.
   */
  async findKeptCopyDenial(
    copy: { entityRefs: string[]; providerId: string; reason?: string },
    credentials: BackstageCredentials<BackstageUserPrincipal>,
  ): Promise<string | undefined> {
    const { catalog, authorizer } = this.#options;
    // An entity that is gone, or hidden from the user, throws: the copy is
    // then not confirmed, so it pauses after accessMaxAge, and the scheduled
    // catalog check removes the copy of a deleted entity. A brief gap in the
    // catalog therefore never stops a copy.
    const entities = await loadResourceEntities(
      catalog,
      copy.entityRefs,
      credentials,
    );

    const exportRequests = await this.#toExportRequests(
      entities,
      {
        entityRefs: copy.entityRefs,
        format: 'encrypted-html',
        destination: copy.providerId,
        reason: copy.reason,
      },
      credentials,
    );
    const verdicts = await authorizer.evaluateExport(
      exportRequests,
      credentials,
    );
    for (const [index, verdict] of verdicts.entries()) {
      const { entityRef } = exportRequests[index];
      if (verdict.kind === 'reason-required') {
        return `The export policy now requires a reason of at least ${verdict.minLength} characters for ${entityRef}: export it again with a longer reason to keep a copy up to date`;
      }
      if (verdict.kind === 'denied') {
        return `The export policy no longer allows ${entityRef} to be synced to ${copy.providerId} for you`;
      }
    }
    const [readDenial] = await authorizer.findEntityDenials(
      passwordExportAccountReadPermission,
      copy.entityRefs,
      credentials,
    );
    return readDenial?.message;
  }

  /**
   * Tells what the permission policy decides on an export before it is
   * submitted, with the same checks as {@link PasswordExporter.export} and no
   * reason. Nothing is read, recorded or audited.
   *
   * NOTE: a cloud destination is not checked for being enabled and connected
   * here; the dialog's connection step and the submit report that.
   *
   * @throws NotFoundError when an entity does not exist for the caller.
   */
  async preflight(
    request: ParsedExportPreflightRequest,
    credentials: BackstageCredentials<BackstageUserPrincipal>,
  ): Promise<ExportPreflightResult> {
    const { catalog, authorizer } = this.#options;

    const entities = await loadResourceEntities(
      catalog,
      request.entityRefs,
      credentials,
    );
    const exportRequests = await this.#toExportRequests(
      entities,
      request,
      credentials,
    );

    const verdicts = await authorizer.evaluateExport(
      exportRequests,
      credentials,
    );
    const readDenials = await authorizer.findEntityDenials(
      passwordExportAccountReadPermission,
      request.entityRefs,
      credentials,
    );
    return summarizeExportVerdicts(
      exportRequests.map(exportRequest => exportRequest.entityRef),
      verdicts,
      readDenials,
    );
  }

  /** Describes each entity of an export as the resource policies decide on. */
  async #toExportRequests(
    entities: Entity[],
    request: ParsedExportPreflightRequest & { reason?: string },
    credentials: BackstageCredentials<BackstageUserPrincipal>,
  ): Promise<PasswordExportRequestResource[]> {
    const { ownershipEntityRefs } = await this.#options.userInfo.getUserInfo(
      credentials,
    );
    return entities.map(entity => ({
      entityRef: stringifyEntityRef(entity),
      entityOwnerRefs: getEntityOwnerRefs(entity),
      format: request.format,
      destination: request.destination,
      reason: request.reason,
      requestedBy: credentials.principal.userEntityRef,
      requesterOwnershipRefs: ownershipEntityRefs,
    }));
  }

  /**
   * Checks a cloud destination before any account is read, so that a user
   * without a connection learns it at once.
   */
  async #resolveTarget(
    request: ParsedExportRequest,
    userEntityRef: string,
  ): Promise<ExportTarget | undefined> {
    if (request.destination === 'download') {
      return undefined;
    }
    return this.#options.cloudStorage.resolveExportTarget(
      request.destination,
      userEntityRef,
    );
  }

  async #readContents(
    request: ParsedExportRequest,
    credentials: BackstageCredentials<BackstageUserPrincipal>,
  ): Promise<ExportContents> {
    const { catalog, authorizer, sources, logger } = this.#options;

    const entities = await loadResourceEntities(
      catalog,
      request.entityRefs,
      credentials,
    );

    const exportRequests = await this.#toExportRequests(
      entities,
      request,
      credentials,
    );
    await authorizer.assertExportAllowed(exportRequests, credentials);
    await authorizer.assertEntityPermission(
      passwordExportAccountReadPermission,
      request.entityRefs,
      credentials,
    );

    const validAsOf = new Date();
    const resources = await collectAccounts({
      entities,
      sources,
      credentials,
      userEntityRef: credentials.principal.userEntityRef,
      logger,
    });
    return { entities, resources, validAsOf };
  }

  async #buildFile(
    request: ParsedExportRequest,
    contents: ExportContents,
    exportId: string,
    userEntityRef: string,
  ): Promise<BuiltFile> {
    const exportedAt = new Date();
    const fileName =
      request.destination === 'download'
        ? buildExportFileName({
            entityNames: contents.entities.map(entity => entity.metadata.name),
            format: request.format,
            exportedAt,
          })
        : buildCloudFileName(request.entityRefs);

    let content: Buffer;
    let sha256: string;
    let contentKey: ReusableContentKey | undefined;
    if (request.format === 'encrypted-html') {
      const encrypted = await this.#encryptionLimiter.run(() =>
        encryptExport(
          buildExportPayload(
            {
              exportedBy: userEntityRef,
              exportedAt,
              validAsOf: contents.validAsOf,
              portal: this.#options.config.portalTitle,
              staleAfterDays: this.#options.config.staleAfterDays,
            },
            contents.resources,
          ),
          {
            // The passphrase lives only in this call; it is never stored or logged.
            passphrase: request.passphrase!,
            iterations: this.#options.config.kdfIterations,
          },
        ),
      );
      content = encrypted.html;
      sha256 = encrypted.sha256;
      contentKey = encrypted.contentKey;
    } else {
      const rows = toSpreadsheetRows(contents.resources);
      content =
        request.format === 'csv' ? buildCsv(rows) : await buildXlsx(rows);
      sha256 = createHash('sha256').update(content).digest('hex');
    }

    const file: ExportFile = {
      exportId,
      fileName,
      contentType: CONTENT_TYPES[request.format],
      content,
      sha256,
      accountCount: countAccounts(contents.resources),
    };
    return { file, contentKey };
  }

  async #record(
    request: ParsedExportRequest,
    exportId: string,
    userEntityRef: string,
    result: {
      outcome: ExportOutcome;
      sha256?: string;
      accountCount: number;
      location?: string;
      error?: string;
    },
  ): Promise<void> {
    try {
      await this.#options.history.addEntry({
        id: exportId,
        userEntityRef,
        entityRefs: request.entityRefs,
        format: request.format,
        destination: request.destination,
        reason: request.reason,
        createdAt: new Date().toISOString(),
        ...result,
      });
    } catch (error) {
      // The audit event still records the export; a missing history row must
      // not hide the original error from the user.
      this.#options.logger
        .child({ exportId })
        .error('Failed to record an export in the history', error as Error);
      if (result.outcome === 'succeeded') {
        throw error;
      }
    }
  }
}
