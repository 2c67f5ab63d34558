import { buildUploadFile } from './buildUploadFile';

describe('buildUploadFile', () => {
  it('adds metadata that headers can carry', () => {
    const content = Buffer.from('<html></html>');

    const file = buildUploadFile({
      name: 'passwords-orders-db.html',
      content,
      sha256: 'a'.repeat(64),
      contentType: 'text/html; charset=utf-8',
      exportId: 'export-1',
      exportedBy: 'user:default/zoë',
      exportedAt: new Date('2026-12-04T12:00:00.000Z'),
    });

    expect(file.content).toBe(content);
    expect(file.metadata).toEqual({
      'export-id': 'export-1',
      'exported-by': 'user:default/zo?',
      'exported-at': '2026-12-04T12:00:00.000Z',
    });
  });
});
