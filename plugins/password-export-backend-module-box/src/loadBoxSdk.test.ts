import { loadBoxSdk } from './loadBoxSdk';

describe('loadBoxSdk', () => {
  it('loads the SDK classes once', () => {
    const sdk = loadBoxSdk();

    expect(loadBoxSdk()).toBe(sdk);
    expect(typeof sdk.NetworkSession).toBe('function');
    expect(typeof sdk.UploadsManager).toBe('function');
    expect(new sdk.BaseUrls({}).baseUrl).toBe('https://api.box.com');
  });
});
