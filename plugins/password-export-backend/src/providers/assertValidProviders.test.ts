import { FakeStorageProvider } from '../__testUtils__/createFakeStorageModule';
import { assertValidProviders } from './assertValidProviders';

describe('assertValidProviders', () => {
  it('accepts distinct valid ids', () => {
    expect(() =>
      assertValidProviders([
        new FakeStorageProvider('s3', 'S3'),
        new FakeStorageProvider('google-drive', 'Drive'),
      ]),
    ).not.toThrow();
  });

  it.each([
    ['', 'is invalid'],
    ['S3', 'is invalid'],
    ['a'.repeat(33), 'is invalid'],
    ['download', 'is reserved for downloads'],
  ])('rejects the id %j', (id, message) => {
    expect(() =>
      assertValidProviders([new FakeStorageProvider(id, 'Bad')]),
    ).toThrow(message);
  });

  it('rejects a duplicate id', () => {
    expect(() =>
      assertValidProviders([
        new FakeStorageProvider('s3', 'One'),
        new FakeStorageProvider('s3', 'Two'),
      ]),
    ).toThrow('Cloud storage provider id "s3" is used twice');
  });
});
