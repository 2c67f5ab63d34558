/**
 * Options of {@link submitFakeBoxConsent}.
 *
 * @public
 */
export interface FakeBoxConsentOptions {
  /** Button to press. Default `allow`. */
  decision?: 'allow' | 'deny';
  /** User to sign in as; default the user the page preselects. */
  userId?: string;
}

/**
 * Outcome of {@link submitFakeBoxConsent}: where the fake Box redirects the
 * browser, or the error page it shows.
 *
 * @public
 */
export type FakeBoxConsentResult =
  | { redirectedTo: URL }
  | { status: number; error: string };

function decodeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

function readErrorPage(status: number, html: string): FakeBoxConsentResult {
  const error = /data-error="([^"]*)"/.exec(html)?.[1] ?? 'unknown';
  return { status, error: decodeHtml(error) };
}

/**
 * Opens a fake Box consent page and presses Allow or Deny, as a browser
 * would: reads the form of the page and submits its fields.
 *
 * @param authorizationUrl - The authorization URL a provider returned.
 * @public
 */
export async function submitFakeBoxConsent(
  authorizationUrl: string,
  options: FakeBoxConsentOptions = {},
): Promise<FakeBoxConsentResult> {
  const page = await fetch(authorizationUrl, { redirect: 'manual' });
  const location = page.headers.get('location');
  if (location) {
    return { redirectedTo: new URL(location) };
  }
  const html = await page.text();
  if (page.status !== 200) {
    return readErrorPage(page.status, html);
  }

  const form = new URLSearchParams();
  for (const match of html.matchAll(
    /<input type="hidden" name="([^"]+)" value="([^"]*)">/g,
  )) {
    form.set(match[1], decodeHtml(match[2]));
  }
  const preselected = /<option value="([^"]*)">/.exec(html)?.[1];
  form.set('user_id', options.userId ?? decodeHtml(preselected ?? ''));
  form.set('decision', options.decision ?? 'allow');

  const action = new URL('/oauth2/authorize', authorizationUrl);
  const decision = await fetch(action, {
    method: 'POST',
    body: form,
    redirect: 'manual',
  });
  const target = decision.headers.get('location');
  if (!target) {
    return readErrorPage(decision.status, await decision.text());
  }
  return { redirectedTo: new URL(target) };
}
