import { mockApis } from '@backstage/frontend-test-utils';
import { Account } from '@internal/backstage-plugin-password-export-common';
import { http, HttpResponse } from 'msw';
import { PasswordExportClient } from '../api';

/** Base URL that the test discovery API returns for the plugin. */
export const TEST_BASE_URL = 'http://backstage.test/api/password-export';

/** An account of the fake backend, with its password. */
export interface StoredAccount extends Account {
  password: string;
}

/** Builds the standard Backstage error body that the backend sends. */
export function errorResponse(status: number, name: string, message: string) {
  return HttpResponse.json(
    { error: { name, message }, response: { statusCode: status } },
    { status },
  );
}

/** Creates the real client, pointed at the test base URL. */
export function createTestClient() {
  return new PasswordExportClient({
    discoveryApi: mockApis.discovery({ baseUrl: 'http://backstage.test' }),
    fetchApi: mockApis.fetch(),
  });
}

/**
 * Creates msw handlers that implement the accounts routes in memory, so that
 * component tests exercise the real client against HTTP.
 */
export function createAccountsHandlers(accounts: StoredAccount[]) {
  const accountsUrl = `${TEST_BASE_URL}/entities/:kind/:namespace/:name/accounts`;
  let nextId = 1;

  const publicFields = ({ password: _password, ...account }: StoredAccount) =>
    account;

  return [
    http.get(accountsUrl, () =>
      HttpResponse.json({ items: accounts.map(publicFields) }),
    ),
    http.post(accountsUrl, async ({ request, params }) => {
      const input = (await request.json()) as Omit<StoredAccount, 'id'>;
      const account: StoredAccount = {
        ...input,
        id: `new-${nextId++}`,
        entityRef: `${params.kind}:${params.namespace}/${params.name}`,
        updatedAt: '2026-02-01T10:00:00.000Z',
      };
      accounts.push(account);
      return HttpResponse.json(publicFields(account), { status: 201 });
    }),
    http.put(`${accountsUrl}/:id`, async ({ request, params }) => {
      const index = accounts.findIndex(a => a.id === params.id);
      const input = (await request.json()) as Partial<StoredAccount>;
      accounts[index] = {
        ...accounts[index],
        ...input,
        password: input.password ?? accounts[index].password,
      };
      return HttpResponse.json(publicFields(accounts[index]));
    }),
    http.delete(`${accountsUrl}/:id`, ({ params }) => {
      const index = accounts.findIndex(a => a.id === params.id);
      accounts.splice(index, 1);
      return new HttpResponse(null, { status: 204 });
    }),
    http.get(`${accountsUrl}/:id/password`, ({ params }) => {
      const account = accounts.find(a => a.id === params.id);
      if (!account) {
        return errorResponse(404, 'NotFoundError', 'Account not found');
      }
      return HttpResponse.json({ password: account.password });
    }),
  ];
}
