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
import { findReasonMinLength } from './findReasonMinLength';

/**
 * Checks the plugin's permissions and turns denials into
 * `@backstage/errors` types.
 */
export class PasswordExportAuthorizer {
  readonly #permissions: PermissionsService;
  readonly #isExportAllowed: (
    decision: Parameters<ReturnType<typeof createConditionAuthorizer>>[0],
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
   * @throws NotAllowedError naming the permission and the first denied entity.
   */
  async assertEntityPermission(
    permission: ResourcePermission<'catalog-entity'>,
    entityRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<void> {
    const decisions = await this.#permissions.authorize(
      entityRefs.map(resourceRef => ({ permission, resourceRef })),
      { credentials },
    );

    const deniedIndex = decisions.findIndex(
      decision => decision.result !== AuthorizeResult.ALLOW,
    );
    if (deniedIndex >= 0) {
      throw new NotAllowedError(
        `You are not allowed to ${permission.attributes.action} the accounts of ${entityRefs[deniedIndex]} (permission ${permission.name})`,
      );
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
    const [decision] = await this.#permissions.authorizeConditional(
      [{ permission: passwordExportCreatePermission }],
      { credentials },
    );

    for (const request of requests) {
      if (this.#isExportAllowed(decision, request)) {
        continue;
      }

      const minLength =
        decision.result === AuthorizeResult.CONDITIONAL
          ? findReasonMinLength(decision.conditions)
          : undefined;
      if (
        minLength !== undefined &&
        this.#passesWithReason(decision, request, minLength)
      ) {
        throw new InputError(
          `reason is required for this export: give at least ${minLength} characters explaining why you export the passwords of ${request.entityRef}`,
        );
      }

      throw new NotAllowedError(
        `You are not allowed to export the passwords of ${request.entityRef} as ${request.format} (permission ${passwordExportCreatePermission.name})`,
      );
    }
  }

  /**
   * Tells whether a long enough reason would have made the decision pass,
   * which means the reason is what the user must fix.
   */
  #passesWithReason(
    decision: Parameters<ReturnType<typeof createConditionAuthorizer>>[0],
    request: PasswordExportRequestResource,
    minLength: number,
  ): boolean {
    const currentLength = request.reason?.length ?? 0;
    if (currentLength >= minLength) {
      return false;
    }
    return this.#isExportAllowed(decision, {
      ...request,
      reason: 'x'.repeat(minLength),
    });
  }
}
