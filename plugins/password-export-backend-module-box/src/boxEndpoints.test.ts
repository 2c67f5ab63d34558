import { ConfigReader } from '@backstage/config';
import {
  describeService,
  readBoxServiceUrl,
  resolveBoxEndpoints,
} from './boxEndpoints';

describe('resolveBoxEndpoints', () => {
  it('returns the Box hosts by default', () => {
    expect(resolveBoxEndpoints()).toEqual({
      baseUrl: 'https://api.box.com',
      uploadUrl: 'https://upload.box.com/api',
      oauth2Url: 'https://account.box.com/api/oauth2',
    });
  });

  it('puts every endpoint on a local server', () => {
    const endpoints = resolveBoxEndpoints('http://127.0.0.1:4570');

    expect(endpoints).toEqual({
      baseUrl: 'http://127.0.0.1:4570',
      uploadUrl: 'http://127.0.0.1:4570',
      oauth2Url: 'http://127.0.0.1:4570/oauth2',
      serviceUrl: 'http://127.0.0.1:4570',
    });
    expect(describeService(endpoints)).toBe(
      'the local Box server at http://127.0.0.1:4570',
    );
  });
});

describe('readBoxServiceUrl', () => {
  const read = (box?: string) =>
    readBoxServiceUrl(
      new ConfigReader(
        box === undefined ? {} : { passwordExport: { serviceUrls: { box } } },
      ),
    );

  it('returns undefined when unset', () => {
    expect(read()).toBeUndefined();
  });

  it('returns the origin', () => {
    expect(read('http://127.0.0.1:4570/')).toBe('http://127.0.0.1:4570');
  });

  it.each([
    ['127.0.0.1:4570', /is not a URL|must be an http: or https: origin/],
    ['ftp://127.0.0.1', /must be an http: or https: origin/],
    ['http://127.0.0.1:4570/box', /without user name, path/],
    ['http://user:pw@127.0.0.1:4570', /without user name, path/],
  ])('rejects %s', (value, message) => {
    expect(() => read(value)).toThrow(message);
    expect(() => read(value)).toThrow(/passwordExport\.serviceUrls\.box/);
  });
});
