import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { escapeHtml, extractBlobText, renderHtml, VIEWER_CSP } from './html';
import {
  VIEWER_SCRIPT,
  VIEWER_SCRIPT_HASH,
  VIEWER_STYLE,
  VIEWER_STYLE_HASH,
} from './viewer/assets.generated';

const packageDir = path.resolve(__dirname, '..');

function sha256(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}

describe('renderHtml', () => {
  const html = renderHtml('RUhUTUwB');

  it('puts the CSP meta tag before any script or style', () => {
    const meta = html.indexOf('http-equiv="Content-Security-Policy"');
    expect(meta).toBeGreaterThan(0);
    expect(meta).toBeLessThan(html.indexOf('<style>'));
    expect(meta).toBeLessThan(html.indexOf('<script'));
    expect(VIEWER_CSP).toBe(
      `default-src 'none'; script-src '${VIEWER_SCRIPT_HASH}'; style-src '${VIEWER_STYLE_HASH}'; img-src data:; connect-src 'none'; form-action 'none'; base-uri 'none'`,
    );
  });

  it('pins the inline script and style by their hashes', () => {
    expect(html).toContain(`<script>${VIEWER_SCRIPT}</script>`);
    expect(html).toContain(`<style>${VIEWER_STYLE}</style>`);
    expect(VIEWER_SCRIPT_HASH).toBe(sha256(VIEWER_SCRIPT));
    expect(VIEWER_STYLE_HASH).toBe(sha256(VIEWER_STYLE));
  });

  it('contains no external reference', () => {
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:|\/\/)/i);
    expect(html).not.toMatch(/@import|url\(/i);
  });

  it('embeds the blob where readers find it', () => {
    expect(extractBlobText(html)).toBe('RUhUTUwB');
  });

  it('refuses a blob that is not base64 text', () => {
    expect(() => renderHtml('AAAA</script><script>alert(1)</script>')).toThrow(
      'embedded blob must be base64 text',
    );
  });

  it('escapes the title', () => {
    const page = renderHtml('', 'x</title><script>alert(1)</script>&"\'');
    expect(page).toContain(
      '<title>x&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&#39;</title>',
    );
  });
});

describe('escapeHtml', () => {
  it('escapes the five markup characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});

describe('viewer assets', () => {
  it('match their sources', () => {
    // Fails when viewer.js, viewer.css or viewer.html changed without
    // running `node scripts/build-viewer.js`.
    const result = execFileSync(
      process.execPath,
      [path.join(packageDir, 'scripts/build-viewer.js'), '--check'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    expect(result).toBe('');
    const generated = fs.readFileSync(
      path.join(packageDir, 'src/viewer/assets.generated.ts'),
      'utf8',
    );
    expect(generated).toContain(VIEWER_SCRIPT_HASH);
  });
});
