import { FakeStorageProvider } from '../__testUtils__/createFakeStorageModule';
import { createInputSchema, createSettingsUpdateSchema } from './fieldSchemas';

const provider = new FakeStorageProvider('fake', 'Fake Storage');

describe('createSettingsUpdateSchema', () => {
  const schema = createSettingsUpdateSchema(provider.settings);

  it('accepts typed values and null', () => {
    const result = schema.safeParse({
      enabled: true,
      values: { folder: 'f', clientSecret: null, mode: 'safe', shared: true },
    });

    expect(result.success).toBe(true);
  });

  it('defaults values to an empty object', () => {
    expect(schema.parse({ enabled: false })).toEqual({
      enabled: false,
      values: {},
    });
  });

  it.each([
    [{ enabled: true, values: { mode: 'turbo' } }],
    [{ enabled: true, values: { shared: 'true' } }],
    [{ enabled: true, values: { folder: 1 } }],
    [{ enabled: true, values: { unknown: 'x' } }],
    [{ enabled: 'yes' }],
  ])('rejects %j', body => {
    expect(schema.safeParse(body).success).toBe(false);
  });
});

describe('createInputSchema', () => {
  const schema = createInputSchema(provider.connectionFields, {
    inputRequired: true,
  });

  it('accepts the fields of the provider', () => {
    expect(
      schema.parse({ input: { token: 't', bucket: 'b', tier: 'cold' } }),
    ).toEqual({ input: { token: 't', bucket: 'b', tier: 'cold' } });
  });

  it.each([
    [{}],
    [{ input: { token: 't' } }],
    [{ input: { token: ' ', bucket: 'b' } }],
    [{ input: { token: 't', bucket: 'b', tier: 'warm' } }],
    [{ input: { token: 't', bucket: 'b', extra: 'x' } }],
    [{ input: { token: 't', bucket: 'b' }, other: 1 }],
  ])('rejects %j', body => {
    expect(schema.safeParse(body).success).toBe(false);
  });

  it('makes the input optional for connection tests', () => {
    const optional = createInputSchema(provider.testConnectionFields, {
      inputRequired: false,
    });

    expect(optional.parse({})).toEqual({ input: {} });
  });
});
