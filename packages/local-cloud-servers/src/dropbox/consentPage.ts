import { FakeDropboxAccount, FakeDropboxApp } from './types';

/** Content-Security-Policy of every page: inline style only, no scripts. */
export const pageSecurityHeaders = {
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
};

const style = `
  body { font-family: system-ui, sans-serif; max-width: 32rem; margin: 3rem auto; padding: 0 1rem; }
  .banner { background: #fff4ce; padding: .5rem; border-radius: 4px; font-size: .9rem; }
  button { font-size: 1rem; padding: .5rem 1.5rem; margin-right: .5rem; }
  input { font-family: monospace; font-size: 1rem; width: 100%; padding: .5rem; }
  code { font-size: 1.1rem; word-break: break-all; }
`;

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function renderPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body>
<p class="banner">Local Dropbox test server. Nothing here reaches Dropbox.</p>
${body}
</body>
</html>
`;
}

/**
 * Renders the consent page: the app, the signed-in account, and a form
 * that posts the authorization parameters back with an Allow or Deny
 * decision.
 */
export function renderConsentPage(
  app: FakeDropboxApp,
  account: FakeDropboxAccount,
  parameters: URLSearchParams,
): string {
  const hiddenFields = [...parameters.entries()]
    .map(
      ([name, value]) =>
        `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(
          value,
        )}">`,
    )
    .join('\n');

  return renderPage(
    `Allow ${app.name} access to Dropbox?`,
    `<h1>${escapeHtml(app.name)} would like access to its own folder</h1>
<p>Signed in as ${escapeHtml(account.givenName)} ${escapeHtml(
      account.surname,
    )} (${escapeHtml(account.email)}).</p>
<p>The app will be able to read and write files in the folder
<strong>Apps/${escapeHtml(app.name)}</strong> of your Dropbox, and to see
your name and email address.</p>
<form method="post" action="/oauth2/authorize">
${hiddenFields}
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny">Deny</button>
</form>`,
  );
}

/** Renders the page that shows the authorization code to copy. */
export function renderCodePage(app: FakeDropboxApp, code: string): string {
  return renderPage(
    'Authorization code',
    `<h1>Access granted</h1>
<p>Enter this code into ${escapeHtml(app.name)} to finish connecting.</p>
<label for="authorization-code">Authorization code</label>
<input id="authorization-code" name="authorization-code" readonly value="${escapeHtml(
      code,
    )}">
<p><code id="authorization-code-text">${escapeHtml(code)}</code></p>`,
  );
}

/** Renders the page shown after the user denied access. */
export function renderDeniedPage(app: FakeDropboxApp): string {
  return renderPage(
    'Access denied',
    `<h1>Access denied</h1>
<p>You did not allow ${escapeHtml(
      app.name,
    )} to access your Dropbox. You can close this page.</p>`,
  );
}

/** Renders the page of an invalid authorization request. */
export function renderErrorPage(message: string): string {
  return renderPage(
    'Invalid authorization request',
    `<h1>Invalid authorization request</h1>
<p id="error">${escapeHtml(message)}</p>`,
  );
}
