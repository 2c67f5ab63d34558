/* eslint jest/no-standalone-expect: ["error", { "additionalTestBlockFunctions": ["itWithTerminal"] }] */
import { spawn } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { decryptExport } from './decryptExport';
import { encryptExport } from './encryptExport';
import { HOSTILE_VALUES, hostilePayload, samplePayload } from './testFixtures';

const BIN = path.resolve(__dirname, '../bin/encrypted-html');
const PASSPHRASE = 'correct horse battery staple';

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in a child process, feeding `input` to its stdin. */
function runCli(args: string[], input: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', chunk => (stdout += chunk));
    child.stderr.on('data', chunk => (stderr += chunk));
    child.on('error', reject);
    child.on('close', code => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe('encrypted-html CLI', () => {
  let directory: string;

  beforeEach(async () => {
    directory = await fs.mkdtemp(path.join(os.tmpdir(), 'encrypted-html-'));
  });

  afterEach(async () => {
    await fs.rm(directory, { recursive: true, force: true });
  });

  it('round-trips a payload through encrypt and decrypt', async () => {
    const input = path.join(directory, 'payload.json');
    const output = path.join(directory, 'export.html');
    await fs.writeFile(input, JSON.stringify(hostilePayload()));

    const encrypted = await runCli(
      ['encrypt', '--in', input, '--out', output, '--iterations', '100000'],
      `${PASSPHRASE}\n`,
    );
    expect(encrypted.stderr).toMatch(
      /^wrote .*export\.html \(sha256 [0-9a-f]{64}\)\n$/,
    );
    expect(encrypted.code).toBe(0);
    expect(encrypted.stderr).not.toContain(PASSPHRASE);
    expect(await fs.readdir(directory)).toEqual([
      'export.html',
      'payload.json',
    ]);

    const decrypted = await runCli(['decrypt', output], `${PASSPHRASE}\r\n`);
    expect(decrypted.code).toBe(0);
    expect(decrypted.stderr).toBe('');
    expect(JSON.parse(decrypted.stdout)).toEqual(hostilePayload());
    expect(
      JSON.parse(decrypted.stdout).resources.map(
        (r: { title: string }) => r.title,
      ),
    ).toEqual(HOSTILE_VALUES);
  });

  it('reads only the first line of stdin as the passphrase', async () => {
    const file = path.join(directory, 'export.html');
    const encrypted = await encryptExport(samplePayload(), {
      passphrase: PASSPHRASE,
      iterations: 100_000,
    });
    await fs.writeFile(file, encrypted.html);

    const result = await runCli(
      ['decrypt', file],
      `${PASSPHRASE}\nsecond line\n`,
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(samplePayload());
  });

  it('exits 1 on a wrong passphrase without echoing it', async () => {
    const file = path.join(directory, 'export.html');
    const encrypted = await encryptExport(samplePayload(), {
      passphrase: PASSPHRASE,
      iterations: 100_000,
    });
    await fs.writeFile(file, encrypted.html);

    const result = await runCli(['decrypt', file], 'not the passphrase\n');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'encrypted-html: wrong passphrase or damaged file\n',
    );
  });

  it('exits 3 naming the invalid payload field', async () => {
    const input = path.join(directory, 'payload.json');
    const output = path.join(directory, 'export.html');
    const payload = samplePayload() as any;
    delete payload.resources[0].accounts[1].username;
    await fs.writeFile(input, JSON.stringify(payload));

    const result = await runCli(
      ['encrypt', '--in', input, '--out', output],
      `${PASSPHRASE}\n`,
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(
      'encrypted-html: invalid export payload: resources[0].accounts[1].username must be a string\n',
    );
    expect(await fs.readdir(directory)).toEqual(['payload.json']);
  });

  it('exits 3 on input that is not JSON', async () => {
    const input = path.join(directory, 'payload.json');
    await fs.writeFile(input, '{"metadata":');

    const result = await runCli(
      ['encrypt', '--in', input, '--out', path.join(directory, 'x.html')],
      `${PASSPHRASE}\n`,
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`${input} is not valid JSON`);
  });

  it('keeps JSON contents out of the error', async () => {
    const input = path.join(directory, 'payload.json');
    await fs.writeFile(input, '{"password":TopSecretPassword}');

    const result = await runCli(
      ['encrypt', '--in', input, '--out', path.join(directory, 'x.html')],
      `${PASSPHRASE}\n`,
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(
      `encrypted-html: ${input} is not valid JSON; check it with a JSON validator\n`,
    );
  });

  it('never repeats an unknown argument', async () => {
    const result = await runCli(
      ['encrypt', '--in', 'a.json', '--out', 'b.html', 'MyPassphrase'],
      '',
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown argument at position 6');
    expect(result.stderr).not.toContain('MyPassphrase');
  });

  it('rejects an empty passphrase before decrypting', async () => {
    const file = path.join(directory, 'export.html');
    const encrypted = await encryptExport(samplePayload(), {
      passphrase: PASSPHRASE,
      iterations: 100_000,
    });
    await fs.writeFile(file, encrypted.html);

    const result = await runCli(['decrypt', file], '\n');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no passphrase on standard input');
  });

  it('exits 3 when the passphrase breaks the rule', async () => {
    const input = path.join(directory, 'payload.json');
    await fs.writeFile(input, JSON.stringify(samplePayload()));

    const result = await runCli(
      ['encrypt', '--in', input, '--out', path.join(directory, 'x.html')],
      ' padded passphrase \n',
    );
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(
      'encrypted-html: passphrase must not start or end with whitespace, remove the surrounding spaces or line breaks\n',
    );
    expect(result.stderr).not.toContain('padded passphrase');
  });

  it('exits 4 when the output cannot be written', async () => {
    const input = path.join(directory, 'payload.json');
    await fs.writeFile(input, JSON.stringify(samplePayload()));
    const output = path.join(directory, 'missing-dir', 'x.html');

    const result = await runCli(
      ['encrypt', '--in', input, '--out', output, '--iterations', '100000'],
      `${PASSPHRASE}\n`,
    );
    expect(result.code).toBe(4);
    expect(result.stderr).toBe(
      `encrypted-html: cannot write ${output}: ENOENT\n`,
    );
  });

  it('replaces an existing file atomically', async () => {
    const input = path.join(directory, 'payload.json');
    const output = path.join(directory, 'export.html');
    await fs.writeFile(input, JSON.stringify(samplePayload()));
    await fs.writeFile(output, 'old content');

    const result = await runCli(
      ['encrypt', '--in', input, '--out', output, '--iterations', '100000'],
      `${PASSPHRASE}\n`,
    );
    expect(result.code).toBe(0);
    await expect(
      decryptExport(await fs.readFile(output), PASSPHRASE),
    ).resolves.toEqual(samplePayload());
    expect(await fs.readdir(directory)).toEqual([
      'export.html',
      'payload.json',
    ]);
  });

  it('exits 3 for a file that is not an export', async () => {
    const file = path.join(directory, 'page.html');
    await fs.writeFile(file, '<!DOCTYPE html><p>hello</p>');

    const result = await runCli(['decrypt', file], `${PASSPHRASE}\n`);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(
      'encrypted-html: file is not an encrypted export\n',
    );
  });

  it('exits 2 on usage errors', async () => {
    for (const args of [[], ['frob'], ['decrypt'], ['encrypt', '--in', 'x']]) {
      const result = await runCli(args, '');
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('Run encrypted-html --help for usage.');
    }
  });

  // util-linux `script` gives the CLI a real terminal as standard input.
  const itWithTerminal = existsSync('/usr/bin/script') ? it : it.skip;
  itWithTerminal('prompts on a terminal without echo', async () => {
    const file = path.join(directory, 'export.html');
    const encrypted = await encryptExport(samplePayload(), {
      passphrase: PASSPHRASE,
      iterations: 100_000,
    });
    await fs.writeFile(file, encrypted.html);

    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(
        '/usr/bin/script',
        ['-qec', `${process.execPath} ${BIN} decrypt ${file}`, '/dev/null'],
        { stdio: ['pipe', 'pipe', 'pipe'] },
      );
      let text = '';
      child.stdout.on('data', chunk => {
        text += chunk;
        // Type only once the prompt has switched the terminal to raw mode.
        if (text.includes('Passphrase: ') && !child.stdin.writableEnded) {
          child.stdin.end(`${PASSPHRASE}\r`);
        }
      });
      child.on('error', reject);
      child.on('close', () => resolve(text));
    });

    expect(output).toContain('Passphrase: ');
    expect(output).not.toContain(PASSPHRASE);
    const json = output.slice(output.indexOf('{'));
    expect(JSON.parse(json.replace(/\r/g, ''))).toEqual(samplePayload());
  });

  it('prints the help with the exit codes', async () => {
    const result = await runCli(['--help'], '');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('encrypted-html decrypt FILE');
    expect(result.stdout).toContain('1  wrong passphrase or damaged file');
  });
});
