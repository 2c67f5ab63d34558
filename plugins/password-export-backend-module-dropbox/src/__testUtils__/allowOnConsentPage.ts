function decodeHtml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/**
 * Opens a consent page of the fake Dropbox server and submits its form with
 * the given decision, as a user clicking "Allow" or "Deny" would. Returns
 * the status and HTML of the server's response.
 */
export async function submitConsent(
  authorizationUrl: string,
  decision: 'allow' | 'deny',
): Promise<{ status: number; html: string }> {
  const page = await fetch(authorizationUrl);
  const html = await page.text();
  if (page.status !== 200) {
    throw new Error(`Consent page failed with HTTP ${page.status}: ${html}`);
  }

  const form = new URLSearchParams();
  const hiddenInput = /<input type="hidden" name="([^"]*)" value="([^"]*)">/g;
  for (const [, name, value] of html.matchAll(hiddenInput)) {
    form.append(decodeHtml(name), decodeHtml(value));
  }
  form.append('decision', decision);

  const action = new URL('/oauth2/authorize', authorizationUrl);
  const answer = await fetch(action, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    redirect: 'manual',
  });
  return { status: answer.status, html: await answer.text() };
}

/**
 * Allows access on a consent page of the fake Dropbox server and returns
 * the authorization code that the page shows, read from the field labelled
 * "Authorization code".
 */
export async function allowOnConsentPage(
  authorizationUrl: string,
): Promise<string> {
  const { html } = await submitConsent(authorizationUrl, 'allow');
  const match =
    /<label for="authorization-code">Authorization code<\/label>\s*<input id="authorization-code"[^>]* value="([^"]*)">/.exec(
      html,
    );
  if (!match) {
    throw new Error(`No authorization code on the page: ${html}`);
  }
  return decodeHtml(match[1]);
}
