import { isNotFound, readNameConflict } from './readNameConflict';

function apiError(statusCode: number, body: unknown) {
  return Object.assign(new Error('x'), {
    name: 'BoxApiError',
    responseInfo: { statusCode, headers: {}, body },
  });
}

describe('readNameConflict', () => {
  it('reads the array of a folder conflict', () => {
    const error = apiError(409, {
      code: 'item_name_in_use',
      context_info: { conflicts: [{ type: 'folder', id: '11' }] },
    });

    expect(readNameConflict(error)).toEqual({ type: 'folder', id: '11' });
  });

  it('reads the object of an upload conflict', () => {
    const error = apiError(409, {
      code: 'item_name_in_use',
      context_info: { conflicts: { type: 'file', id: '12', sha1: 'abc' } },
    });

    expect(readNameConflict(error)).toEqual({ type: 'file', id: '12' });
  });

  it.each([
    ['another 409 code', apiError(409, { code: 'name_temporarily_reserved' })],
    ['a 409 without conflicts', apiError(409, { code: 'item_name_in_use' })],
    ['another status', apiError(400, { code: 'item_name_in_use' })],
    ['another error', new Error('item_name_in_use')],
  ])('ignores %s', (_case, error) => {
    expect(readNameConflict(error)).toBeUndefined();
  });
});

describe('isNotFound', () => {
  it('recognizes only 404 answers', () => {
    expect(isNotFound(apiError(404, {}))).toBe(true);
    expect(isNotFound(apiError(403, {}))).toBe(false);
    expect(isNotFound(new Error('404'))).toBe(false);
  });
});
