import { PasswordExportRequestResource } from '@internal/backstage-plugin-password-export-common';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import { passwordExportRequestRules } from './rules';
import {
  createPasswordExportConditionalDecision,
  passwordExportConditions,
} from './conditions';
import { passwordExportCreatePermission } from '@internal/backstage-plugin-password-export-common';

const ruleset = {
  getRuleByName(name: string) {
    const rule = Object.values(passwordExportRequestRules).find(
      r => r.name === name,
    );
    if (!rule) {
      throw new Error(`Unknown rule ${name}`);
    }
    return rule as any;
  },
};
const isAllowed =
  createConditionAuthorizer<PasswordExportRequestResource>(ruleset);

const request: PasswordExportRequestResource = {
  entityRef: 'resource:default/orders-db',
  entityOwnerRefs: ['group:default/payments'],
  format: 'encrypted-html',
  destination: 'download',
  reason: '  client visit  ',
  requestedBy: 'user:default/alice',
  requesterOwnershipRefs: ['user:default/alice', 'group:default/payments'],
};

function decide(
  conditions: Parameters<typeof createPasswordExportConditionalDecision>[1],
): PolicyDecision {
  return createPasswordExportConditionalDecision(
    passwordExportCreatePermission,
    conditions,
  );
}

describe('export request rules', () => {
  it('hasReason counts trimmed characters', () => {
    const twelve = decide(
      passwordExportConditions.hasReason({ minLength: 12 }),
    );
    const thirteen = decide(
      passwordExportConditions.hasReason({ minLength: 13 }),
    );

    expect(isAllowed(twelve, request)).toBe(true);
    expect(isAllowed(thirteen, request)).toBe(false);
    expect(isAllowed(twelve, { ...request, reason: undefined })).toBe(false);
  });

  it('isDestination matches listed destinations', () => {
    expect(
      isAllowed(
        decide(
          passwordExportConditions.isDestination({
            destinations: ['download'],
          }),
        ),
        request,
      ),
    ).toBe(true);
    expect(
      isAllowed(
        decide(
          passwordExportConditions.isDestination({ destinations: ['s3'] }),
        ),
        request,
      ),
    ).toBe(false);
  });

  it('isFormat matches listed formats', () => {
    const htmlOnly = decide(
      passwordExportConditions.isFormat({ formats: ['encrypted-html'] }),
    );

    expect(isAllowed(htmlOnly, request)).toBe(true);
    expect(isAllowed(htmlOnly, { ...request, format: 'csv' })).toBe(false);
  });

  it('isEntityOwner accepts user or group ownership', () => {
    const ownerOnly = decide(passwordExportConditions.isEntityOwner());

    expect(isAllowed(ownerOnly, request)).toBe(true);
    expect(
      isAllowed(ownerOnly, {
        ...request,
        entityOwnerRefs: ['user:default/alice'],
        requesterOwnershipRefs: [],
      }),
    ).toBe(true);
    expect(
      isAllowed(ownerOnly, {
        ...request,
        requesterOwnershipRefs: ['group:default/other'],
      }),
    ).toBe(false);
  });

  it('combines conditions', () => {
    const decision = decide({
      allOf: [
        passwordExportConditions.isEntityOwner(),
        { not: passwordExportConditions.isFormat({ formats: ['csv'] }) },
      ],
    });

    expect(decision.result).toBe(AuthorizeResult.CONDITIONAL);
    expect(isAllowed(decision, request)).toBe(true);
    expect(isAllowed(decision, { ...request, format: 'csv' })).toBe(false);
  });

  it('hasReason rejects invalid parameters', () => {
    const schema = passwordExportRequestRules.hasReason.paramsSchema as any;

    expect(schema['~standard'].validate({ minLength: 0 }).issues).toBeTruthy();
    expect(
      schema['~standard'].validate({ minLength: 10 }).issues,
    ).toBeUndefined();
  });
});
