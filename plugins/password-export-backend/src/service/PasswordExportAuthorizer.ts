import {
  BackstageCredentials,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import {
  PasswordExportRequestResource,
  passwordExportCreatePermission,
} from '@internal/backstage-plugin-password-export-common';
import { passwordExportRequestResourceRef } from '@internal/backstage-plugin-password-export-node';
import { findReasonMinLengths } from './findReasonMinLength';

type ExportDecision = Parameters<
  ReturnType<typeof createConditionAuthorizer>
>[0];

/**
 * How the policy decides on one export request resource: allowed as it is,
 * allowed once a reason of `minLength` trimmed characters is given, or denied.
 */
export type ExportVerdict =
  | { kind: 'allowed' }
  | { kind: 'reason-required'; minLength: number }
  | { kind: 'denied'; message: string };

/**
 * Checks the plugin's permissions and turns denials into
 * `@backstage/errors` types.
 */
export class PasswordExportAuthorizer {
  readonly #permissions: PermissionsService;
  readonly #isExportAllowed: (
    decision: ExportDecision,
    resource: PasswordExportRequestResource,
  ) => boolean;

  static create(options: {
    permissions: PermissionsService;
    permissionsRegistry: PermissionsRegistryService;
  }) {
    return new PasswordExportAuthorizer(
      options.permissions,
      options.permissionsRegistry,
    );
  }

  private constructor(
    permissions: PermissionsService,
    permissionsRegistry: PermissionsRegistryService,
  ) {
    this.#permissions = permissions;
    this.#isExportAllowed = createConditionAuthorizer(
      permissionsRegistry.getPermissionRuleset(
        passwordExportRequestResourceRef,
      ),
    );
  }

  /**
   * Checks a catalog entity permission on each entity; the catalog applies
   * conditional decisions.
   *
   * @returns one denial message per entity that the policy does not allow,
   * in the order of the references.
   */
  async findEntityDenials(
    permission: ResourcePermission<'catalog-entity'>,
    entityRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<Array<{ entityRef: string; message: string }>> {
    const decisions = await this.#permissions.authorize(
      entityRefs.map(resourceRef => ({ permission, resourceRef })),
      { credentials },
    );

    return entityRefs
      .filter((_, index) => decisions[index].result !== AuthorizeResult.ALLOW)
      .map(entityRef => ({
        entityRef,
        message: `You are not allowed to ${permission.attributes.action} the accounts of ${entityRef} (permission ${permission.name})`,
      }));
  }

  /**
   * Checks a catalog entity permission on each entity.
   *
   * @throws NotAllowedError naming the permission and the first denied entity.
   */
  async assertEntityPermission(
    permission: ResourcePermission<'catalog-entity'>,
    entityRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<void> {
    const [denial] = await this.findEntityDenials(
      permission,
      entityRefs,
      credentials,
    );
    if (denial) {
      throw new NotAllowedError(denial.message);
    }
  }

  /** Tells whether the policy allows a basic permission. */
  async isAllowed(
    permission: BasicPermission,
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    const [decision] = await this.#permissions.authorize([{ permission }], {
      credentials,
    });
    return decision.result === AuthorizeResult.ALLOW;
  }

  /**
   * Checks a basic permission.
   *
   * @throws NotAllowedError naming the permission and what it guards.
   */
  async assertAllowed(
    permission: BasicPermission,
    credentials: BackstageCredentials,
    purpose: string,
  ): Promise<void> {
    if (!(await this.isAllowed(permission, credentials))) {
      throw new NotAllowedError(
        `You are not allowed to ${purpose} (permission ${permission.name})`,
      );
    }
  }

  /**
   * Decides `password-export.export.create` on each export request, with one
   * policy query for all of them.
   *
   * @remarks
   *
   * A conditional decision is evaluated against the request as it is. When
   * that fails, it is evaluated again with a reason of each `minLength` that
   * its `hasReason` conditions name, smallest first: the first length that
   * passes is the one the user must give. Preflight requests carry no reason,
   * so they learn the required length; submitted requests learn whether their
   * reason is too short.
   */
  async evaluateExport(
    requests: PasswordExportRequestResource[],
    credentials: BackstageCredentials,
  ): Promise<ExportVerdict[]> {
    const [decision] = await this.#permissions.authorizeConditional(
      [{ permission: passwordExportCreatePermission }],
      { credentials },
    );

    return requests.map(request => this.#classifyExport(decision, request));
  }

  /**
   * Checks `password-export.export.create` on each export request.
   *
   * @throws InputError when a conditional decision fails only because the
   * reason is missing or too short, saying how long it must be.
   * @throws NotAllowedError when the export is denied for any other cause.
   */
  async assertExportAllowed(
    requests: PasswordExportRequestResource[],
    credentials: BackstageCredentials,
  ): Promise<void> {
    const verdicts = await this.evaluateExport(requests, credentials);

    requests.forEach((request, index) => {
      const verdict = verdicts[index];
      if (verdict.kind === 'reason-required') {
        throw new InputError(
          `Reason is required to export the passwords of ${request.entityRef}: give at least ${verdict.minLength} characters explaining why you need them`,
        );
      }
      if (verdict.kind === 'denied') {
        throw new NotAllowedError(verdict.message);
      }
    });
  }

  #classifyExport(
    decision: ExportDecision,
    request: PasswordExportRequestResource,
  ): ExportVerdict {
    if (this.#isExportAllowed(decision, request)) {
      return { kind: 'allowed' };
    }

    if (decision.result === AuthorizeResult.CONDITIONAL) {
      // The resource contains the trimmed reason, which is what hasReason counts.
      const currentLength = request.reason?.length ?? 0;
      const minLength = findReasonMinLengths(decision.conditions).find(
        length =>
          length > currentLength &&
          this.#isExportAllowed(decision, {
            ...request,
            reason: 'x'.repeat(length),
          }),
      );
      if (minLength !== undefined) {
        return { kind: 'reason-required', minLength };
      }
    }

    return {
      kind: 'denied',
      message: `You are not allowed to export the passwords of ${request.entityRef} as ${request.format} (permission ${passwordExportCreatePermission.name})`,
    };
  }
}
