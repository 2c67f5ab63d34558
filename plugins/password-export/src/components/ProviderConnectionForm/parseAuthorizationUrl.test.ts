/* eslint-disable no-script-url -- javascript: URLs are hostile input under test */
import { parseAuthorizationUrl } from './parseAuthorizationUrl';

describe('parseAuthorizationUrl', () => {
  it('accepts an https URL', () => {
    const url = parseAuthorizationUrl(
      'https://www.dropbox.com/oauth2/authorize?state=s1',
      'Dropbox',
    );

    expect(url.href).toBe('https://www.dropbox.com/oauth2/authorize?state=s1');
  });

  it.each([
    'http://localhost:7010/authorize',
    'http://127.0.0.1:7010/authorize',
    'http://[::1]:7010/authorize',
  ])('accepts http on loopback host %s', authorizationUrl => {
    expect(parseAuthorizationUrl(authorizationUrl, 'Box').href).toBe(
      authorizationUrl,
    );
  });

  it.each([
    ['javascript:alert(document.domain)', 'javascript:'],
    ['data:text/html,<script>alert(1)</script>', 'data:'],
    ['http://account.box.com/api/oauth2/authorize', 'http:'],
    ['file:///etc/passwd', 'file:'],
  ])('rejects %s', (authorizationUrl, protocol) => {
    expect(() => parseAuthorizationUrl(authorizationUrl, 'Box')).toThrow(
      `The authorization URL for Box uses ${protocol} instead of https:. Ask a portal admin to check the provider's settings.`,
    );
  });

  it('rejects a relative URL', () => {
    expect(() => parseAuthorizationUrl('/oauth2/authorize', 'Box')).toThrow(
      'The authorization URL for Box is not a valid URL.',
    );
  });
});
