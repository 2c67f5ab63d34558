import { CloudStorageError } from '@internal/backstage-plugin-password-export-node';
import {
  maxDropboxFileNameLength,
  normalizeDropboxFileName,
} from './normalizeDropboxFileName';

describe('normalizeDropboxFileName', () => {
  it('keeps names that the backend builds', () => {
    for (const name of [
      'passwords-orders-db.html',
      'passwords-orders-db-1a2b3c4d.html',
      'passwords-3-resources-0123456789ab.html',
    ]) {
      expect(normalizeDropboxFileName(name)).toBe(name);
    }
  });

  it.each([
    ['forward slashes', 'a/b/c.html', 'a_b_c.html'],
    ['path traversal', '../../etc/passwd.html', '.._.._etc_passwd.html'],
    ['backslashes', '..\\windows\\x.html', '.._windows_x.html'],
    [
      'Windows-reserved characters',
      'a<b>c:d"e|f?g*h.html',
      'a_b_c_d_e_f_g_h.html',
    ],
    [
      'NUL and other controls',
      'a\u0000b\u0007c\u001fd\u007fe.html',
      'a_b_c_d_e.html',
    ],
    ['C1 controls', 'a\u0085b\u009fc.html', 'a_b_c.html'],
    ['tabs and line breaks', 'a\tb\nc\rd.html', 'a_b_c_d.html'],
    ['line and paragraph separators', 'a\u2028b\u2029c.html', 'a_b_c.html'],
    ['no-break spaces', 'a\u00a0b.html', 'a_b.html'],
    ['bidirectional overrides', 'report\u202elmth.exe', 'report_lmth.exe'],
    ['zero-width characters', 'a\u200bb\u200dc\ufeffd.html', 'a_b_c_d.html'],
    ['emoji', 'keys 🔑.html', 'keys _.html'],
    ['emoji sequences', '👩‍💻.html', '___.html'],
    ['lone surrogates', 'a\ud800b.html', 'a_b.html'],
    ['private-use characters', 'a\ue000b.html', 'a_b.html'],
    ['trailing dots', 'name.html...', 'name.html'],
    ['trailing spaces', 'name.html   ', 'name.html'],
    ['trailing dots and spaces', 'name. . .', 'name'],
  ])('replaces %s', (_case, name, expected) => {
    expect(normalizeDropboxFileName(name)).toBe(expected);
  });

  it('keeps spaces inside and letters of other scripts', () => {
    expect(normalizeDropboxFileName('Пароли ÆØÅ 密码.html')).toBe(
      'Пароли ÆØÅ 密码.html',
    );
  });

  it('normalizes to NFC, so equal names map to one path', () => {
    const decomposed = 'caf\u0065\u0301.html';
    const composed = 'caf\u00e9.html';

    expect(normalizeDropboxFileName(decomposed)).toBe(composed);
    expect(normalizeDropboxFileName(composed)).toBe(composed);
  });

  it('shortens a long name before its extension', () => {
    const name = `${'a'.repeat(400)}.html`;

    const normalized = normalizeDropboxFileName(name);

    expect(normalized).toHaveLength(maxDropboxFileNameLength);
    expect(normalized).toBe(`${'a'.repeat(250)}.html`);
  });

  it('shortens a long name without extension', () => {
    expect(normalizeDropboxFileName('b'.repeat(300))).toBe('b'.repeat(255));
  });

  it('removes trailing dots and spaces left by shortening', () => {
    const name = `${'c'.repeat(248)}. . .${'d'.repeat(10)}.html`;

    const normalized = normalizeDropboxFileName(name);

    expect(normalized).toBe(`${'c'.repeat(248)}.html`);
  });

  it('counts an emoji as one replaced character', () => {
    const name = `${'😀'.repeat(300)}.html`;

    expect(normalizeDropboxFileName(name)).toBe(`${'_'.repeat(250)}.html`);
  });

  it('gives the same result when applied twice', () => {
    for (const name of [
      'a/b\\c.html ',
      `${'x'.repeat(300)}.html`,
      '😀 . .',
      'e\u0301\u202e.html',
    ]) {
      const once = normalizeDropboxFileName(name);
      expect(normalizeDropboxFileName(once)).toBe(once);
    }
  });

  it.each([[''], ['.'], ['..'], ['   '], [' . . ']])(
    'rejects %j, which has nothing left',
    name => {
      expect(() => normalizeDropboxFileName(name)).toThrow(CloudStorageError);
      expect(() => normalizeDropboxFileName(name)).toThrow(
        /is invalid for Dropbox: it has no characters left/,
      );
    },
  );
});
