import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  ConditionalPolicyDecision,
  createPermission,
} from '@backstage/plugin-permission-common';
import {
  passwordExportAccountReadPermission,
  passwordExportAccountUpdatePermission,
  passwordExportCreatePermission,
  passwordExportSettingsReadPermission,
  passwordExportSettingsUpdatePermission,
} from '@internal/backstage-plugin-password-export-common';
import { DemoPortalPermissionPolicy } from './permissionPolicy';

const guestRef = 'user:development/guest';
const user = {
  credentials: mockCredentials.user(guestRef),
  info: {
    userEntityRef: guestRef,
    ownershipEntityRefs: [guestRef, 'group:default/platform-ops'],
  },
};

function createPolicy(
  ownershipEntityRefs = [guestRef, 'group:default/platform-ops'],
) {
  const userInfo = mockServices.userInfo({
    userEntityRef: guestRef,
    ownershipEntityRefs,
  });
  return new DemoPortalPermissionPolicy(userInfo);
}

describe('DemoPortalPermissionPolicy', () => {
  it.each([
    passwordExportAccountReadPermission,
    passwordExportAccountUpdatePermission,
  ])('limits $name to entity owners', async permission => {
    const decision = (await createPolicy().handle(
      { permission },
      user,
    )) as ConditionalPolicyDecision;

    expect(decision.result).toBe(AuthorizeResult.CONDITIONAL);
    expect(decision.pluginId).toBe('catalog');
    expect(decision.conditions).toEqual({
      rule: 'IS_ENTITY_OWNER',
      resourceType: 'catalog-entity',
      params: { claims: [guestRef, 'group:default/platform-ops'] },
    });
  });

  it('denies account permissions without a user', async () => {
    const decision = await createPolicy().handle({
      permission: passwordExportAccountReadPermission,
    });

    expect(decision.result).toBe(AuthorizeResult.DENY);
  });

  it('requires a reason unless an owner downloads HTML', async () => {
    const decision = (await createPolicy().handle(
      { permission: passwordExportCreatePermission },
      user,
    )) as ConditionalPolicyDecision;

    expect(decision.result).toBe(AuthorizeResult.CONDITIONAL);
    expect(decision.pluginId).toBe('password-export');
    expect(decision.resourceType).toBe('password-export-request');
    expect(decision.conditions).toEqual({
      allOf: [
        expect.objectContaining({ rule: 'IS_ENTITY_OWNER' }),
        {
          anyOf: [
            {
              allOf: [
                expect.objectContaining({
                  rule: 'IS_FORMAT',
                  params: { formats: ['encrypted-html'] },
                }),
                expect.objectContaining({
                  rule: 'IS_DESTINATION',
                  params: { destinations: ['download'] },
                }),
              ],
            },
            expect.objectContaining({
              rule: 'HAS_REASON',
              params: { minLength: 10 },
            }),
          ],
        },
      ],
    });
  });

  it.each([
    passwordExportSettingsReadPermission,
    passwordExportSettingsUpdatePermission,
  ])('lets only portal admins have $name', async permission => {
    const memberDecision = await createPolicy().handle({ permission }, user);
    const adminDecision = await createPolicy([
      'user:default/bob',
      'group:default/portal-admins',
    ]).handle({ permission }, user);
    const anonymousDecision = await createPolicy([
      'group:default/portal-admins',
    ]).handle({ permission });

    expect(memberDecision.result).toBe(AuthorizeResult.DENY);
    expect(adminDecision.result).toBe(AuthorizeResult.ALLOW);
    expect(anonymousDecision.result).toBe(AuthorizeResult.DENY);
  });

  it('allows permissions of other plugins', async () => {
    const permission = createPermission({
      name: 'catalog.entity.read',
      attributes: { action: 'read' },
    });

    const decision = await createPolicy().handle({ permission }, user);

    expect(decision.result).toBe(AuthorizeResult.ALLOW);
  });
});
