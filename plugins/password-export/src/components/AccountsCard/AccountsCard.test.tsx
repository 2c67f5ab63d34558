/* eslint-disable no-script-url -- the tests feed javascript: URLs on purpose */
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { setupServer } from 'msw/node';
import {
  mockApis,
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { http } from 'msw';
import { passwordExportApiRef } from '../../api';
import {
  createAccountsHandlers,
  createTestClient,
  errorResponse,
  StoredAccount,
  TEST_BASE_URL,
} from '../../__testUtils__/fakePasswordExportBackend';
import { AccountsCard } from './AccountsCard';
import { PASSWORD_MASK } from './AccountPasswordCell';

// Rendering a whole test app with dialogs takes seconds on a busy machine.
jest.setTimeout(30_000);

// Permission decisions are cached per resource for the whole test file, so
// each test uses an entity of its own.
let entityCount = 0;
let entityRef: string;

function makeAccounts(): StoredAccount[] {
  return [
    {
      id: 'a1',
      entityRef,
      name: 'Admin console',
      username: 'root',
      password: 'hunter2-<b>bold</b>',
      url: 'https://db.example.com/admin',
      notes: 'Rotated monthly',
      updatedAt: '2026-01-15T08:30:00.000Z',
    },
    {
      id: 'a2',
      entityRef,
      name: 'Legacy link',
      username: 'svc',
      password: 'pw2',
      url: 'javascript:alert(1)',
      updatedAt: '2026-01-16T08:30:00.000Z',
    },
  ];
}

type Decision = AuthorizeResult.ALLOW | AuthorizeResult.DENY;

// Replaces the browser clipboard with an in-memory one; jsdom has none.
function installClipboard(initial = '') {
  let text = initial;
  const clipboard = {
    writeText: jest.fn(async (value: string) => {
      text = value;
    }),
    readText: jest.fn(async () => text),
    contents: () => text,
  };
  Object.defineProperty(navigator, 'clipboard', {
    value: clipboard,
    configurable: true,
  });
  return clipboard;
}

function permissionApi(read: Decision, update: Decision) {
  return mockApis.permission({
    authorize: request =>
      request.permission.name === 'password-export.account.read'
        ? read
        : update,
  });
}

describe('AccountsCard', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  let accounts: StoredAccount[];

  beforeEach(() => {
    entityCount += 1;
    entityRef = `resource:default/orders-db-${entityCount}`;
    accounts = makeAccounts();
    server.use(...createAccountsHandlers(accounts));
  });

  async function renderCard(
    options: { read?: Decision; update?: Decision } = {},
  ) {
    const alertApi = mockApis.alert();
    await renderInTestApp(<AccountsCard entityRef={entityRef} />, {
      apis: [
        [passwordExportApiRef, createTestClient()],
        permissionApi(
          options.read ?? AuthorizeResult.ALLOW,
          options.update ?? AuthorizeResult.ALLOW,
        ),
        alertApi,
      ],
    });
    return { alertApi };
  }

  function rowOf(name: string) {
    const cell = screen.getByText(name);
    return cell.closest('tr') as HTMLElement;
  }

  it('lists accounts with masked passwords', async () => {
    await renderCard();

    const table = await screen.findByRole('table', { name: 'Accounts' });
    expect(
      screen.getByRole('heading', { name: 'Accounts' }),
    ).toBeInTheDocument();
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);

    const admin = rowOf('Admin console');
    expect(within(admin).getByText('root')).toBeInTheDocument();
    expect(within(admin).getByText(PASSWORD_MASK)).toBeInTheDocument();
    expect(within(admin).getByText('Rotated monthly')).toBeInTheDocument();
    expect(within(admin).queryByText(/hunter2/)).not.toBeInTheDocument();
    expect(
      within(admin).getByRole('link', { name: 'https://db.example.com/admin' }),
    ).toHaveAttribute('href', 'https://db.example.com/admin');
    expect(within(admin).getByRole('link')).toHaveAttribute(
      'rel',
      'noopener noreferrer',
    );
  });

  it('renders a javascript: URL as text, not as a link', async () => {
    await renderCard();

    await screen.findByText('Legacy link');
    const row = rowOf('Legacy link');
    expect(within(row).getByText('javascript:alert(1)')).toBeInTheDocument();
    expect(within(row).queryByRole('link')).not.toBeInTheDocument();
  });

  it('reveals a password and hides it on a second click', async () => {
    const user = userEvent.setup();
    await renderCard();

    await screen.findByText('Admin console');
    const row = rowOf('Admin console');
    const reveal = within(row).getByRole('button', { name: 'Reveal password' });
    expect(reveal).toHaveAttribute('aria-pressed', 'false');

    await user.click(reveal);

    expect(
      await within(row).findByText('hunter2-<b>bold</b>'),
    ).toBeInTheDocument();
    expect(reveal).toHaveAttribute('aria-pressed', 'true');
    expect(within(row).queryByText(PASSWORD_MASK)).not.toBeInTheDocument();

    await user.click(reveal);

    expect(within(row).getByText(PASSWORD_MASK)).toBeInTheDocument();
    expect(within(row).queryByText(/hunter2/)).not.toBeInTheDocument();
  });

  it('hides a revealed password after 30 seconds', async () => {
    jest.useFakeTimers({ advanceTimers: true });
    try {
      const user = userEvent.setup({
        advanceTimers: jest.advanceTimersByTime,
      });
      await renderCard();

      await screen.findByText('Admin console');
      const row = rowOf('Admin console');
      await user.click(
        within(row).getByRole('button', { name: 'Reveal password' }),
      );
      await within(row).findByText('hunter2-<b>bold</b>');

      act(() => {
        jest.advanceTimersByTime(29_000);
      });
      expect(within(row).getByText('hunter2-<b>bold</b>')).toBeInTheDocument();

      act(() => {
        jest.advanceTimersByTime(1_500);
      });
      await waitFor(() =>
        expect(within(row).getByText(PASSWORD_MASK)).toBeInTheDocument(),
      );
      expect(within(row).queryByText(/hunter2/)).not.toBeInTheDocument();
    } finally {
      jest.useRealTimers();
    }
  });

  it('copies a password to the clipboard', async () => {
    const user = userEvent.setup();
    const clipboard = installClipboard();
    const { alertApi } = await renderCard();

    await screen.findByText('Admin console');
    await user.click(
      within(rowOf('Admin console')).getByRole('button', {
        name: 'Copy password',
      }),
    );

    await waitFor(() =>
      expect(clipboard.writeText).toHaveBeenCalledWith('hunter2-<b>bold</b>'),
    );
    expect(clipboard.contents()).toBe('hunter2-<b>bold</b>');
    expect(alertApi.getAlerts()).toEqual([
      expect.objectContaining({
        message: 'Copied the password of "Admin console" to the clipboard.',
        severity: 'success',
      }),
    ]);
    // The copied password is never shown.
    expect(screen.queryByText(/hunter2/)).not.toBeInTheDocument();
  });

  it('reports a failed reveal without showing a password', async () => {
    server.use(
      http.get(
        `${TEST_BASE_URL}/entities/:k/:ns/:n/accounts/:id/password`,
        () => errorResponse(403, 'NotAllowedError', 'Reveal is not allowed'),
      ),
    );
    const user = userEvent.setup();
    const { alertApi } = await renderCard();

    await screen.findByText('Admin console');
    const row = rowOf('Admin console');
    await user.click(
      within(row).getByRole('button', { name: 'Reveal password' }),
    );

    const alert = await alertApi.waitForAlert(a => a.severity === 'error');
    expect(alert.message).toBe(
      'Could not reveal the password of "Admin console": Reveal is not allowed',
    );
    expect(within(row).getByText(PASSWORD_MASK)).toBeInTheDocument();
  });

  it('adds an account through the form', async () => {
    const user = userEvent.setup();
    await renderCard();

    await user.click(
      await screen.findByRole('button', { name: 'Add account' }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Add account' });

    await user.click(within(dialog).getByLabelText(/^Name/));
    await user.paste('Backup user');
    await user.click(within(dialog).getByLabelText(/^Username/));
    await user.paste('backup');
    await user.click(within(dialog).getByLabelText(/^Password/));
    await user.paste('b@ckup!');
    await user.click(within(dialog).getByLabelText(/^URL/));
    await user.paste(' https://backup.example.com ');
    await user.click(within(dialog).getByRole('button', { name: 'Add' }));

    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(await screen.findByText('Backup user')).toBeInTheDocument();
    expect(accounts[2]).toEqual(
      expect.objectContaining({
        name: 'Backup user',
        username: 'backup',
        password: 'b@ckup!',
        url: 'https://backup.example.com',
      }),
    );
    expect(accounts[2]).not.toHaveProperty('notes');
  });

  it('shows a toggle that reveals the typed password', async () => {
    const user = userEvent.setup();
    await renderCard();

    await user.click(
      await screen.findByRole('button', { name: 'Add account' }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Add account' });
    const password = within(dialog).getByLabelText(/^Password/);

    expect(password).toHaveAttribute('type', 'password');
    await user.click(
      within(dialog).getByRole('button', { name: 'Show password' }),
    );
    expect(password).toHaveAttribute('type', 'text');
    await user.click(
      within(dialog).getByRole('button', { name: 'Hide password' }),
    );
    expect(password).toHaveAttribute('type', 'password');
  });

  it('validates the add form before sending it', async () => {
    const requests: string[] = [];
    server.events.on('request:start', ({ request }) => {
      requests.push(`${request.method} ${request.url}`);
    });
    const user = userEvent.setup();
    await renderCard();

    await user.click(
      await screen.findByRole('button', { name: 'Add account' }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Add account' });
    requests.length = 0;

    await user.click(within(dialog).getByLabelText(/^URL/));
    await user.paste('javascript:alert(1)');
    await user.click(within(dialog).getByRole('button', { name: 'Add' }));

    expect(within(dialog).getByText('Enter a name.')).toBeInTheDocument();
    expect(within(dialog).getByText('Enter a password.')).toBeInTheDocument();
    expect(
      within(dialog).getByText(
        'Enter a URL that starts with http:// or https://, or leave it empty.',
      ),
    ).toBeInTheDocument();
    expect(within(dialog).getByLabelText(/^URL/)).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    expect(requests).toEqual([]);

    await user.click(within(dialog).getByLabelText(/^Name/));
    await user.paste('x'.repeat(201));
    expect(
      within(dialog).getByText('The name must be at most 200 characters long.'),
    ).toBeInTheDocument();
    server.events.removeAllListeners();
  });

  it('shows the server message when saving fails', async () => {
    server.use(
      http.post(`${TEST_BASE_URL}/entities/:k/:ns/:n/accounts`, () =>
        errorResponse(409, 'ConflictError', 'An account named "a" exists'),
      ),
    );
    const user = userEvent.setup();
    await renderCard();

    await user.click(
      await screen.findByRole('button', { name: 'Add account' }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Add account' });
    await user.click(within(dialog).getByLabelText(/^Name/));
    await user.paste('a');
    await user.click(within(dialog).getByLabelText(/^Password/));
    await user.paste('pw');
    await user.click(within(dialog).getByRole('button', { name: 'Add' }));

    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'An account named "a" exists',
    );
    expect(within(dialog).getByLabelText(/^Name/)).toHaveValue('a');
  });

  it('edits an account and keeps the password when left empty', async () => {
    const user = userEvent.setup();
    await renderCard();

    await screen.findByText('Admin console');
    await user.click(
      within(rowOf('Admin console')).getByRole('button', { name: 'Edit' }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Edit account' });
    const name = within(dialog).getByLabelText(/^Name/);
    expect(name).toHaveValue('Admin console');

    await user.clear(name);
    await user.type(name, 'Admin UI');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));

    expect(await screen.findByText('Admin UI')).toBeInTheDocument();
    expect(accounts[0].name).toBe('Admin UI');
    expect(accounts[0].password).toBe('hunter2-<b>bold</b>');
  });

  it('deletes an account after confirmation', async () => {
    const user = userEvent.setup();
    await renderCard();

    await screen.findByText('Legacy link');
    await user.click(
      within(rowOf('Legacy link')).getByRole('button', { name: 'Delete' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Delete account?',
    });
    expect(dialog).toHaveTextContent('"Legacy link"');

    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(accounts).toHaveLength(2);

    await user.click(
      within(rowOf('Legacy link')).getByRole('button', { name: 'Delete' }),
    );
    await user.click(
      within(await screen.findByRole('dialog')).getByRole('button', {
        name: 'Delete',
      }),
    );

    await waitFor(() =>
      expect(screen.queryByText('Legacy link')).not.toBeInTheDocument(),
    );
    expect(accounts.map(a => a.id)).toEqual(['a1']);
  });

  it('hides editing controls without the update permission', async () => {
    await renderCard({ update: AuthorizeResult.DENY });

    await screen.findByText('Admin console');
    expect(
      screen.queryByRole('button', { name: 'Add account' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Edit' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Delete' }),
    ).not.toBeInTheDocument();
    expect(
      screen.getAllByRole('button', { name: 'Reveal password' }),
    ).toHaveLength(2);
  });

  it('shows a denial message without the read permission', async () => {
    const requests: string[] = [];
    server.events.on('request:start', ({ request }) => {
      requests.push(request.url);
    });
    await renderCard({ read: AuthorizeResult.DENY });

    expect(
      await screen.findByText(
        'You do not have permission to view accounts of this resource.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(requests.filter(url => url.includes('/accounts'))).toEqual([]);
    server.events.removeAllListeners();
  });

  it('shows an empty state', async () => {
    accounts.length = 0;
    await renderCard();

    expect(
      await screen.findByText('This resource has no accounts yet.'),
    ).toBeInTheDocument();
  });

  it('shows an error panel when listing fails', async () => {
    server.use(
      http.get(`${TEST_BASE_URL}/entities/:k/:ns/:n/accounts`, () =>
        errorResponse(500, 'Error', 'Database unavailable'),
      ),
    );
    await renderCard();

    expect(await screen.findByText(/Database unavailable/)).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('renders hostile values exactly as text', async () => {
    const hostile = {
      name: 'x</script><img src=x onerror=alert(1)>',
      username: '<!--<script>',
      notes: '🔐👩‍💻 emoji notes',
      rtl: 'מנהל מערכת',
    };
    accounts.length = 0;
    accounts.push(
      {
        id: 'h1',
        entityRef,
        name: hostile.name,
        username: hostile.username,
        password: '<script>alert(2)</script>',
        notes: hostile.notes,
        url: 'https://example.com/?q=<b>',
        updatedAt: '2026-01-15T08:30:00.000Z',
      },
      {
        id: 'h2',
        entityRef,
        name: hostile.rtl,
        username: 'admin',
        password: 'pw',
        updatedAt: '2026-01-15T08:30:00.000Z',
      },
    );
    const user = userEvent.setup();
    await renderCard();

    expect(await screen.findByText(hostile.name)).toBeInTheDocument();
    expect(screen.getByText(hostile.username)).toBeInTheDocument();
    expect(screen.getByText(hostile.notes)).toBeInTheDocument();
    expect(screen.getByText(hostile.rtl)).toBeInTheDocument();

    const row = rowOf(hostile.name);
    await user.click(
      within(row).getByRole('button', { name: 'Reveal password' }),
    );
    expect(
      await within(row).findByText('<script>alert(2)</script>'),
    ).toBeInTheDocument();

    expect(document.querySelector('img')).toBeNull();
    expect(document.querySelector('tbody script')).toBeNull();
    expect(document.querySelector('tbody b')).toBeNull();
  });
});
