/* eslint-disable no-script-url -- javascript: URLs are hostile input under test */
import { TestDatabases, mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  isPermission,
} from '@backstage/plugin-permission-common';
import {
  passwordExportAccountReadPermission,
  passwordExportAccountUpdatePermission,
  passwordExportCreatePermission,
} from '@internal/backstage-plugin-password-export-common';
import {
  createPasswordExportConditionalDecision,
  passwordExportConditions,
} from '@internal/backstage-plugin-password-export-node';
import { decryptExport } from '@internal/encrypted-html';
import ExcelJS from 'exceljs';
import { Knex } from 'knex';
import { createHash } from 'node:crypto';
import request from 'supertest';
import { HOSTILE_VALUES } from '../__testUtils__/hostileValues';
import { restoreCell } from '../export/neutralizeCell';
import { SPREADSHEET_HEADER } from '../export/toSpreadsheetRows';
import { parseCsv } from '../__testUtils__/parseCsv';
import {
  TestPolicy,
  allowAll,
  captureConsole,
  dumpDatabase,
  startPasswordExportBackend,
} from '../__testUtils__/startPasswordExportBackend';

jest.setTimeout(120_000);

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const PASSPHRASE = 'correct horse battery staple';
const BASE = '/api/password-export';
const ORDERS = `${BASE}/entities/resource/default/orders-db`;

interface SeededAccount {
  id: string;
  name: string;
  username: string;
  password: string;
  url?: string;
  notes?: string;
  updatedAt: string;
}

function hostileAccount(value: string, index: number) {
  return {
    name: `Account ${index} ${value}`.trim(),
    username: value,
    password: value === '' ? 'p' : value,
    url: `https://example.com/login?q=${encodeURIComponent(value)}`,
    notes: value,
  };
}

describe('password export router', () => {
  const databases = TestDatabases.create({ ids: ['POSTGRES_15', 'SQLITE_3'] });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let knex: Knex;
    let server: any;
    let stopBackend: () => Promise<void>;
    const policy: { current: TestPolicy } = { current: allowAll };
    let consoleCapture: ReturnType<typeof captureConsole>;

    beforeAll(async () => {
      consoleCapture = captureConsole();
      knex = await databases.init(databaseId);
      const backend = await startPasswordExportBackend({
        knex,
        policy,
        ownershipEntityRefs: { [BOB]: [BOB, 'group:default/payments'] },
      });
      server = backend.server;
      stopBackend = () => backend.stop();
    });

    afterAll(async () => {
      await stopBackend?.();
      consoleCapture.restore();
    });

    beforeEach(async () => {
      policy.current = allowAll;
      await knex('accounts').delete();
      await knex('export_history').delete();
    });

    function as(user: string) {
      return mockCredentials.user.header(user);
    }

    async function seedAccounts(
      path: string,
      inputs: ReturnType<typeof hostileAccount>[],
    ): Promise<SeededAccount[]> {
      const seeded: SeededAccount[] = [];
      for (const input of inputs) {
        const response = await request(server)
          .post(`${path}/accounts`)
          .set('Authorization', as(ALICE))
          .send(input);
        expect(response.status).toBe(201);
        const { id, updatedAt } = response.body;
        seeded.push({
          id,
          updatedAt,
          name: input.name,
          username: input.username,
          password: input.password,
          url: input.url,
          notes: input.notes === '' ? undefined : input.notes,
        });
      }
      return seeded;
    }

    describe('accounts API', () => {
      it('creates, lists, reveals, updates and deletes', async () => {
        const created = await request(server)
          .post(`${ORDERS}/accounts`)
          .set('Authorization', as(ALICE))
          .send({
            name: 'Admin',
            username: 'admin',
            password: 's3cret-Pa55',
            url: 'https://db.example.com',
            notes: 'rotate monthly',
          });
        expect(created.status).toBe(201);
        expect(created.body).toEqual({
          id: expect.any(String),
          entityRef: 'resource:default/orders-db',
          name: 'Admin',
          username: 'admin',
          url: 'https://db.example.com',
          notes: 'rotate monthly',
          updatedAt: expect.any(String),
        });
        const id = created.body.id;

        const list = await request(server)
          .get(`${ORDERS}/accounts`)
          .set('Authorization', as(ALICE));
        expect(list.status).toBe(200);
        expect(list.body).toEqual({ items: [created.body] });
        expect(JSON.stringify(list.body)).not.toContain('s3cret-Pa55');

        const revealed = await request(server)
          .get(`${ORDERS}/accounts/${id}/password`)
          .set('Authorization', as(ALICE));
        expect(revealed.status).toBe(200);
        expect(revealed.body).toEqual({ password: 's3cret-Pa55' });
        expect(revealed.headers['cache-control']).toBe('no-store');

        const updated = await request(server)
          .put(`${ORDERS}/accounts/${id}`)
          .set('Authorization', as(ALICE))
          .send({ name: 'Admin (primary)', username: 'admin' });
        expect(updated.status).toBe(200);
        expect(updated.body.name).toBe('Admin (primary)');
        expect(updated.body.url).toBeUndefined();
        const keptPassword = await request(server)
          .get(`${ORDERS}/accounts/${id}/password`)
          .set('Authorization', as(ALICE));
        expect(keptPassword.body).toEqual({ password: 's3cret-Pa55' });

        await request(server)
          .put(`${ORDERS}/accounts/${id}`)
          .set('Authorization', as(ALICE))
          .send({ name: 'Admin', username: 'admin', password: 'n3w' })
          .expect(200);
        const changed = await request(server)
          .get(`${ORDERS}/accounts/${id}/password`)
          .set('Authorization', as(ALICE));
        expect(changed.body).toEqual({ password: 'n3w' });

        await request(server)
          .delete(`${ORDERS}/accounts/${id}`)
          .set('Authorization', as(ALICE))
          .expect(204);
        const afterDelete = await request(server)
          .get(`${ORDERS}/accounts/${id}/password`)
          .set('Authorization', as(ALICE));
        expect(afterDelete.status).toBe(404);
        expect(afterDelete.body.error.message).toBe(
          `Account ${id} of resource:default/orders-db not found`,
        );
      });

      it('records audit events for account changes', async () => {
        const created = await request(server)
          .post(`${ORDERS}/accounts`)
          .set('Authorization', as(ALICE))
          .send({ name: 'Audit', username: 'u', password: 'audit-secret-1' });
        await request(server)
          .get(`${ORDERS}/accounts/${created.body.id}/password`)
          .set('Authorization', as(ALICE))
          .expect(200);
        await request(server)
          .delete(`${ORDERS}/accounts/${created.body.id}`)
          .set('Authorization', as(ALICE))
          .expect(204);

        const logs = consoleCapture.text();
        expect(logs).toContain('password-export.account-create');
        expect(logs).toContain('password-export.account-reveal');
        expect(logs).toContain('password-export.account-delete');
        expect(logs).not.toContain('audit-secret-1');
      });

      it.each([
        ['missing name', { username: 'u', password: 'p' }, 'name is required'],
        [
          'blank name',
          { name: '  ', username: 'u', password: 'p' },
          'name must not be empty',
        ],
        [
          'long name',
          { name: 'x'.repeat(201), username: 'u', password: 'p' },
          'name must be at most 200 characters',
        ],
        [
          'long username',
          { name: 'n', username: 'u'.repeat(201), password: 'p' },
          'username must be at most 200 characters',
        ],
        [
          'missing password',
          { name: 'n', username: 'u' },
          'password is required',
        ],
        [
          'empty password',
          { name: 'n', username: 'u', password: '' },
          'password must not be empty',
        ],
        [
          'long password',
          { name: 'n', username: 'u', password: 'p'.repeat(4097) },
          'password must be at most 4096 characters',
        ],
        [
          'javascript: url',
          {
            name: 'n',
            username: 'u',
            password: 'p',
            url: 'javascript:alert(1)',
          },
          'url must be an http or https URL',
        ],
        [
          'ftp url',
          { name: 'n', username: 'u', password: 'p', url: 'ftp://host/x' },
          'url must be an http or https URL',
        ],
        [
          'long notes',
          {
            name: 'n',
            username: 'u',
            password: 'p',
            notes: 'n'.repeat(10_001),
          },
          'notes must be at most 10000 characters',
        ],
        [
          'unknown field',
          { name: 'n', username: 'u', password: 'p', owner: 'me' },
          'unknown field(s) owner',
        ],
        [
          'numeric username',
          { name: 'n', username: 42, password: 'p' },
          'username must be a string',
        ],
      ])('rejects %s', async (_label, body, message) => {
        const response = await request(server)
          .post(`${ORDERS}/accounts`)
          .set('Authorization', as(ALICE))
          .send(body);

        expect(response.status).toBe(400);
        expect(response.body.error.name).toBe('InputError');
        expect(response.body.error.message).toContain(message);
        expect(
          Number((await knex('accounts').count({ count: '*' }))[0].count),
        ).toBe(0);
      });

      it('keeps rejected passwords out of error messages', async () => {
        const response = await request(server)
          .post(`${ORDERS}/accounts`)
          .set('Authorization', as(ALICE))
          .send({ name: 'n', username: 'u', password: 'Leaky'.repeat(900) });

        expect(response.status).toBe(400);
        expect(JSON.stringify(response.body)).not.toContain('LeakyLeaky');
      });

      it('answers 404 for entities the catalog lacks', async () => {
        const response = await request(server)
          .get(`${BASE}/entities/resource/default/missing/accounts`)
          .set('Authorization', as(ALICE));

        expect(response.status).toBe(404);
        expect(response.body.error.message).toBe(
          'Entity resource:default/missing not found',
        );
      });

      it('rejects entities of other kinds', async () => {
        const response = await request(server)
          .get(`${BASE}/entities/component/default/web/accounts`)
          .set('Authorization', as(ALICE));

        expect(response.status).toBe(400);
        expect(response.body.error.message).toContain(
          'is not a Resource entity',
        );
      });

      it('answers 403 when reading is denied', async () => {
        policy.current = request_ =>
          isPermission(request_.permission, passwordExportAccountReadPermission)
            ? { result: AuthorizeResult.DENY }
            : { result: AuthorizeResult.ALLOW };

        const list = await request(server)
          .get(`${ORDERS}/accounts`)
          .set('Authorization', as(ALICE));

        expect(list.status).toBe(403);
        expect(list.body.error.name).toBe('NotAllowedError');
        expect(list.body.error.message).toBe(
          'You are not allowed to read the accounts of resource:default/orders-db (permission password-export.account.read)',
        );
      });

      it('answers 403 when updating is denied', async () => {
        policy.current = (request_, user) =>
          isPermission(
            request_.permission,
            passwordExportAccountUpdatePermission,
          ) &&
          (user?.credentials.principal as { userEntityRef?: string })
            ?.userEntityRef !== ALICE
            ? { result: AuthorizeResult.DENY }
            : { result: AuthorizeResult.ALLOW };

        const denied = await request(server)
          .post(`${ORDERS}/accounts`)
          .set('Authorization', as(BOB))
          .send({ name: 'n', username: 'u', password: 'p' });
        const allowed = await request(server)
          .post(`${ORDERS}/accounts`)
          .set('Authorization', as(ALICE))
          .send({ name: 'n', username: 'u', password: 'p' });

        expect(denied.status).toBe(403);
        expect(allowed.status).toBe(201);
      });
    });

    describe('export options', () => {
      it('returns the limits', async () => {
        const response = await request(server)
          .get(`${BASE}/export-options`)
          .set('Authorization', as(ALICE));

        expect(response.status).toBe(200);
        expect(response.body).toEqual({
          passphraseMinLength: 12,
          formats: ['encrypted-html', 'csv', 'xlsx'],
        });
      });
    });

    describe('exports', () => {
      async function exportFile(body: object, user = ALICE) {
        return request(server)
          .post(`${BASE}/exports`)
          .set('Authorization', as(user))
          .send(body)
          .buffer(true)
          .parse((res, callback) => {
            const chunks: Buffer[] = [];
            res.on('data', (chunk: Buffer) => chunks.push(chunk));
            res.on('end', () => callback(null, Buffer.concat(chunks)));
          });
      }

      it('exports encrypted HTML that decrypts to the accounts', async () => {
        const seeded = await seedAccounts(
          ORDERS,
          HOSTILE_VALUES.map(hostileAccount),
        );
        const cacheSeeded = await seedAccounts(
          `${BASE}/entities/resource/default/cache`,
          [hostileAccount('plain', 0)],
        );

        const response = await exportFile({
          entityRefs: ['resource:default/orders-db', 'Resource:default/cache'],
          format: 'encrypted-html',
          passphrase: PASSPHRASE,
          reason: '  on-site maintenance  ',
        });

        expect(response.status).toBe(200);
        expect(response.headers['content-type']).toBe(
          'text/html; charset=utf-8',
        );
        expect(response.headers['cache-control']).toBe('no-store');
        expect(response.headers['content-disposition']).toMatch(
          /^attachment; filename="passwords-2-resources-\d{8}-\d{4}\.html"; filename\*=UTF-8''passwords-2-resources-\d{8}-\d{4}\.html$/,
        );
        const body: Buffer = response.body;
        expect(response.headers['x-export-sha256']).toBe(
          createHash('sha256').update(body).digest('hex'),
        );
        expect(response.headers['x-export-id']).toMatch(/^[0-9a-f-]{36}$/);

        const payload = await decryptExport(body, PASSPHRASE);
        expect(payload.metadata.exportedBy).toBe(ALICE);
        expect(payload.metadata.staleAfterDays).toBe(30);
        expect(payload.resources.map(r => [r.entityRef, r.title])).toEqual([
          ['resource:default/orders-db', 'Orders database'],
          ['resource:default/cache', 'cache'],
        ]);
        const strip = ({ id: _id, ...rest }: SeededAccount) =>
          JSON.parse(JSON.stringify(rest));
        expect(payload.resources[0].accounts).toEqual(seeded.map(strip));
        expect(payload.resources[1].accounts).toEqual(cacheSeeded.map(strip));

        const html = body.toString('utf8');
        for (const value of ['onerror=alert(1)', '<!--<script>', 'HYPERLINK']) {
          expect(html).not.toContain(value);
        }

        const history = await knex('export_history').select();
        expect(history).toHaveLength(1);
        expect(history[0]).toMatchObject({
          id: response.headers['x-export-id'],
          user_entity_ref: ALICE,
          format: 'encrypted-html',
          destination: 'download',
          reason: 'on-site maintenance',
          sha256: response.headers['x-export-sha256'],
          outcome: 'succeeded',
        });
        expect(Number(history[0].account_count)).toBe(seeded.length + 1);
        expect(JSON.parse(history[0].entity_refs)).toEqual([
          'resource:default/orders-db',
          'resource:default/cache',
        ]);

        const logs = consoleCapture.text();
        expect(logs).toContain('password-export.password-export');
        expect(logs).toContain(response.headers['x-export-sha256']);
        expect(logs).not.toContain(PASSPHRASE);
        expect(await dumpDatabase(knex)).not.toContain(PASSPHRASE);
      });

      it('exports CSV cells that restore to the accounts', async () => {
        const seeded = await seedAccounts(
          ORDERS,
          HOSTILE_VALUES.map(hostileAccount),
        );

        const response = await exportFile({
          entityRefs: ['resource:default/orders-db'],
          format: 'csv',
        });

        expect(response.status).toBe(200);
        expect(response.headers['content-type']).toBe(
          'text/csv; charset=utf-8',
        );
        expect(response.headers['content-disposition']).toMatch(
          /filename="passwords-orders-db-\d{8}-\d{4}\.csv"/,
        );
        const body: Buffer = response.body;
        expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
        const rows = parseCsv(body.toString('utf8').slice(1));
        expect(rows[0]).toEqual(SPREADSHEET_HEADER);
        expect(rows).toHaveLength(seeded.length + 1);
        seeded.forEach((account, index) => {
          const cells = rows[index + 1];
          expect(cells.every(cell => !/^[=+\-@\t\r]/.test(cell))).toBe(true);
          expect(cells.map(restoreCell)).toEqual([
            'Orders database',
            'resource:default/orders-db',
            'built-in',
            account.name,
            account.username,
            account.password,
            account.url ?? '',
            account.notes ?? '',
            account.updatedAt,
          ]);
        });
      });

      it('exports XLSX cells that restore to the accounts', async () => {
        const seeded = await seedAccounts(
          ORDERS,
          HOSTILE_VALUES.map(hostileAccount),
        );

        const response = await exportFile({
          entityRefs: ['resource:default/orders-db'],
          format: 'xlsx',
        });

        expect(response.status).toBe(200);
        expect(response.headers['content-type']).toBe(
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        );
        const workbook = new ExcelJS.Workbook();
        await workbook.xlsx.load(response.body);
        const sheet = workbook.getWorksheet('Accounts')!;
        expect(sheet.rowCount).toBe(seeded.length + 1);
        seeded.forEach((account, index) => {
          const row = sheet.getRow(index + 2);
          const cells = SPREADSHEET_HEADER.map((_, column) => {
            const cell = row.getCell(column + 1);
            expect(cell.formula).toBeUndefined();
            return cell.value === null ? '' : String(cell.value);
          });
          expect(cells.map(restoreCell)).toEqual([
            'Orders database',
            'resource:default/orders-db',
            'built-in',
            account.name,
            account.username,
            account.password,
            account.url ?? '',
            account.notes ?? '',
            account.updatedAt,
          ]);
        });
      });

      it.each([
        [
          'no entity',
          { entityRefs: [], format: 'csv' },
          'entityRefs must contain at least one',
        ],
        [
          '51 entities',
          {
            entityRefs: Array.from({ length: 51 }, (_, i) => `resource:r${i}`),
            format: 'csv',
          },
          'entityRefs must contain at most 50',
        ],
        [
          'unknown format',
          { entityRefs: ['resource:a'], format: 'pdf' },
          'format must be one of',
        ],
        [
          'component entity',
          { entityRefs: ['component:default/web'], format: 'csv' },
          'entityRefs[0] "component:default/web" is not a Resource entity',
        ],
        [
          'invalid reference',
          { entityRefs: [':'], format: 'csv' },
          'entityRefs[0] ":" is not a valid entity reference',
        ],
        [
          'missing passphrase',
          { entityRefs: ['resource:orders-db'], format: 'encrypted-html' },
          'passphrase is required for format encrypted-html',
        ],
        [
          'short passphrase',
          {
            entityRefs: ['resource:orders-db'],
            format: 'encrypted-html',
            passphrase: 'short-pass',
          },
          'passphrase must be at least 12 characters',
        ],
        [
          'padded passphrase',
          {
            entityRefs: ['resource:orders-db'],
            format: 'encrypted-html',
            passphrase: ' padded passphrase ',
          },
          'passphrase must not start or end with whitespace',
        ],
        [
          'passphrase for csv',
          {
            entityRefs: ['resource:orders-db'],
            format: 'csv',
            passphrase: PASSPHRASE,
          },
          'passphrase must be left out for format csv',
        ],
        [
          'long reason',
          {
            entityRefs: ['resource:orders-db'],
            format: 'csv',
            reason: 'x'.repeat(1001),
          },
          'reason must be at most 1000 characters',
        ],
        [
          'reason with line break',
          {
            entityRefs: ['resource:orders-db'],
            format: 'csv',
            reason: 'line\nbreak',
          },
          'reason must not contain control characters',
        ],
        [
          'unknown field',
          { entityRefs: ['resource:orders-db'], format: 'csv', to: 's3' },
          'unknown field(s) to',
        ],
      ])('rejects %s', async (_label, body, message) => {
        const response = await exportFile(body);
        const error = JSON.parse(response.body.toString('utf8')).error;

        expect(response.status).toBe(400);
        expect(error.message).toContain(message);
        expect(error.message).not.toContain(PASSPHRASE);
      });

      it('answers 404 for a missing entity', async () => {
        const response = await exportFile({
          entityRefs: ['resource:default/orders-db', 'resource:default/gone'],
          format: 'csv',
        });

        expect(response.status).toBe(404);
        expect(JSON.parse(response.body.toString()).error.message).toBe(
          'Entity resource:default/gone not found',
        );
      });

      it('requires the reason a conditional policy asks for', async () => {
        await seedAccounts(ORDERS, [hostileAccount('x', 0)]);
        policy.current = request_ =>
          isPermission(request_.permission, passwordExportCreatePermission)
            ? createPasswordExportConditionalDecision(
                passwordExportCreatePermission,
                passwordExportConditions.hasReason({ minLength: 10 }),
              )
            : { result: AuthorizeResult.ALLOW };

        const missing = await exportFile({
          entityRefs: ['resource:default/orders-db'],
          format: 'csv',
        });
        const short = await exportFile({
          entityRefs: ['resource:default/orders-db'],
          format: 'csv',
          reason: 'audit',
        });
        const enough = await exportFile({
          entityRefs: ['resource:default/orders-db'],
          format: 'csv',
          reason: 'quarterly audit',
        });

        expect(missing.status).toBe(400);
        expect(JSON.parse(missing.body.toString()).error.message).toBe(
          'Reason is required to export the passwords of resource:default/orders-db: give at least 10 characters explaining why you need them',
        );
        expect(short.status).toBe(400);
        expect(enough.status).toBe(200);
        const outcomes = await knex('export_history')
          .select('outcome')
          .orderBy('created_at');
        expect(outcomes.map(row => row.outcome).sort()).toEqual([
          'denied',
          'denied',
          'succeeded',
        ]);
      });

      it('answers 403 when a condition other than the reason fails', async () => {
        policy.current = request_ =>
          isPermission(request_.permission, passwordExportCreatePermission)
            ? createPasswordExportConditionalDecision(
                passwordExportCreatePermission,
                {
                  allOf: [
                    passwordExportConditions.hasReason({ minLength: 5 }),
                    passwordExportConditions.isEntityOwner(),
                  ],
                },
              )
            : { result: AuthorizeResult.ALLOW };

        const notOwner = await exportFile({
          entityRefs: ['resource:default/orders-db'],
          format: 'csv',
          reason: 'client visit',
        });
        const groupOwner = await exportFile(
          {
            entityRefs: ['resource:default/orders-db'],
            format: 'csv',
            reason: 'client visit',
          },
          BOB,
        );
        const userOwner = await exportFile({
          entityRefs: ['resource:default/cache'],
          format: 'csv',
          reason: 'client visit',
        });

        expect(notOwner.status).toBe(403);
        expect(JSON.parse(notOwner.body.toString()).error.message).toBe(
          'You are not allowed to export the passwords of resource:default/orders-db as csv (permission password-export.export.create)',
        );
        expect(groupOwner.status).toBe(200);
        expect(userOwner.status).toBe(200);
      });

      it('answers 403 when the policy denies exports', async () => {
        policy.current = request_ =>
          isPermission(request_.permission, passwordExportCreatePermission)
            ? { result: AuthorizeResult.DENY }
            : { result: AuthorizeResult.ALLOW };

        const response = await exportFile({
          entityRefs: ['resource:default/orders-db'],
          format: 'encrypted-html',
          passphrase: PASSPHRASE,
        });

        expect(response.status).toBe(403);
        const history = await knex('export_history').select();
        expect(history).toHaveLength(1);
        expect(history[0].outcome).toBe('denied');
        expect(history[0].sha256).toBeNull();
      });

      describe('preflight', () => {
        const reasonForCloudAndSpreadsheets: TestPolicy = request_ =>
          isPermission(request_.permission, passwordExportCreatePermission)
            ? createPasswordExportConditionalDecision(
                passwordExportCreatePermission,
                {
                  allOf: [
                    passwordExportConditions.isEntityOwner(),
                    {
                      anyOf: [
                        passwordExportConditions.isFormat({
                          formats: ['encrypted-html'],
                        }),
                        passwordExportConditions.hasReason({ minLength: 10 }),
                      ],
                    },
                  ],
                },
              )
            : { result: AuthorizeResult.ALLOW };

        async function preflight(body: object, user = ALICE) {
          return request(server)
            .post(`${BASE}/exports/preflight`)
            .set('Authorization', as(user))
            .send(body);
        }

        it('allows without a reason under ALLOW', async () => {
          const response = await preflight({
            entityRefs: ['resource:default/orders-db'],
            format: 'csv',
          });

          expect(response.status).toBe(200);
          expect(response.body).toEqual({
            allowed: true,
            reason: { required: false },
          });
        });

        it('classifies conditional decisions per request', async () => {
          policy.current = reasonForCloudAndSpreadsheets;

          const ownerHtml = await preflight(
            {
              entityRefs: ['resource:default/orders-db'],
              format: 'encrypted-html',
            },
            BOB,
          );
          const ownerCsv = await preflight(
            { entityRefs: ['resource:default/orders-db'], format: 'csv' },
            BOB,
          );
          const notOwner = await preflight({
            entityRefs: [
              'resource:default/orders-db',
              'resource:default/cache',
            ],
            format: 'csv',
          });

          expect(ownerHtml.body).toEqual({
            allowed: true,
            reason: { required: false },
          });
          expect(ownerCsv.body).toEqual({
            allowed: true,
            reason: { required: true, minLength: 10 },
          });
          expect(notOwner.body).toEqual({
            allowed: false,
            reason: { required: true, minLength: 10 },
            denied: [
              {
                entityRef: 'resource:default/orders-db',
                message:
                  'You are not allowed to export the passwords of resource:default/orders-db as csv (permission password-export.export.create)',
              },
            ],
          });
        });

        it('returns the smallest reason length that passes', async () => {
          policy.current = request_ =>
            isPermission(request_.permission, passwordExportCreatePermission)
              ? createPasswordExportConditionalDecision(
                  passwordExportCreatePermission,
                  {
                    anyOf: [
                      {
                        allOf: [
                          passwordExportConditions.isEntityOwner(),
                          passwordExportConditions.hasReason({ minLength: 5 }),
                        ],
                      },
                      passwordExportConditions.hasReason({ minLength: 20 }),
                    ],
                  },
                )
              : { result: AuthorizeResult.ALLOW };
          const body = {
            entityRefs: ['resource:default/orders-db'],
            format: 'csv',
          };

          const owner = await preflight(body, BOB);
          const notOwner = await preflight(body, ALICE);

          expect(owner.body.reason).toEqual({ required: true, minLength: 5 });
          expect(notOwner.body.reason).toEqual({
            required: true,
            minLength: 20,
          });
        });

        it('reports denials of DENY and of reading', async () => {
          policy.current = request_ =>
            isPermission(request_.permission, passwordExportCreatePermission)
              ? { result: AuthorizeResult.DENY }
              : { result: AuthorizeResult.ALLOW };
          const denied = await preflight({
            entityRefs: ['resource:default/cache'],
            format: 'encrypted-html',
          });

          policy.current = request_ =>
            isPermission(
              request_.permission,
              passwordExportAccountReadPermission,
            )
              ? { result: AuthorizeResult.DENY }
              : { result: AuthorizeResult.ALLOW };
          const unreadable = await preflight({
            entityRefs: ['resource:default/cache'],
            format: 'encrypted-html',
          });

          expect(denied.body.allowed).toBe(false);
          expect(denied.body.denied).toEqual([
            {
              entityRef: 'resource:default/cache',
              message:
                'You are not allowed to export the passwords of resource:default/cache as encrypted-html (permission password-export.export.create)',
            },
          ]);
          expect(unreadable.body.allowed).toBe(false);
          expect(unreadable.body.denied[0].message).toContain(
            'password-export.account.read',
          );
        });

        it('validates like an export and records nothing', async () => {
          const withSecrets = await preflight({
            entityRefs: ['resource:default/orders-db'],
            format: 'encrypted-html',
            passphrase: PASSPHRASE,
            reason: 'audit',
          });
          const cloudCsv = await preflight({
            entityRefs: ['resource:default/orders-db'],
            format: 'csv',
            destination: 's3',
          });
          const missing = await preflight({
            entityRefs: ['resource:default/gone'],
            format: 'csv',
          });
          const asService = await request(server)
            .post(`${BASE}/exports/preflight`)
            .set('Authorization', mockCredentials.service.header())
            .send({ entityRefs: ['resource:default/cache'], format: 'csv' });

          expect(withSecrets.status).toBe(400);
          expect(withSecrets.body.error.message).toBe(
            'Invalid request: unknown field(s) passphrase, reason',
          );
          expect(withSecrets.body.error.message).not.toContain(PASSPHRASE);
          expect(cloudCsv.status).toBe(400);
          expect(missing.status).toBe(404);
          expect(asService.status).toBe(403);
          expect(await knex('export_history').select()).toEqual([]);
        });

        it('is decided again on submit', async () => {
          await seedAccounts(ORDERS, [hostileAccount('x', 0)]);
          const body = {
            entityRefs: ['resource:default/orders-db'],
            format: 'csv',
          };

          const allowedFirst = await preflight(body);
          policy.current = request_ =>
            isPermission(request_.permission, passwordExportCreatePermission)
              ? { result: AuthorizeResult.DENY }
              : { result: AuthorizeResult.ALLOW };
          const deniedOnSubmit = await exportFile(body);

          policy.current = allowAll;
          const noReasonFirst = await preflight(body);
          policy.current = reasonForCloudAndSpreadsheets;
          const reasonOnSubmit = await exportFile(body, BOB);

          expect(allowedFirst.body.allowed).toBe(true);
          expect(deniedOnSubmit.status).toBe(403);
          expect(noReasonFirst.body.reason).toEqual({ required: false });
          expect(reasonOnSubmit.status).toBe(400);
          expect(JSON.parse(reasonOnSubmit.body.toString()).error.message).toBe(
            'Reason is required to export the passwords of resource:default/orders-db: give at least 10 characters explaining why you need them',
          );
        });
      });

      it('checks the read permission of each entity', async () => {
        policy.current = request_ =>
          isPermission(request_.permission, passwordExportAccountReadPermission)
            ? { result: AuthorizeResult.DENY }
            : { result: AuthorizeResult.ALLOW };

        const response = await exportFile({
          entityRefs: ['resource:default/orders-db'],
          format: 'csv',
        });

        expect(response.status).toBe(403);
        expect(JSON.parse(response.body.toString()).error.message).toContain(
          'password-export.account.read',
        );
      });
    });
  });
});
