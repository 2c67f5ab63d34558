import { createHash } from 'node:crypto';
import { OAuthCallbackMessage } from '@internal/backstage-plugin-password-export-common';

/**
 * Script of the callback page. It is static, so that the page's CSP can allow
 * exactly this script by its hash; the outcome travels in a JSON data block.
 */
const SCRIPT = `(function () {
  var data = document.getElementById('oauth-result');
  var result = JSON.parse(data.textContent);
  if (result.targetOrigin && window.opener && !window.opener.closed) {
    window.opener.postMessage(result.message, result.targetOrigin);
    window.close();
  }
})();`;

const STYLE = `body{font-family:system-ui,sans-serif;margin:2rem;color:#1f1f1f}
main{max-width:36rem}h1{font-size:1.4rem}.failed{color:#b00020}`;

function sha256Source(text: string): string {
  return `'sha256-${createHash('sha256')
    .update(text, 'utf8')
    .digest('base64')}'`;
}

/** Content-Security-Policy of the page: its own script and style, nothing else. */
export const OAUTH_CALLBACK_PAGE_CSP = [
  "default-src 'none'",
  `script-src ${sha256Source(SCRIPT)}`,
  `style-src ${sha256Source(STYLE)}`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Encodes JSON for a script data block: `<` is escaped so that no value can
 * end the block, and U+2028/U+2029 for old parsers.
 */
function toScriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * Renders the page that the OAuth callback returns. The page shows the
 * outcome, posts it to the portal window that opened the popup (only to the
 * portal's origin) and closes.
 */
export function renderOAuthCallbackPage(
  message: OAuthCallbackMessage,
  targetOrigin: string | undefined,
): string {
  const heading = message.ok ? 'Connected' : 'Connection failed';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(heading)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1${message.ok ? '' : ' class="failed"'}>${escapeHtml(heading)}</h1>
<p role="status">${escapeHtml(message.message)}</p>
<p>You can close this window and return to the portal.</p>
</main>
<script type="application/json" id="oauth-result">${toScriptJson({
    message,
    targetOrigin: targetOrigin ?? null,
  })}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
