import { saveFile } from './saveFile';

describe('saveFile', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('clicks a temporary download link', () => {
    const clicked: HTMLAnchorElement[] = [];
    jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function record(this: HTMLAnchorElement) {
        clicked.push(this);
        expect(document.body.contains(this)).toBe(true);
      });

    saveFile('blob:http://localhost/1', 'passwords.html');

    expect(clicked).toHaveLength(1);
    expect(clicked[0].href).toBe('blob:http://localhost/1');
    expect(clicked[0].download).toBe('passwords.html');
    expect(document.body.contains(clicked[0])).toBe(false);
  });

  it('removes the link when the click throws', () => {
    jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {
      throw new Error('blocked');
    });

    expect(() => saveFile('blob:http://localhost/1', 'a.csv')).toThrow(
      'blocked',
    );
    expect(document.querySelector('a[download]')).toBeNull();
  });
});
