import {
  VIEWER_BODY,
  VIEWER_SCRIPT,
  VIEWER_SCRIPT_HASH,
  VIEWER_STYLE,
  VIEWER_STYLE_HASH,
} from './viewer/assets.generated';

/** Start tag of the element that carries the base64 blob (FORMAT.md, "Embedding"). */
export const BLOB_START_TAG =
  '<script id="encrypted-export" type="application/octet-stream">';
const BLOB_END_TAG = '</script>';

/** Title of every file; fixed so the clear text reveals nothing about the content. */
const DEFAULT_TITLE = 'Encrypted password export';

/**
 * Content-Security-Policy of the viewer: nothing may load from the network;
 * only the viewer's own inline script and style run, pinned by SHA-256.
 */
export const VIEWER_CSP = [
  "default-src 'none'",
  `script-src '${VIEWER_SCRIPT_HASH}'`,
  `style-src '${VIEWER_STYLE_HASH}'`,
  'img-src data:',
  "connect-src 'none'",
  "form-action 'none'",
  "base-uri 'none'",
].join('; ');

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for an HTML text node or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, character => HTML_ESCAPES[character]);
}

const BASE64_TEXT = /^[A-Za-z0-9+/=]*$/;

/**
 * Renders the complete viewer page around a base64 blob.
 *
 * The blob sits in a `<script>` data block. Browsers neither run nor fetch a
 * script whose type is not JavaScript, so CSP does not need to allow it. The
 * base64 alphabet cannot close the element, so it needs no escaping.
 */
export function renderHtml(blobBase64: string, title = DEFAULT_TITLE): string {
  // Defence in depth: only base64 may ever stand inside the data block.
  if (!BASE64_TEXT.test(blobBase64)) {
    throw new TypeError('embedded blob must be base64 text');
  }

  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(
      VIEWER_CSP,
    )}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    '<meta name="robots" content="noindex, nofollow">',
    '<link rel="icon" href="data:,">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${VIEWER_STYLE}</style>`,
    '</head>',
    '<body>',
    VIEWER_BODY,
    `${BLOB_START_TAG}${blobBase64}${BLOB_END_TAG}`,
    `<script>${VIEWER_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/**
 * Returns the base64 text of the embedded blob. The result is `undefined`
 * when the page has no blob element, and `null` when it has several or an
 * unterminated one.
 */
export function extractBlobText(html: string): string | undefined | null {
  const start = html.indexOf(BLOB_START_TAG);
  if (start === -1) {
    return undefined;
  }
  if (html.indexOf(BLOB_START_TAG, start + 1) !== -1) {
    return null;
  }

  const textStart = start + BLOB_START_TAG.length;
  const end = html.indexOf(BLOB_END_TAG, textStart);
  if (end === -1) {
    return null;
  }
  return html.slice(textStart, end);
}
