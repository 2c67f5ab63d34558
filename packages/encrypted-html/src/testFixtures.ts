import { ExportPayload } from './types';

/** Strings that break naive HTML, CSV, spreadsheet or bidi handling. */
export const HOSTILE_VALUES = [
  'x</script><img src=x onerror=alert(1)>',
  '<img src=x onerror="window.__pwned=true"><b>bold</b>',
  'a\u2028b\u2029c',
  '<!--<script>',
  '"quoted", comma',
  '=HYPERLINK("http://example.invalid","x")',
  '-2+3',
  '@SUM(A1)',
  'emoji \u{1F511}\u{1F468}\u200D\u{1F4BB}',
  '\u05E1\u05D9\u05E1\u05DE\u05D4 \u0643\u0644\u0645\u0629 \u0627\u0644\u0633\u0631',
];

/** A small payload with one resource and two accounts. */
export function samplePayload(): ExportPayload {
  return {
    metadata: {
      exportedBy: 'user:default/jane.doe',
      exportedAt: '2026-12-01T10:00:00.000Z',
      validAsOf: '2026-12-01T09:59:58.000Z',
      portal: 'Example portal',
      staleAfterDays: 30,
    },
    resources: [
      {
        entityRef: 'resource:default/orders-db',
        title: 'Orders database',
        accounts: [
          {
            name: 'Admin',
            username: 'postgres',
            password: 'S3cret!pass',
            url: 'postgres://orders.example.invalid:5432',
            notes: 'Rotate quarterly',
            updatedAt: '2026-11-30T08:00:00.000Z',
          },
          { name: 'Reader', username: 'reader', password: 'r34d-only' },
        ],
      },
    ],
  };
}

/** A payload that puts every hostile value into every text field. */
export function hostilePayload(): ExportPayload {
  return {
    metadata: {
      exportedBy: HOSTILE_VALUES.join(' | '),
      exportedAt: '2026-12-01T10:00:00.000Z',
      validAsOf: '2026-12-01T10:00:00.000Z',
      portal: HOSTILE_VALUES[0],
    },
    resources: HOSTILE_VALUES.map((value, i) => ({
      entityRef: `resource:default/hostile-${i}`,
      title: value,
      accounts: [
        {
          name: value,
          username: value,
          password: value,
          url: value,
          notes: value,
        },
      ],
    })),
  };
}

/** A payload with `count` generated accounts spread over resources of 100. */
export function largePayload(count: number): ExportPayload {
  const resources: ExportPayload['resources'] = [];
  for (let i = 0; i < count; i++) {
    const resourceIndex = Math.floor(i / 100);
    if (!resources[resourceIndex]) {
      resources[resourceIndex] = {
        entityRef: `resource:default/server-${resourceIndex}`,
        title: `Server ${resourceIndex}`,
        accounts: [],
      };
    }
    resources[resourceIndex].accounts.push({
      name: `Account ${i}`,
      username: `user${i}`,
      password: `pw-${i}-${(i * 2654435761) % 4294967296}`,
      url: `https://host-${resourceIndex}.example.invalid/login`,
      notes: `Generated account number ${i}`,
      updatedAt: '2026-11-30T08:00:00.000Z',
    });
  }
  return {
    metadata: {
      exportedBy: 'user:default/bench',
      exportedAt: '2026-12-01T10:00:00.000Z',
      validAsOf: '2026-12-01T10:00:00.000Z',
      portal: 'Benchmark portal',
    },
    resources,
  };
}
