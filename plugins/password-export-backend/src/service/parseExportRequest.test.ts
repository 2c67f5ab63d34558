import {
  parseExportPreflightRequest,
  parseExportRequest,
} from './parseExportRequest';

const options = { passphraseMinLength: 12 };

describe('parseExportRequest', () => {
  it('canonicalizes and deduplicates entity references', () => {
    expect(
      parseExportRequest(
        {
          entityRefs: [
            'Resource:default/Orders-DB',
            'resource:orders-db',
            'resource:ops/vpn',
          ],
          format: 'csv',
          reason: '  audit  ',
        },
        options,
      ),
    ).toEqual({
      entityRefs: ['resource:default/orders-db', 'resource:ops/vpn'],
      format: 'csv',
      reason: 'audit',
      destination: 'download',
      keepUpToDate: false,
    });
  });

  it('keeps cloud copies up to date unless asked not to', () => {
    const request = {
      entityRefs: ['resource:a'],
      format: 'encrypted-html',
      passphrase: 'long enough passphrase',
      destination: 's3',
    };

    expect(parseExportRequest(request, options).keepUpToDate).toBe(true);
    expect(
      parseExportRequest({ ...request, keepUpToDate: false }, options)
        .keepUpToDate,
    ).toBe(false);
    expect(() =>
      parseExportRequest({ ...request, keepUpToDate: 'yes' }, options),
    ).toThrow('Invalid request: keepUpToDate must be true or false');
  });

  it('accepts keepUpToDate false for a download', () => {
    const request = {
      entityRefs: ['resource:a'],
      format: 'encrypted-html',
      passphrase: 'long enough passphrase',
    };

    expect(
      parseExportRequest({ ...request, keepUpToDate: false }, options),
    ).toMatchObject({ destination: 'download', keepUpToDate: false });
    expect(parseExportRequest(request, options).keepUpToDate).toBe(false);
  });

  it('rejects keepUpToDate true for a download', () => {
    expect(() =>
      parseExportRequest(
        {
          entityRefs: ['resource:a'],
          format: 'encrypted-html',
          passphrase: 'long enough passphrase',
          keepUpToDate: true,
        },
        options,
      ),
    ).toThrow(
      'keepUpToDate must be false or left out for the download destination: only files in cloud storage can be kept up to date',
    );
  });

  it('accepts a provider destination for encrypted HTML', () => {
    expect(
      parseExportRequest(
        {
          entityRefs: ['resource:a'],
          format: 'encrypted-html',
          passphrase: 'long enough passphrase',
          destination: 's3',
        },
        options,
      ).destination,
    ).toBe('s3');
  });

  it.each(['csv', 'xlsx'])('rejects %s to a provider', format => {
    expect(() =>
      parseExportRequest(
        { entityRefs: ['resource:a'], format, destination: 's3' },
        options,
      ),
    ).toThrow(
      `format ${format} cannot be sent to s3: spreadsheets can only be downloaded`,
    );
  });

  it('rejects a malformed destination', () => {
    expect(() =>
      parseExportRequest(
        { entityRefs: ['resource:a'], format: 'csv', destination: '../x' },
        options,
      ),
    ).toThrow(
      'destination must be "download" or the id of a cloud storage provider',
    );
  });

  it('treats a blank reason as none', () => {
    expect(
      parseExportRequest(
        { entityRefs: ['resource:a'], format: 'xlsx', reason: '   ' },
        options,
      ).reason,
    ).toBeUndefined();
  });

  it('keeps the passphrase of encrypted exports', () => {
    expect(
      parseExportRequest(
        {
          entityRefs: ['resource:a'],
          format: 'encrypted-html',
          passphrase: 'long enough passphrase',
        },
        options,
      ).passphrase,
    ).toBe('long enough passphrase');
  });

  it('counts passphrase length in code points', () => {
    const elevenEmoji = '🔐'.repeat(11);

    expect(() =>
      parseExportRequest(
        {
          entityRefs: ['resource:a'],
          format: 'encrypted-html',
          passphrase: elevenEmoji,
        },
        options,
      ),
    ).toThrow('passphrase must be at least 12 characters');
  });

  it('rejects malformed Unicode in the passphrase', () => {
    expect(() =>
      parseExportRequest(
        {
          entityRefs: ['resource:a'],
          format: 'encrypted-html',
          passphrase: 'twelve chars \ud800',
        },
        options,
      ),
    ).toThrow('passphrase is invalid: passphrase must be well-formed Unicode');
  });

  it('rejects a missing body', () => {
    expect(() => parseExportRequest(undefined, options)).toThrow(
      'Invalid request: entityRefs is required; format is required',
    );
  });
});

describe('parseExportPreflightRequest', () => {
  it('canonicalizes references and defaults the destination', () => {
    expect(
      parseExportPreflightRequest({
        entityRefs: ['Resource:default/Orders-DB', 'resource:orders-db'],
        format: 'xlsx',
      }),
    ).toEqual({
      entityRefs: ['resource:default/orders-db'],
      format: 'xlsx',
      destination: 'download',
    });
  });

  it('rejects the passphrase and the reason', () => {
    expect(() =>
      parseExportPreflightRequest({
        entityRefs: ['resource:default/orders-db'],
        format: 'encrypted-html',
        passphrase: 'correct horse battery staple',
        reason: 'audit',
      }),
    ).toThrow('Invalid request: unknown field(s) passphrase, reason');
    expect(() =>
      parseExportPreflightRequest({
        entityRefs: ['resource:default/orders-db'],
        format: 'encrypted-html',
        destination: 's3',
        keepUpToDate: true,
      }),
    ).toThrow('Invalid request: unknown field(s) keepUpToDate');
  });

  it('rejects spreadsheets for cloud destinations', () => {
    expect(() =>
      parseExportPreflightRequest({
        entityRefs: ['resource:default/orders-db'],
        format: 'csv',
        destination: 's3',
      }),
    ).toThrow('format csv cannot be sent to s3');
  });

  it('rejects references to other kinds and bad formats', () => {
    expect(() =>
      parseExportPreflightRequest({
        entityRefs: ['component:default/web'],
        format: 'csv',
      }),
    ).toThrow('entityRefs[0]');
    expect(() =>
      parseExportPreflightRequest({
        entityRefs: ['resource:default/orders-db'],
        format: 'pdf',
      }),
    ).toThrow('format must be one of encrypted-html, csv, xlsx');
    expect(() => parseExportPreflightRequest({ format: 'csv' })).toThrow(
      'entityRefs is required',
    );
  });
});
