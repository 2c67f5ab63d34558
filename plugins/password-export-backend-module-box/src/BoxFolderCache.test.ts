import { BoxFolderCache } from './BoxFolderCache';

describe('BoxFolderCache', () => {
  it('resolves once for concurrent callers and caches the id', async () => {
    const cache = new BoxFolderCache();
    const resolve = jest.fn(async () => '100');

    const ids = await Promise.all([
      cache.get('user-1', 'Exports', resolve),
      cache.get('user-1', 'Exports', resolve),
    ]);
    const later = await cache.get('user-1', 'Exports', resolve);

    expect(ids).toEqual(['100', '100']);
    expect(later).toBe('100');
    expect(resolve).toHaveBeenCalledTimes(1);
  });

  it('keeps users and folder names apart', async () => {
    const cache = new BoxFolderCache();

    await cache.get('user-1', 'Exports', async () => '1');
    const otherUser = await cache.get('user-2', 'Exports', async () => '2');
    const otherName = await cache.get('user-1', 'Archive', async () => '3');

    expect([otherUser, otherName]).toEqual(['2', '3']);
  });

  it('resolves again after forget', async () => {
    const cache = new BoxFolderCache();
    await cache.get('user-1', 'Exports', async () => '1');

    cache.forget('user-1', 'Exports');

    await expect(cache.get('user-1', 'Exports', async () => '2')).resolves.toBe(
      '2',
    );
  });

  it('caches nothing when resolving fails', async () => {
    const cache = new BoxFolderCache();

    await expect(
      cache.get('user-1', 'Exports', async () => {
        throw new Error('Box is down');
      }),
    ).rejects.toThrow('Box is down');

    await expect(cache.get('user-1', 'Exports', async () => '5')).resolves.toBe(
      '5',
    );
  });

  it('drops the oldest entry beyond its size', async () => {
    const cache = new BoxFolderCache(2);
    await cache.get('a', 'f', async () => '1');
    await cache.get('b', 'f', async () => '2');
    await cache.get('c', 'f', async () => '3');

    const resolve = jest.fn(async () => 'new');
    await cache.get('a', 'f', resolve);
    await cache.get('c', 'f', resolve);

    expect(resolve).toHaveBeenCalledTimes(1);
  });
});
