import { createHash } from 'node:crypto';
import {
  OAUTH_CALLBACK_PAGE_CSP,
  renderOAuthCallbackPage,
} from './renderOAuthCallbackPage';

function hashOf(text: string): string {
  return `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
}

describe('renderOAuthCallbackPage', () => {
  const hostile = '</script><script>alert(1)</script>\u2028&"\'';

  it('escapes the message in the page text and in the data block', () => {
    const html = renderOAuthCallbackPage(
      { type: 'password-export:oauth-result', ok: false, message: hostile },
      'http://portal.test:3000',
    );

    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;alert(1)');
    const data = html.match(/id="oauth-result">([^<]*)<\/script>/)![1];
    expect(JSON.parse(data)).toEqual({
      message: {
        type: 'password-export:oauth-result',
        ok: false,
        message: hostile,
      },
      targetOrigin: 'http://portal.test:3000',
    });
  });

  it('allows exactly its own script and style by hash', () => {
    const html = renderOAuthCallbackPage(
      { type: 'password-export:oauth-result', ok: true, message: 'Connected' },
      undefined,
    );
    const script = html.match(/<script>([\s\S]*?)<\/script>/)![1];
    const style = html.match(/<style>([\s\S]*?)<\/style>/)![1];

    expect(OAUTH_CALLBACK_PAGE_CSP).toContain(`script-src ${hashOf(script)}`);
    expect(OAUTH_CALLBACK_PAGE_CSP).toContain(`style-src ${hashOf(style)}`);
    expect(OAUTH_CALLBACK_PAGE_CSP).toContain("default-src 'none'");
    expect(html).toContain('"targetOrigin":null');
  });
});
