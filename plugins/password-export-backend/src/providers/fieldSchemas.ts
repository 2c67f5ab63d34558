import { CloudStorageField } from '@internal/backstage-plugin-password-export-node';
import { z } from 'zod';

/** Maximum length of a text value of a setting or of user input. */
const MAX_TEXT_LENGTH = 4096;

function enumValues(field: CloudStorageField): [string, ...string[]] {
  const values = field.type === 'enum' ? field.options.map(o => o.value) : [];
  return values as [string, ...string[]];
}

function settingValueSchema(
  field: CloudStorageField,
): z.ZodType<string | boolean> {
  switch (field.type) {
    case 'boolean':
      return z.boolean({ error: 'must be true, false or null' });
    case 'enum':
      return z.enum(enumValues(field), {
        error: `must be one of ${enumValues(field).join(', ')} or null`,
      });
    default:
      return z
        .string({ error: 'must be a string or null' })
        .max(MAX_TEXT_LENGTH, {
          error: `must be at most ${MAX_TEXT_LENGTH} characters`,
        });
  }
}

/**
 * Builds the schema of `PUT /providers/:providerId/settings` for a provider's
 * setting fields: a known key takes a value of its field's type or `null`,
 * and an unknown key is rejected.
 */
export function createSettingsUpdateSchema(fields: CloudStorageField[]) {
  const shape = Object.fromEntries(
    fields.map(field => [
      field.key,
      settingValueSchema(field).nullable().optional(),
    ]),
  );
  return z.strictObject({
    enabled: z.boolean({ error: 'must be true or false' }),
    values: z
      .strictObject(shape, { error: 'must be an object' })
      .optional()
      .default({}),
  });
}

function inputValueSchema(field: CloudStorageField): z.ZodType {
  let schema: z.ZodType;
  switch (field.type) {
    case 'boolean':
      schema = z.enum(['true', 'false'], {
        error: 'must be "true" or "false"',
      });
      break;
    case 'enum':
      schema = z.enum(enumValues(field), {
        error: `must be one of ${enumValues(field).join(', ')}`,
      });
      break;
    default:
      schema = z
        .string({ error: 'must be a string' })
        .max(MAX_TEXT_LENGTH, {
          error: `must be at most ${MAX_TEXT_LENGTH} characters`,
        })
        .refine(value => !field.required || value.trim() !== '', {
          error: 'must not be empty',
        });
  }
  return field.required ? schema : schema.optional();
}

/**
 * Builds the schema of a body `{ input }` whose input record must match the
 * given fields: required fields present and not blank, enum values from the
 * options, and no unknown key.
 */
export function createInputSchema(
  fields: CloudStorageField[],
  options: { inputRequired: boolean },
) {
  const shape = Object.fromEntries(
    fields.map(field => [field.key, inputValueSchema(field)]),
  );
  const input = z.strictObject(shape, { error: 'must be an object' });
  return z.strictObject({
    input: options.inputRequired ? input : input.optional().default({}),
  });
}

/**
 * Body of `PUT /providers/{providerId}/connection` for an
 * `oauth-code-paste` provider: the pasted code and the state of its flow.
 */
export const authorizationCodeConnectSchema = z.strictObject({
  input: z.strictObject(
    {
      code: z
        .string({ error: 'must be a string' })
        .trim()
        .min(1, {
          error: 'must not be empty: paste the code the provider showed',
        })
        .max(2048, { error: 'must be at most 2048 characters' }),
    },
    { error: 'must be an object' },
  ),
  state: z
    .string({ error: 'must be a string' })
    .min(1, { error: 'must not be empty' })
    .max(256, { error: 'must be at most 256 characters' }),
});

const singleParam = z.string({ error: 'must be given once' });

/**
 * Replaces characters outside printable ASCII, which RFC 6749 allows in
 * neither `error` nor `error_description`, so that a crafted value cannot
 * add lines to a log. Long values are cut rather than rejected, so that a
 * provider's denial is still reported.
 */
const printableText = (max: number) =>
  singleParam.transform(value =>
    value
      .replace(/[^\x20-\x7e]+/g, ' ')
      .trim()
      .slice(0, max),
  );

/**
 * Query of the OAuth callback. Unknown parameters are ignored, since
 * providers add their own.
 */
export const oauthCallbackQuerySchema = z.object({
  state: singleParam
    .min(1, { error: 'must not be empty' })
    .max(256, { error: 'must be at most 256 characters' }),
  code: singleParam
    .max(2048, { error: 'must be at most 2048 characters' })
    .optional(),
  error: printableText(100).optional(),
  error_description: printableText(400).optional(),
});
