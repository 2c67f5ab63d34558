import { escapeHtml, renderCodePage, renderConsentPage } from './consentPage';
import {
  defaultFakeDropboxAccount,
  defaultFakeDropboxApp,
} from './FakeDropboxState';

describe('consent pages', () => {
  it('escapes the five HTML special characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('escapes app names and parameters', () => {
    const html = renderConsentPage(
      { ...defaultFakeDropboxApp, name: '<b>App</b>' },
      defaultFakeDropboxAccount,
      new URLSearchParams({ state: '"><img src=x>' }),
    );

    expect(html).not.toContain('<b>App</b>');
    expect(html).not.toContain('<img');
    expect(html).toContain(
      '<input type="hidden" name="state" value="&quot;&gt;&lt;img src=x&gt;">',
    );
  });

  it('shows the code in a labelled field and as text', () => {
    const html = renderCodePage(defaultFakeDropboxApp, 'abc_DEF-123');

    expect(html).toContain(
      '<label for="authorization-code">Authorization code</label>',
    );
    expect(html).toContain('value="abc_DEF-123"');
    expect(html).toContain(
      '<code id="authorization-code-text">abc_DEF-123</code>',
    );
  });
});
