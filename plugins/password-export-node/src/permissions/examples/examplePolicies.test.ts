import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  PermissionPolicy,
} from '@backstage/plugin-permission-node';
import {
  ExportFormat,
  PasswordExportRequestResource,
  passwordExportAccountReadPermission,
  passwordExportCreatePermission,
  passwordExportSettingsReadPermission,
  passwordExportSettingsUpdatePermission,
} from '@internal/backstage-plugin-password-export-common';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { passwordExportRequestRules } from '../rules';
import { DemoPortalPolicy } from './demoPortalPolicy';
import { EncryptedDownloadsOnlyPolicy } from './encryptedDownloadsOnlyPolicy';
import { ReasonForEveryonePolicy } from './reasonForEveryonePolicy';

type Outcome = 'allow' | 'needs-reason' | 'deny';

const ALICE = 'user:default/alice';
const OWNER_GROUP = 'group:default/payments';

const isAllowed = createConditionAuthorizer<PasswordExportRequestResource>({
  getRuleByName(name: string) {
    const rule = Object.values(passwordExportRequestRules).find(
      r => r.name === name,
    );
    if (!rule) {
      throw new Error(`Unknown rule ${name}`);
    }
    return rule as any;
  },
});

/**
 * Classifies a decision the way the backend does: allowed as it is, allowed
 * once a long reason is given, or denied whatever the reason.
 */
function outcomeOf(
  decision: PolicyDecision,
  resource: PasswordExportRequestResource,
): Outcome {
  if (isAllowed(decision, resource)) {
    return 'allow';
  }
  if (isAllowed(decision, { ...resource, reason: 'x'.repeat(1000) })) {
    return 'needs-reason';
  }
  return 'deny';
}

interface Sample {
  owner: boolean;
  format: ExportFormat;
  destination: string;
  reason?: string;
}

const REASONS = [
  undefined,
  '    ',
  'audit',
  'client visit',
  'quarterly access review at site',
];

const SAMPLES: Sample[] = [true, false].flatMap(owner =>
  (['encrypted-html', 'csv', 'xlsx'] as const).flatMap(format =>
    ['download', 's3'].flatMap(destination =>
      REASONS.map(reason => ({ owner, format, destination, reason })),
    ),
  ),
);

function toResource(sample: Sample): PasswordExportRequestResource {
  return {
    entityRef: 'resource:default/orders-db',
    entityOwnerRefs: [sample.owner ? OWNER_GROUP : 'group:default/other'],
    format: sample.format,
    destination: sample.destination,
    reason: sample.reason,
    requestedBy: ALICE,
    requesterOwnershipRefs: [ALICE, OWNER_GROUP],
  };
}

function reasonLength(sample: Sample): number {
  return sample.reason?.trim().length ?? 0;
}

function describeSample(sample: Sample): string {
  const reason =
    sample.reason === undefined ? 'no reason' : `reason "${sample.reason}"`;
  return `${sample.owner ? 'owner' : 'non-owner'} ${sample.format} to ${
    sample.destination
  } with ${reason}`;
}

async function exportDecision(policy: PermissionPolicy) {
  return policy.handle(
    { permission: passwordExportCreatePermission },
    {
      credentials: mockCredentials.user(ALICE),
      info: { userEntityRef: ALICE, ownershipEntityRefs: [ALICE] },
    },
  );
}

/** Lists the samples whose outcome differs from the expected one. */
async function findMismatches(
  policy: PermissionPolicy,
  expected: (sample: Sample) => Outcome,
): Promise<string[]> {
  const decision = await exportDecision(policy);

  return SAMPLES.filter(
    sample => outcomeOf(decision, toResource(sample)) !== expected(sample),
  ).map(describeSample);
}

describe('example policies', () => {
  it('demo portal: owners, reason for cloud and spreadsheets', async () => {
    const userInfo = mockServices.userInfo({ ownershipEntityRefs: [ALICE] });

    const mismatches = await findMismatches(
      new DemoPortalPolicy(userInfo),
      sample => {
        if (!sample.owner) {
          return 'deny';
        }
        if (
          sample.format === 'encrypted-html' &&
          sample.destination === 'download'
        ) {
          return 'allow';
        }
        return reasonLength(sample) >= 10 ? 'allow' : 'needs-reason';
      },
    );

    expect(mismatches).toEqual([]);
  });

  it('demo portal: settings for portal admins only', async () => {
    const member = new DemoPortalPolicy(
      mockServices.userInfo({ ownershipEntityRefs: [ALICE, OWNER_GROUP] }),
    );
    const admin = new DemoPortalPolicy(
      mockServices.userInfo({
        ownershipEntityRefs: [ALICE, 'group:default/portal-admins'],
      }),
    );
    const user = {
      credentials: mockCredentials.user(ALICE),
      info: { userEntityRef: ALICE, ownershipEntityRefs: [ALICE] },
    };

    for (const permission of [
      passwordExportSettingsReadPermission,
      passwordExportSettingsUpdatePermission,
    ]) {
      expect((await member.handle({ permission }, user)).result).toBe(
        AuthorizeResult.DENY,
      );
      expect((await admin.handle({ permission }, user)).result).toBe(
        AuthorizeResult.ALLOW,
      );
      expect((await admin.handle({ permission })).result).toBe(
        AuthorizeResult.DENY,
      );
    }
  });

  it('encrypted downloads only: owners, no cloud at all', async () => {
    const mismatches = await findMismatches(
      new EncryptedDownloadsOnlyPolicy(),
      sample =>
        sample.owner &&
        sample.format === 'encrypted-html' &&
        sample.destination === 'download'
          ? 'allow'
          : 'deny',
    );

    expect(mismatches).toEqual([]);
  });

  it('reason for everyone: 20 characters, never spreadsheets', async () => {
    const mismatches = await findMismatches(
      new ReasonForEveryonePolicy(),
      sample => {
        if (sample.format !== 'encrypted-html') {
          return 'deny';
        }
        return reasonLength(sample) >= 20 ? 'allow' : 'needs-reason';
      },
    );

    expect(mismatches).toEqual([]);
  });

  it('decides exports conditionally', async () => {
    for (const policy of [
      new DemoPortalPolicy(mockServices.userInfo()),
      new EncryptedDownloadsOnlyPolicy(),
      new ReasonForEveryonePolicy(),
    ]) {
      const decision = await exportDecision(policy);
      expect(decision.result).toBe(AuthorizeResult.CONDITIONAL);
    }
  });

  it('leaves other permissions to the rest of the policy', async () => {
    for (const policy of [
      new EncryptedDownloadsOnlyPolicy(),
      new ReasonForEveryonePolicy(),
    ]) {
      const decision = await policy.handle({
        permission: passwordExportAccountReadPermission,
      });
      expect(decision.result).toBe(AuthorizeResult.ALLOW);
    }
  });
});

describe('permissions guide', () => {
  const guide = readFileSync(
    resolve(__dirname, '../../../../../docs/permissions.md'),
    'utf8',
  );

  it.each([
    'demoPortalPolicy.ts',
    'encryptedDownloadsOnlyPolicy.ts',
    'reasonForEveryonePolicy.ts',
  ])('quotes %s as it is', fileName => {
    const source = readFileSync(resolve(__dirname, fileName), 'utf8').trim();

    expect(guide).toContain(`\`${fileName}\`:\n\n\`\`\`ts\n${source}\n\`\`\``);
  });
});
