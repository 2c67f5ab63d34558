import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { decryptExport } from './decryptExport';
import { encryptExport } from './encryptExport';
import {
  DecryptionError,
  InvalidPayloadError,
  NotAnExportError,
  PassphraseError,
  UnsupportedVersionError,
} from './errors';
import { parseExportPayload } from './payload';

/** Exit codes of the CLI, listed in its help text and README. */
export const EXIT_CODES = {
  success: 0,
  decryptionFailed: 1,
  usage: 2,
  invalidInput: 3,
  ioError: 4,
  unexpected: 5,
} as const;

const USAGE = `Usage:
  encrypted-html decrypt FILE
      Decrypts FILE and writes the payload JSON to standard output.
  encrypted-html encrypt --in PAYLOAD.json --out FILE [--iterations N]
      Encrypts the payload JSON into a new HTML file, replacing FILE
      atomically. N is the PBKDF2 iteration count (default 600000).

The passphrase is read from the first line of standard input, or asked for
with echo off when standard input is a terminal. It is never an argument.

Exit codes:
  0  success
  1  wrong passphrase or damaged file
  2  usage error
  3  invalid input: not an encrypted export, unsupported format version,
     invalid payload JSON, or a passphrase that breaks the rule
  4  a file could not be read or written
  5  unexpected internal error
`;

/** Streams the CLI reads and writes; tests pass their own. */
export interface CliIo {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

/** An error that ends the CLI with a message and an exit code. */
class CliError extends Error {
  constructor(message: string, readonly exitCode: number) {
    super(message);
  }
}

/** Reads the first line of a non-terminal stream, without its line ending. */
async function readFirstLine(input: NodeJS.ReadStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    const newline = buffer.indexOf(0x0a);
    if (newline !== -1) {
      chunks.push(buffer.subarray(0, newline));
      break;
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8').replace(/\r$/, '');
}

/** Asks for a line on a terminal with echo off. */
function promptHidden(
  prompt: string,
  input: NodeJS.ReadStream,
  output: NodeJS.WritableStream,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let value = '';
    // Echo goes off before the prompt appears, so nothing typed in reply to
    // the prompt is ever shown.
    input.setRawMode(true);
    input.setEncoding('utf8');
    output.write(prompt);

    const finish = () => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      output.write('\n');
    };

    function onData(chunk: string) {
      for (const character of chunk) {
        if (
          character === '\r' ||
          character === '\n' ||
          character === '\u0004'
        ) {
          finish();
          resolve(value);
          return;
        }
        if (character === '\u0003') {
          finish();
          reject(new CliError('cancelled', EXIT_CODES.usage));
          return;
        }
        if (character === '\u007f' || character === '\b') {
          value = Array.from(value).slice(0, -1).join('');
        } else {
          value += character;
        }
      }
    }

    input.on('data', onData);
    input.resume();
  });
}

async function readPassphrase(io: CliIo, confirm: boolean): Promise<string> {
  if (!io.stdin.isTTY) {
    const line = await readFirstLine(io.stdin);
    if (line.trim() === '') {
      throw new CliError(
        'no passphrase on standard input; pipe it in or run the command in a terminal to be asked for it',
        EXIT_CODES.usage,
      );
    }
    return line;
  }

  const passphrase = await promptHidden('Passphrase: ', io.stdin, io.stderr);
  if (confirm) {
    const again = await promptHidden(
      'Confirm passphrase: ',
      io.stdin,
      io.stderr,
    );
    if (again !== passphrase) {
      throw new CliError('passphrases do not match', EXIT_CODES.usage);
    }
  }
  return passphrase;
}

async function readInputFile(file: string): Promise<Buffer> {
  try {
    return await fs.readFile(file);
  } catch (error) {
    throw new CliError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`,
      EXIT_CODES.ioError,
    );
  }
}

/**
 * Writes a file through a temporary sibling and a rename, so readers see
 * either the old file or the complete new one, never a partial file.
 */
async function writeFileAtomically(file: string, data: Buffer): Promise<void> {
  const directory = path.dirname(path.resolve(file));
  const temporary = path.join(
    directory,
    `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`,
  );

  try {
    const handle = await fs.open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temporary, file);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw new CliError(
      `cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`,
      EXIT_CODES.ioError,
    );
  }
}

async function runDecrypt(args: string[], io: CliIo): Promise<void> {
  if (args.length !== 1 || args[0].startsWith('-')) {
    throw new CliError('decrypt takes exactly one FILE', EXIT_CODES.usage);
  }
  const html = await readInputFile(args[0]);
  const passphrase = await readPassphrase(io, false);

  const payload = await decryptExport(html, passphrase);
  io.stdout.write(`${JSON.stringify(payload, null, 2)}\n`);
}

interface EncryptArguments {
  input: string;
  output: string;
  iterations?: number;
}

function parseEncryptArguments(args: string[]): EncryptArguments {
  const values = new Map<string, string>();
  for (let i = 0; i < args.length; i += 2) {
    const name = args[i];
    const value = args[i + 1];
    if (!['--in', '--out', '--iterations'].includes(name)) {
      // The argument is not repeated: a user who typed the passphrase here
      // would otherwise see it in the terminal's scrollback twice.
      throw new CliError(
        `unknown argument at position ${
          i + 2
        }; encrypt takes --in, --out and --iterations, and reads the passphrase from standard input`,
        EXIT_CODES.usage,
      );
    }
    if (value === undefined) {
      throw new CliError(`option ${name} needs a value`, EXIT_CODES.usage);
    }
    values.set(name, value);
  }

  const input = values.get('--in');
  const output = values.get('--out');
  if (!input || !output) {
    throw new CliError('encrypt needs --in and --out', EXIT_CODES.usage);
  }

  const iterationsText = values.get('--iterations');
  const iterations =
    iterationsText === undefined ? undefined : Number(iterationsText);
  if (iterations !== undefined && !Number.isSafeInteger(iterations)) {
    throw new CliError(
      `--iterations must be an integer, got ${iterationsText}`,
      EXIT_CODES.usage,
    );
  }
  return { input, output, iterations };
}

async function runEncrypt(args: string[], io: CliIo): Promise<void> {
  const options = parseEncryptArguments(args);
  const json = (await readInputFile(options.input)).toString('utf8');

  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    // The parser's message quotes the text around the error, which may be
    // a password, so only the file name is reported.
    throw new CliError(
      `${options.input} is not valid JSON; check it with a JSON validator`,
      EXIT_CODES.invalidInput,
    );
  }
  // Check the payload before asking for the passphrase.
  const payload = parseExportPayload(value);

  const passphrase = await readPassphrase(io, true);
  let file;
  try {
    file = await encryptExport(payload, {
      passphrase,
      iterations: options.iterations,
    });
  } catch (error) {
    if (error instanceof RangeError) {
      throw new CliError(error.message, EXIT_CODES.usage);
    }
    throw error;
  }

  await writeFileAtomically(options.output, file.html);
  io.stderr.write(`wrote ${options.output} (sha256 ${file.sha256})\n`);
}

/** Maps library errors to exit codes; their messages never hold secrets. */
function toCliError(error: unknown): CliError {
  if (error instanceof CliError) {
    return error;
  }
  if (error instanceof DecryptionError) {
    return new CliError(error.message, EXIT_CODES.decryptionFailed);
  }
  if (
    error instanceof NotAnExportError ||
    error instanceof UnsupportedVersionError ||
    error instanceof InvalidPayloadError ||
    error instanceof PassphraseError
  ) {
    return new CliError(error.message, EXIT_CODES.invalidInput);
  }
  // Unexpected: show the type only, since the message of an unknown error
  // could quote input.
  return new CliError(
    `unexpected ${(error as Error)?.name ?? 'error'}`,
    EXIT_CODES.unexpected,
  );
}

/**
 * Runs the CLI and returns its exit code.
 *
 * @param argv - arguments after the program name
 * @param io - standard streams
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [command, ...args] = argv;
  try {
    if (command === 'decrypt') {
      await runDecrypt(args, io);
    } else if (command === 'encrypt') {
      await runEncrypt(args, io);
    } else if (command === '--help' || command === '-h' || command === 'help') {
      io.stdout.write(USAGE);
    } else {
      throw new CliError(
        command ? `unknown command ${command}` : 'missing command',
        EXIT_CODES.usage,
      );
    }
    return EXIT_CODES.success;
  } catch (error) {
    const cliError = toCliError(error);
    io.stderr.write(`encrypted-html: ${cliError.message}\n`);
    if (cliError.exitCode === EXIT_CODES.usage) {
      io.stderr.write('Run encrypted-html --help for usage.\n');
    }
    return cliError.exitCode;
  }
}

/** Entry point of bin/encrypted-html. */
export async function main(): Promise<void> {
  process.exitCode = await runCli(process.argv.slice(2), {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
  });
}
