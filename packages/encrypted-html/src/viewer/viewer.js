/* eslint-env browser */
/*
 * Viewer of an encrypted export: runs inline in the exported HTML file.
 *
 * Plain ES2020 with no imports and no network access. Decryption follows
 * FORMAT.md and must stay identical to the Node reader in src/. Decrypted
 * values reach the page only through textContent, never as markup.
 */
(function viewer() {
  'use strict';

  // Product defaults. A URL fragment may shorten them for tests, never
  // lengthen them: see readTimingOptions.
  const LOCK_AFTER_MS = 5 * 60 * 1000;
  const CLIPBOARD_CLEAR_MS = 30 * 1000;
  const MIN_TIMER_MS = 50;

  // FORMAT.md "Header" and "Payload".
  const MAGIC = [0x45, 0x48, 0x54, 0x4d, 0x4c];
  const FORMAT_VERSION = 1;
  const MIN_ITERATIONS = 100000;
  const MAX_ITERATIONS = 10000000;
  const HEADER_LENGTH = 98;
  const KEY_HEADER_LENGTH = 26;
  const TAG_LENGTH = 16;
  const MAX_PAYLOAD_BYTES = 256 * 1024 * 1024;
  const DEFAULT_STALE_AFTER_DAYS = 30;
  const DAY_MS = 24 * 60 * 60 * 1000;

  // Time spent building rows per animation frame. Input waits at most one
  // slice, so it is still handled well within 100 ms, while larger slices
  // cut the per-frame style and layout overhead on big exports.
  const RENDER_BUDGET_MS = 30;
  // The first slice is short, so the first rows appear as soon as possible.
  const FIRST_RENDER_BUDGET_MS = 8;
  const SEARCH_DEBOUNCE_MS = 120;

  const elements = {
    unsupported: byId('unsupported'),
    form: byId('unlock-form'),
    passphrase: byId('passphrase'),
    unlock: byId('unlock'),
    unlockStatus: byId('unlock-status'),
    unlockError: byId('unlock-error'),
    content: byId('content'),
    search: byId('search'),
    lock: byId('lock'),
    staleWarning: byId('stale-warning'),
    metadata: byId('metadata'),
    resultCount: byId('result-count'),
    accounts: byId('accounts'),
    clipboardStatus: byId('clipboard-status'),
    resourceTemplate: byId('resource-template'),
    accountTemplate: byId('account-template'),
  };

  const timing = readTimingOptions();

  // Decrypted state. lock() drops every reference so the garbage collector
  // can reclaim it; JavaScript offers no way to overwrite string memory.
  let session = undefined;
  let renderToken = 0;
  let lockTimer = undefined;
  let searchTimer = undefined;
  let clipboard = { text: undefined, timer: undefined, pending: false };

  function byId(id) {
    return document.getElementById(id);
  }

  /** Errors the unlock form reports as wrong passphrase or damaged file. */
  class DecryptionFailure extends Error {}

  class UnsupportedVersion extends Error {
    constructor(version) {
      super('unsupported version');
      this.version = version;
    }
  }

  function readTimingOptions() {
    const options = {
      lockAfterMs: LOCK_AFTER_MS,
      clipboardClearMs: CLIPBOARD_CLEAR_MS,
    };
    const fragment = new URLSearchParams(location.hash.slice(1));
    const shorter = (name, fallback) => {
      const value = Number(fragment.get(name));
      return Number.isFinite(value) && value >= MIN_TIMER_MS
        ? Math.min(value, fallback)
        : fallback;
    };
    options.lockAfterMs = shorter('lock-after-ms', LOCK_AFTER_MS);
    options.clipboardClearMs = shorter(
      'clipboard-clear-ms',
      CLIPBOARD_CLEAR_MS,
    );
    return options;
  }

  // ---------------------------------------------------------------------
  // Browser support
  // ---------------------------------------------------------------------

  /** Returns a message about a missing capability, or undefined. */
  function findMissingCapability() {
    if (!window.isSecureContext || !window.crypto || !window.crypto.subtle) {
      return (
        'This browser blocks the encryption functions this file needs, ' +
        'because the page was not opened from a secure location. Save the ' +
        'file to your device and open it from there, not through an http:// ' +
        'address.'
      );
    }
    const oldBrowser =
      'This browser is too old to decrypt this file. Open it in a current ' +
      'version of Firefox, Chrome, Edge or Safari.';
    if (
      typeof TextEncoder !== 'function' ||
      typeof TextDecoder !== 'function' ||
      typeof Blob !== 'function' ||
      typeof Blob.prototype.stream !== 'function' ||
      typeof DecompressionStream !== 'function'
    ) {
      return oldBrowser;
    }
    try {
      // Older engines have DecompressionStream without the raw format.
      if (!new DecompressionStream('deflate-raw').readable) {
        return oldBrowser;
      }
    } catch {
      return oldBrowser;
    }
    return undefined;
  }

  // ---------------------------------------------------------------------
  // Decryption (FORMAT.md)
  // ---------------------------------------------------------------------

  const BASE64_PATTERN =
    /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
  const BASE64_ALPHABET =
    'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

  /** Decodes canonical standard base64 (FORMAT.md "Conventions"). */
  function decodeBase64(text) {
    if (!BASE64_PATTERN.test(text)) {
      throw new DecryptionFailure();
    }

    // atob ignores padding bits; canonical encoding requires them to be 0.
    if (text.endsWith('==')) {
      if (BASE64_ALPHABET.indexOf(text[text.length - 3]) & 0x0f) {
        throw new DecryptionFailure();
      }
    } else if (text.endsWith('=')) {
      if (BASE64_ALPHABET.indexOf(text[text.length - 2]) & 0x03) {
        throw new DecryptionFailure();
      }
    }

    const binary = atob(text);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) {
      bytes[i] = binary.charCodeAt(i);
    }
    return bytes;
  }

  /** Splits the blob into header fields, enforcing FORMAT.md "Header". */
  function parseBlob(blob) {
    if (blob.length < MAGIC.length + 1) {
      throw new DecryptionFailure();
    }
    for (let i = 0; i < MAGIC.length; i++) {
      if (blob[i] !== MAGIC[i]) {
        throw new DecryptionFailure();
      }
    }
    if (blob[5] !== FORMAT_VERSION) {
      throw new UnsupportedVersion(blob[5]);
    }

    // FORMAT.md "Header": at least a full header and one GCM tag.
    if (blob.length < HEADER_LENGTH + TAG_LENGTH) {
      throw new DecryptionFailure();
    }

    // FORMAT.md "Key derivation": iteration count within the allowed range.
    const iterations = new DataView(blob.buffer, blob.byteOffset).getUint32(6);
    if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
      throw new DecryptionFailure();
    }

    return {
      iterations: iterations,
      keyHeader: blob.subarray(0, KEY_HEADER_LENGTH),
      header: blob.subarray(0, HEADER_LENGTH),
      salt: blob.subarray(10, 26),
      wrapIv: blob.subarray(26, 38),
      wrappedKey: blob.subarray(38, 86),
      contentIv: blob.subarray(86, 98),
      ciphertext: blob.subarray(HEADER_LENGTH),
    };
  }

  /** FORMAT.md "Passphrase": trim, NFC-normalize, encode as UTF-8. */
  function encodePassphrase(passphrase) {
    return new TextEncoder().encode(passphrase.trim().normalize('NFC'));
  }

  async function unwrapContentKey(parts, passphrase) {
    const subtle = window.crypto.subtle;
    const passphraseBytes = encodePassphrase(passphrase);

    // Non-extractable keys: neither the derived key nor the content key
    // can be read back by script, only used.
    const material = await subtle.importKey(
      'raw',
      passphraseBytes,
      'PBKDF2',
      false,
      ['deriveKey'],
    );
    passphraseBytes.fill(0);

    const wrappingKey = await subtle.deriveKey(
      {
        name: 'PBKDF2',
        hash: 'SHA-256',
        salt: parts.salt,
        iterations: parts.iterations,
      },
      material,
      { name: 'AES-GCM', length: 256 },
      false,
      ['unwrapKey'],
    );
    return subtle.unwrapKey(
      'raw',
      parts.wrappedKey,
      wrappingKey,
      {
        name: 'AES-GCM',
        iv: parts.wrapIv,
        additionalData: parts.keyHeader,
        tagLength: 128,
      },
      { name: 'AES-GCM', length: 256 },
      false,
      ['decrypt'],
    );
  }

  /** Inflates deflate-raw data, stopping at MAX_PAYLOAD_BYTES. */
  async function inflate(bytes) {
    const stream = new Blob([bytes])
      .stream()
      .pipeThrough(new DecompressionStream('deflate-raw'));
    const reader = stream.getReader();
    const chunks = [];
    let total = 0;

    for (;;) {
      const result = await reader.read();
      if (result.done) {
        break;
      }
      total += result.value.length;
      if (total > MAX_PAYLOAD_BYTES) {
        reader.cancel().catch(() => undefined);
        throw new DecryptionFailure();
      }
      chunks.push(result.value);
    }

    const output = new Uint8Array(total);
    let offset = 0;
    for (const chunk of chunks) {
      output.set(chunk, offset);
      offset += chunk.length;
    }
    return output;
  }

  function requireString(value) {
    if (typeof value !== 'string') {
      throw new DecryptionFailure();
    }
    return value;
  }

  function optionalString(value) {
    return value === undefined ? undefined : requireString(value);
  }

  function requireArray(value) {
    if (!Array.isArray(value)) {
      throw new DecryptionFailure();
    }
    return value;
  }

  function requireObject(value) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new DecryptionFailure();
    }
    return value;
  }

  /** Checks the payload shape (FORMAT.md "Payload") and copies known fields. */
  function parsePayload(value) {
    const payload = requireObject(value);
    const metadata = requireObject(payload.metadata);
    const staleAfterDays = metadata.staleAfterDays;
    if (
      staleAfterDays !== undefined &&
      (typeof staleAfterDays !== 'number' || !(staleAfterDays > 0))
    ) {
      throw new DecryptionFailure();
    }

    return {
      metadata: {
        exportedBy: requireString(metadata.exportedBy),
        exportedAt: requireString(metadata.exportedAt),
        validAsOf: requireString(metadata.validAsOf),
        portal: optionalString(metadata.portal),
        staleAfterDays: staleAfterDays,
      },
      resources: requireArray(payload.resources).map(item => {
        const resource = requireObject(item);
        return {
          entityRef: requireString(resource.entityRef),
          title: requireString(resource.title),
          accounts: requireArray(resource.accounts).map(entry => {
            const account = requireObject(entry);
            return {
              name: requireString(account.name),
              username: requireString(account.username),
              password: requireString(account.password),
              url: optionalString(account.url),
              notes: optionalString(account.notes),
              updatedAt: optionalString(account.updatedAt),
            };
          }),
        };
      }),
    };
  }

  /** Decrypts the embedded export; every failure but the version is generic. */
  async function decryptEmbeddedExport(passphrase) {
    // FORMAT.md, "Embedding": a file with the data block twice is rejected,
    // so an edited copy cannot show other accounts than the writer's.
    const dataElements = document.querySelectorAll('script#encrypted-export');
    if (dataElements.length !== 1) {
      throw new DecryptionFailure();
    }
    const parts = parseBlob(decodeBase64(dataElements[0].textContent));

    try {
      const contentKey = await unwrapContentKey(parts, passphrase);
      const packed = await window.crypto.subtle.decrypt(
        {
          name: 'AES-GCM',
          iv: parts.contentIv,
          additionalData: parts.header,
          tagLength: 128,
        },
        contentKey,
        parts.ciphertext,
      );
      const json = await inflate(new Uint8Array(packed));
      const text = new TextDecoder('utf-8', { fatal: true }).decode(json);
      return parsePayload(JSON.parse(text));
    } catch {
      // Every cause becomes the same failure: no decryption oracle.
      throw new DecryptionFailure();
    }
  }

  // ---------------------------------------------------------------------
  // Unlocking and locking
  // ---------------------------------------------------------------------

  async function onUnlock(event) {
    event.preventDefault();
    const passphrase = elements.passphrase.value;
    if (!passphrase.trim()) {
      elements.unlockStatus.textContent = 'Enter the passphrase.';
      return;
    }

    elements.unlockError.hidden = true;
    elements.unlock.disabled = true;
    elements.unlockStatus.textContent = 'Decrypting…';
    performance.mark('ehtml-unlock-start');

    try {
      const payload = await decryptEmbeddedExport(passphrase);
      elements.passphrase.value = '';
      showContent(payload);
    } catch (error) {
      elements.unlockStatus.textContent = '';
      if (error instanceof UnsupportedVersion) {
        showUnsupported(
          `This file uses format version ${error.version}, which this ` +
            'viewer cannot read. Export a new copy from the portal.',
        );
      } else {
        elements.unlockError.hidden = false;
        elements.passphrase.select();
      }
    } finally {
      elements.unlock.disabled = false;
    }
  }

  function showUnsupported(message) {
    elements.unsupported.textContent = message;
    elements.unsupported.hidden = false;
    elements.form.hidden = true;
  }

  function showContent(payload) {
    const accounts = [];
    payload.resources.forEach((resource, resourceIndex) => {
      resource.accounts.forEach(account => {
        accounts.push({
          resourceIndex: resourceIndex,
          account: account,
          searchText: [
            resource.title,
            resource.entityRef,
            account.name,
            account.username,
            account.url || '',
            account.notes || '',
          ]
            .join('\n')
            .toLowerCase(),
        });
      });
    });
    session = { payload: payload, accounts: accounts };

    elements.unlockStatus.textContent = '';
    elements.form.hidden = true;
    elements.content.hidden = false;
    renderMetadata(payload.metadata, payload.resources);
    renderAccounts('');
    elements.search.focus();
    scheduleLock();
  }

  function lock(message) {
    session = undefined;
    renderToken++;
    clearTimeout(lockTimer);
    clearTimeout(searchTimer);
    lockTimer = undefined;

    elements.accounts.replaceChildren();
    elements.metadata.replaceChildren();
    elements.staleWarning.textContent = '';
    elements.staleWarning.hidden = true;
    elements.resultCount.textContent = '';
    elements.search.value = '';
    elements.content.hidden = true;
    elements.form.hidden = false;
    elements.passphrase.value = '';
    elements.unlockStatus.textContent = message;
    elements.passphrase.focus();

    // A copied value is decrypted content too: clear it now rather than
    // when its timer fires.
    if (clipboard.text !== undefined) {
      clearTimeout(clipboard.timer);
      clearClipboard();
    }
  }

  function scheduleLock() {
    clearTimeout(lockTimer);
    if (session) {
      lockTimer = setTimeout(
        () => lock('Locked after inactivity. Enter the passphrase to unlock.'),
        timing.lockAfterMs,
      );
    }
  }

  // ---------------------------------------------------------------------
  // Rendering
  // ---------------------------------------------------------------------

  // One formatter for all rows: toLocaleString builds a new one per call,
  // which dominates the cost of rendering large exports.
  const dateFormat = new Intl.DateTimeFormat(undefined, {
    dateStyle: 'medium',
    timeStyle: 'short',
  });

  function formatTime(iso) {
    const time = Date.parse(iso);
    return Number.isNaN(time) ? iso : dateFormat.format(time);
  }

  function appendMetadata(term, value) {
    const dt = document.createElement('dt');
    const dd = document.createElement('dd');
    dt.textContent = term;
    dd.textContent = value;
    elements.metadata.append(dt, dd);
  }

  function renderMetadata(metadata, resources) {
    if (metadata.portal !== undefined) {
      appendMetadata('Portal', metadata.portal);
    }
    appendMetadata('Exported by', metadata.exportedBy);
    appendMetadata('Exported at', formatTime(metadata.exportedAt));
    appendMetadata('Valid as of', formatTime(metadata.validAsOf));

    const titles = resources.slice(0, 10).map(resource => resource.title);
    const more =
      resources.length > 10 ? ` and ${resources.length - 10} more` : '';
    appendMetadata(
      'Resources',
      `${resources.length}: ${titles.join(', ')}${more}`,
    );

    const staleAfterDays = metadata.staleAfterDays || DEFAULT_STALE_AFTER_DAYS;
    const validAsOf = Date.parse(metadata.validAsOf);
    if (
      !Number.isNaN(validAsOf) &&
      Date.now() - validAsOf > staleAfterDays * DAY_MS
    ) {
      elements.staleWarning.textContent =
        `These accounts were read on ${formatTime(metadata.validAsOf)}, ` +
        `more than ${staleAfterDays} days ago. Passwords may have changed ` +
        'since: export a new copy from the portal.';
      elements.staleWarning.hidden = false;
    }
  }

  function fillField(row, field, value) {
    const container = row.querySelector(`[data-field="${field}"]`);
    if (value === undefined || value === '') {
      container.remove();
      return;
    }
    container.querySelector('.value').textContent = value;
  }

  function buildAccountRow(entry, index) {
    const row =
      elements.accountTemplate.content.firstElementChild.cloneNode(true);
    const account = entry.account;
    row.dataset.index = String(index);
    row.querySelector('.account-name').textContent = account.name;
    fillField(row, 'username', account.username);
    fillField(row, 'url', account.url);
    fillField(row, 'notes', account.notes);
    fillField(
      row,
      'updatedAt',
      account.updatedAt && formatTime(account.updatedAt),
    );
    return row;
  }

  function buildResourceSection(resource) {
    const section =
      elements.resourceTemplate.content.firstElementChild.cloneNode(true);
    section.querySelector('.resource-title').textContent = resource.title;
    section.querySelector('.resource-ref').textContent = resource.entityRef;
    return section;
  }

  function matchingIndexes(query) {
    const needle = query.trim().toLowerCase();
    const indexes = [];
    session.accounts.forEach((entry, index) => {
      if (!needle || entry.searchText.includes(needle)) {
        indexes.push(index);
      }
    });
    return indexes;
  }

  /**
   * Renders matching accounts in slices of RENDER_BUDGET_MS per animation
   * frame; a newer render or a lock cancels the running one.
   */
  function renderAccounts(query) {
    const token = ++renderToken;
    const indexes = matchingIndexes(query);
    const total = session.accounts.length;
    let position = 0;
    let currentResource = -1;
    let currentList = undefined;
    let firstRowsShown = false;

    elements.accounts.replaceChildren();
    elements.accounts.removeAttribute('data-complete');
    elements.resultCount.textContent =
      indexes.length === total
        ? `${total} ${total === 1 ? 'account' : 'accounts'}`
        : `${indexes.length} of ${total} accounts match`;

    const step = () => {
      if (token !== renderToken || !session) {
        return;
      }
      const started = performance.now();
      const budget = position === 0 ? FIRST_RENDER_BUDGET_MS : RENDER_BUDGET_MS;
      const fragment = document.createDocumentFragment();

      while (
        position < indexes.length &&
        performance.now() - started < budget
      ) {
        const index = indexes[position++];
        const entry = session.accounts[index];
        if (entry.resourceIndex !== currentResource) {
          currentResource = entry.resourceIndex;
          const section = buildResourceSection(
            session.payload.resources[currentResource],
          );
          fragment.append(section);
          currentList = section.querySelector('.account-list');
        }
        currentList.append(buildAccountRow(entry, index));
      }
      elements.accounts.append(fragment);

      if (position > 0 && !firstRowsShown) {
        firstRowsShown = true;
        performance.mark('ehtml-first-rows');
      }
      if (position < indexes.length) {
        requestAnimationFrame(step);
      } else {
        elements.accounts.dataset.complete = 'true';
        performance.mark('ehtml-rendered');
      }
    };
    step();
  }

  // ---------------------------------------------------------------------
  // Reveal and copy
  // ---------------------------------------------------------------------

  function onAccountAction(event) {
    const button = event.target.closest('button[data-action]');
    if (!button || !session) {
      return;
    }
    const row = button.closest('.account');
    const entry = session.accounts[Number(row.dataset.index)];
    if (!entry) {
      return;
    }

    if (button.dataset.action === 'reveal') {
      toggleReveal(button, entry.account.password);
    } else if (button.dataset.action === 'copy') {
      const field = button.dataset.field;
      copyValue(
        entry.account[field],
        button.getAttribute('aria-label').replace('Copy ', ''),
      );
    }
  }

  function toggleReveal(button, password) {
    const value = button.closest('dd').querySelector('.value');
    const revealed = !value.classList.contains('masked');
    if (revealed) {
      value.textContent = '••••••••';
      value.classList.add('masked');
      button.textContent = 'Reveal';
      button.setAttribute('aria-label', 'Reveal password');
    } else {
      value.textContent = password;
      value.classList.remove('masked');
      button.textContent = 'Hide';
      button.setAttribute('aria-label', 'Hide password');
    }
  }

  /** Writes text with the legacy copy command, used where the async API fails. */
  function copyWithCommand(text) {
    const onCopy = event => {
      event.clipboardData.setData('text/plain', text);
      event.preventDefault();
    };
    document.addEventListener('copy', onCopy);
    try {
      return document.execCommand('copy');
    } catch {
      return false;
    } finally {
      document.removeEventListener('copy', onCopy);
    }
  }

  async function writeClipboard(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      return copyWithCommand(text);
    }
  }

  async function copyValue(text, label) {
    if (typeof text !== 'string') {
      return;
    }
    if (!(await writeClipboard(text))) {
      elements.clipboardStatus.textContent =
        'Copying failed: this browser does not allow it here. Reveal the value and copy it by hand.';
      return;
    }

    clearTimeout(clipboard.timer);
    clipboard = {
      text: text,
      pending: false,
      timer: setTimeout(clearClipboard, timing.clipboardClearMs),
    };
    const seconds = Math.max(1, Math.round(timing.clipboardClearMs / 1000));
    elements.clipboardStatus.textContent =
      `${capitalize(label)} copied. The clipboard is cleared in ` +
      `${seconds} ${seconds === 1 ? 'second' : 'seconds'}.`;
  }

  function capitalize(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  /**
   * Returns the clipboard text where the browser lets the page read it
   * without a prompt (Chromium with the permission granted), else undefined.
   */
  async function readClipboardQuietly() {
    try {
      const status = await navigator.permissions.query({
        name: 'clipboard-read',
      });
      if (status.state !== 'granted') {
        return undefined;
      }
      return await navigator.clipboard.readText();
    } catch {
      // Firefox and Safari do not know this permission name.
      return undefined;
    }
  }

  /**
   * Clears the clipboard if it still contains what this page copied. Where it
   * cannot be read, it is cleared anyway. Browsers that only write during a
   * user gesture (Firefox, Safari) make the timed write fail: the clear is
   * then retried at the next key press or click in the page.
   */
  async function clearClipboard() {
    const copied = clipboard.text;
    if (copied === undefined) {
      return;
    }

    const current = await readClipboardQuietly();
    if (current !== undefined && current !== copied) {
      clipboard = { text: undefined, timer: undefined, pending: false };
      elements.clipboardStatus.textContent = '';
      return;
    }

    if (await writeClipboard('')) {
      clipboard = { text: undefined, timer: undefined, pending: false };
      elements.clipboardStatus.textContent = 'Clipboard cleared.';
    } else {
      clipboard.pending = true;
      elements.clipboardStatus.textContent =
        'The clipboard still contains the copied value: this browser clears it ' +
        'at your next click or key press in this page. Clear it yourself if ' +
        'you leave the page.';
    }
  }

  // ---------------------------------------------------------------------
  // Wiring
  // ---------------------------------------------------------------------

  function onActivity() {
    if (clipboard.pending) {
      clipboard.pending = false;
      clearClipboard();
    }
    if (session) {
      scheduleLock();
    }
  }

  function onSearchInput() {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      if (session) {
        renderAccounts(elements.search.value);
      }
    }, SEARCH_DEBOUNCE_MS);
  }

  function start() {
    const missing = findMissingCapability();
    if (missing) {
      showUnsupported(missing);
      return;
    }

    elements.form.hidden = false;
    elements.form.addEventListener('submit', onUnlock);
    elements.lock.addEventListener('click', () => lock('Locked.'));
    elements.search.addEventListener('input', onSearchInput);
    elements.accounts.addEventListener('click', onAccountAction);
    for (const type of [
      'pointerdown',
      'keydown',
      'wheel',
      'touchstart',
      'input',
    ]) {
      document.addEventListener(type, onActivity, {
        capture: true,
        passive: true,
      });
    }
    elements.passphrase.focus();
  }

  start();
})();
