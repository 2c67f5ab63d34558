import { InputError } from '@backstage/errors';
import { EXPORT_FORMATS } from '@internal/backstage-plugin-password-export-common';
import { z } from 'zod';

/** C0 and C1 control characters, which have no place in a one-line reason. */
// eslint-disable-next-line no-control-regex -- these characters are the target
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Bidirectional embedding, override and isolate controls. In a name they
 * can make the surrounding text of the portal read backwards.
 */
const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/;

/**
 * Checks a value that is stored in plain text and shown inline: no NUL,
 * which PostgreSQL text columns cannot hold, and no bidirectional controls.
 * Other control characters stay allowed, because the spreadsheet exports
 * must handle values that start with a tab or a carriage return.
 */
function isDisplayableText(value: string): boolean {
  return !value.includes('\u0000') && !BIDI_CONTROLS.test(value);
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

const DISPLAYABLE_TEXT_RULE =
  'must not contain NUL characters or bidirectional override characters';

const name = z
  .string({ error: 'must be a string' })
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(200, { error: 'must be at most 200 characters' })
  .refine(isDisplayableText, { error: DISPLAYABLE_TEXT_RULE });
const username = z
  .string({ error: 'must be a string' })
  .max(200, { error: 'must be at most 200 characters' })
  .refine(isDisplayableText, { error: DISPLAYABLE_TEXT_RULE });
const password = z
  .string({ error: 'must be a string' })
  .min(1, { error: 'must not be empty' })
  .max(4096, { error: 'must be at most 4096 characters' });
const url = z
  .string({ error: 'must be a string' })
  .trim()
  .max(2048, { error: 'must be at most 2048 characters' })
  .refine(value => value === '' || isHttpUrl(value), {
    error: 'must be an http or https URL',
  })
  .transform(value => (value === '' ? undefined : value))
  .optional();
const notes = z
  .string({ error: 'must be a string' })
  .max(10_000, { error: 'must be at most 10000 characters' })
  .transform(value => (value === '' ? undefined : value))
  .optional();

/** Body of `POST .../accounts`. */
export const createAccountSchema = z.strictObject({
  name,
  username,
  password,
  url,
  notes,
});

/** Body of `PUT .../accounts/:accountId`; without a password the stored one stays. */
export const updateAccountSchema = z.strictObject({
  name,
  username,
  password: password.optional(),
  url,
  notes,
});

/** Body of `POST /exports`, before the checks that depend on config. */
export const exportRequestSchema = z.strictObject({
  entityRefs: z
    .array(z.string({ error: 'must contain strings' }), {
      error: 'must be an array of entity references',
    })
    .min(1, { error: 'must contain at least one entity reference' })
    .max(50, { error: 'must contain at most 50 entity references' }),
  format: z.enum(EXPORT_FORMATS as [string, ...string[]], {
    error: `must be one of ${EXPORT_FORMATS.join(', ')}`,
  }),
  passphrase: z.string({ error: 'must be a string' }).optional(),
  reason: z
    .string({ error: 'must be a string' })
    .trim()
    .max(1000, { error: 'must be at most 1000 characters' })
    .refine(value => !CONTROL_CHARACTERS.test(value), {
      error: 'must not contain control characters such as line breaks',
    })
    .transform(value => (value === '' ? undefined : value))
    .optional(),
  destination: z
    .string({ error: 'must be a string' })
    .regex(/^[a-z][a-z0-9-]{0,31}$/, {
      error: 'must be "download" or the id of a cloud storage provider',
    })
    .optional()
    .default('download'),
  keepUpToDate: z.boolean({ error: 'must be true or false' }).optional(),
});

/**
 * Body of `POST /exports/preflight`: the export request without the
 * passphrase, the reason and the re-sync choice, which the policy decision
 * is computed without.
 */
export const exportPreflightSchema = exportRequestSchema.omit({
  passphrase: true,
  reason: true,
  keepUpToDate: true,
});

function valueAtPath(input: unknown, path: PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) {
      return undefined;
    }
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * Parses a request body with a schema.
 *
 * @throws InputError naming each invalid field and its rule. Messages never
 * contain the submitted values, which may be secrets.
 */
export function parseRequestBody<T extends z.ZodType>(
  schema: T,
  body: unknown,
): z.output<T> {
  // express.json() leaves the body undefined when the request has none.
  const input = body ?? {};
  const result = schema.safeParse(input);
  if (result.success) {
    return result.data;
  }

  const problems = result.error.issues.map(issue => {
    if (issue.code === 'unrecognized_keys') {
      return `unknown field(s) ${issue.keys.join(', ')}`;
    }
    const field = issue.path.join('.') || 'body';
    // An issue on an absent field can only mean that the field is required.
    if (issue.path.length > 0 && valueAtPath(input, issue.path) === undefined) {
      return `${field} is required`;
    }
    return `${field} ${issue.message}`;
  });
  throw new InputError(`Invalid request: ${problems.join('; ')}`);
}
