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

describe('export request rules on every case', () => {
  const formats = ['encrypted-html', 'csv', 'xlsx'] as const;
  const destinations = ['download', 's3', 'dropbox'];

  it.each([
    ['absent', undefined, false, false],
    ['empty', '', false, false],
    ['whitespace-only', '   \t  ', false, false],
    ['padded short', '   nine ch   ', false, false],
    ['exactly ten after trim', '  ten chars.  ', false, true],
    ['long enough', 'quarterly access review', true, true],
  ])(
    'hasReason with a reason %s',
    (_label, reason, passesTwenty, passesTen) => {
      const resource = { ...request, reason };

      expect(
        isAllowed(
          decide(passwordExportConditions.hasReason({ minLength: 10 })),
          resource,
        ),
      ).toBe(passesTen);
      expect(
        isAllowed(
          decide(passwordExportConditions.hasReason({ minLength: 20 })),
          resource,
        ),
      ).toBe(passesTwenty);
    },
  );

  it.each(formats)('isFormat matches only listed formats: %s', format => {
    for (const listed of formats) {
      const decision = decide(
        passwordExportConditions.isFormat({ formats: [listed] }),
      );
      expect(isAllowed(decision, { ...request, format })).toBe(
        listed === format,
      );
    }
    expect(
      isAllowed(decide(passwordExportConditions.isFormat({ formats: [] })), {
        ...request,
        format,
      }),
    ).toBe(false);
  });

  it.each(destinations)(
    'isDestination matches only listed destinations: %s',
    destination => {
      for (const listed of destinations) {
        const decision = decide(
          passwordExportConditions.isDestination({ destinations: [listed] }),
        );
        expect(isAllowed(decision, { ...request, destination })).toBe(
          listed === destination,
        );
      }
      expect(
        isAllowed(
          decide(
            passwordExportConditions.isDestination({
              destinations: ['download', 's3', 'dropbox'],
            }),
          ),
          { ...request, destination },
        ),
      ).toBe(true);
    },
  );

  it.each([
    [
      'owner via group',
      ['group:default/payments'],
      'user:default/alice',
      ['user:default/alice', 'group:default/payments'],
      true,
    ],
    [
      'owner via user ref in ownership refs',
      ['user:default/alice'],
      'user:default/alice',
      ['user:default/alice', 'group:default/payments'],
      true,
    ],
    [
      'owner via requestedBy alone',
      ['user:default/alice'],
      'user:default/alice',
      [],
      true,
    ],
    [
      'non-owner in another group',
      ['group:default/payments'],
      'user:default/bob',
      ['user:default/bob', 'group:default/ops'],
      false,
    ],
    [
      'non-owner of an entity without owners',
      [],
      'user:default/alice',
      ['user:default/alice', 'group:default/payments'],
      false,
    ],
  ])(
    'isEntityOwner: %s',
    (
      _label,
      entityOwnerRefs,
      requestedBy,
      requesterOwnershipRefs,
      expected,
    ) => {
      expect(
        isAllowed(decide(passwordExportConditions.isEntityOwner()), {
          ...request,
          entityOwnerRefs,
          requestedBy,
          requesterOwnershipRefs,
        }),
      ).toBe(expected);
    },
  );
});
