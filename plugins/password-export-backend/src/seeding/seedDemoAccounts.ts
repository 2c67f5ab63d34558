import { LoggerService } from '@backstage/backend-plugin-api';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { YAMLParseError, parse } from 'yaml';
import { z } from 'zod';
import { AccountStore } from '../database/AccountStore';
import { parseResourceRef } from '../service/parseEntityRefParams';
import { createAccountSchema } from '../service/requestSchemas';

const demoFileSchema = z.array(
  z.strictObject({
    entityRef: z.string(),
    accounts: z.array(createAccountSchema),
  }),
);

/**
 * Reads and validates a demo file.
 *
 * @throws Error naming the file, the line or field and the rule. Messages
 * never quote the file, because it contains passwords.
 */
async function readDemoFile(
  path: string,
): Promise<z.output<typeof demoFileSchema>> {
  const prefix = `passwordExport.demoAccounts file ${path} is invalid`;

  let document: unknown;
  try {
    document = parse(await readFile(path, 'utf8'));
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const line = error.linePos?.[0].line ?? 'unknown';
      throw new Error(`${prefix}: YAML error ${error.code} at line ${line}`);
    }
    throw new Error(`${prefix}: ${(error as Error).message}`);
  }

  const result = demoFileSchema.safeParse(document);
  if (!result.success) {
    const problems = result.error.issues.map(
      issue => `${issue.path.join('.')} ${issue.message}`,
    );
    throw new Error(`${prefix}: ${problems.join('; ')}`);
  }
  return result.data;
}

/**
 * Inserts the accounts of a demo file for every entity that has none yet.
 *
 * @remarks
 *
 * The file is YAML: a list of `{ entityRef, accounts: [{ name, username,
 * password, url?, notes? }] }`. A relative path is resolved against the
 * working directory of the backend, like catalog file locations.
 *
 * @throws Error naming `passwordExport.demoAccounts` and the file when it
 * cannot be read or is invalid; field values are never quoted.
 */
export async function seedDemoAccounts(options: {
  path: string;
  store: AccountStore;
  logger: LoggerService;
}): Promise<void> {
  const { store, logger } = options;
  const path = resolve(process.cwd(), options.path);

  const entries = await readDemoFile(path);

  let seededEntities = 0;
  let seededAccounts = 0;
  for (const entry of entries) {
    const entityRef = parseResourceRef(entry.entityRef, 'entityRef');
    if ((await store.countAccounts(entityRef)) > 0) {
      continue;
    }
    for (const account of entry.accounts) {
      await store.createAccount(entityRef, account, 'user:default/demo-seed');
    }
    seededEntities += 1;
    seededAccounts += entry.accounts.length;
  }

  logger.info(
    `Seeded ${seededAccounts} demo account(s) on ${seededEntities} of ${entries.length} resource(s) from ${path}`,
  );
}
