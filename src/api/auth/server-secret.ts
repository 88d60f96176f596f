/**
 * The server secret (ARCHITECTURE.md "Configuration": PARLEY_SECRET, PARLEY_DATA_DIR) and the
 * keys derived from it: one AES-256-GCM key that encrypts what must be read back later (API key
 * secrets for Studio signatures, LLM provider keys), and one HMAC-SHA256 key per signing purpose
 * (session tokens, attachment URLs). Every key comes from HKDF-SHA256 with its own label, so a
 * value made for one use is never valid for another.
 *
 * The secret is text: `PARLEY_SECRET` as given (at least 32 characters), or else the content of
 * `<dataDir>/secret`, generated on first start as 32 random bytes written in base64url. Both are
 * used the same way (their UTF-8 bytes are the HKDF input), so copying that file's content into
 * `PARLEY_SECRET` of other processes makes them share the keys.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Shortest accepted secret: 32 characters carry at least the 128 bits HKDF needs here. */
export const MIN_SECRET_LENGTH = 32;

/** The file, inside the data folder, that holds the generated secret. */
export const SECRET_FILE = 'secret';

const BLOB_VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** HKDF salt: fixed, because the input is already secret; it only separates Parley's use. */
const HKDF_SALT = 'parley';

export interface ServerSecret {
  /** AES-256-GCM with a random IV: `v1.<iv>.<tag>.<ciphertext>`, each part base64url. */
  encrypt(text: string): string;
  /**
   * The text `encrypt` was given. Throws when the blob is malformed, was altered, or was made
   * under another server secret.
   */
  decrypt(blob: string): string;
  /** HMAC-SHA256 of `data` under the key of `purpose` (e.g. `session-token`, `attachment-url`). */
  sign(purpose: string, data: string | Uint8Array): Buffer;
  /** Whether `signature` is `sign(purpose, data)`, compared in constant time. */
  verifySignature(purpose: string, data: string | Uint8Array, signature: Uint8Array): boolean;
}

export interface ServerSecretOptions {
  /** PARLEY_SECRET; when absent (or empty) the secret file of the data folder is used. */
  readonly secret?: string;
  /** PARLEY_DATA_DIR, created when missing. */
  readonly dataDir: string;
}

/** The configured secret, or the data folder's one, generated there on first use. */
export async function loadServerSecret(options: ServerSecretOptions): Promise<ServerSecret> {
  if (options.secret !== undefined && options.secret !== '') {
    return serverSecretFrom(options.secret);
  }
  return serverSecretFrom(await readOrCreateSecretFile(options.dataDir), 'file');
}

/** The derived keys of one secret text (PARLEY_SECRET or the secret file's content). */
export function serverSecretFrom(secret: string, origin: 'env' | 'file' = 'env'): ServerSecret {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new Error(
      origin === 'env'
        ? `PARLEY_SECRET must be at least ${MIN_SECRET_LENGTH} characters long (it has ${secret.length})`
        : `the server secret file holds ${secret.length} characters, at least ${MIN_SECRET_LENGTH} are needed: delete it to generate a new one (data encrypted under the old one becomes unreadable)`,
    );
  }
  const material = Buffer.from(secret, 'utf8');
  const derive = (label: string): Buffer =>
    Buffer.from(hkdfSync('sha256', material, HKDF_SALT, label, 32));
  const encryptionKey = derive('parley v1 encryption');
  const signingKeys = new Map<string, Buffer>();
  const signingKey = (purpose: string): Buffer => {
    if (purpose === '') throw new Error('a signing purpose must not be empty');
    let key = signingKeys.get(purpose);
    if (!key) {
      key = derive(`parley v1 hmac ${purpose}`);
      signingKeys.set(purpose, key);
    }
    return key;
  };
  const sign = (purpose: string, data: string | Uint8Array): Buffer =>
    createHmac('sha256', signingKey(purpose)).update(data).digest();

  return {
    encrypt(text) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', encryptionKey, iv);
      const ciphertext = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [BLOB_VERSION, iv, tag, ciphertext]
        .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
        .join('.');
    },
    decrypt(blob) {
      const parts = blob.split('.');
      const [version, ivText, tagText, ciphertextText] = parts;
      if (
        parts.length !== 4 ||
        version !== BLOB_VERSION ||
        ivText === undefined ||
        tagText === undefined ||
        ciphertextText === undefined
      ) {
        throw new Error('not an encrypted value of this Parley version');
      }
      const iv = Buffer.from(ivText, 'base64url');
      const tag = Buffer.from(tagText, 'base64url');
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
        throw new Error('not an encrypted value of this Parley version');
      }
      const decipher = createDecipheriv('aes-256-gcm', encryptionKey, iv);
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([
          decipher.update(Buffer.from(ciphertextText, 'base64url')),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        throw new Error(
          'cannot decrypt a stored value: it was altered or encrypted under another server secret (PARLEY_SECRET)',
        );
      }
    },
    sign,
    verifySignature(purpose, data, signature) {
      const expected = sign(purpose, data);
      return signature.length === expected.length && timingSafeEqual(signature, expected);
    },
  };
}

/**
 * The secret file's content, created when missing. Creation is atomic: the secret is written
 * to a temporary file that is then hard-linked to its name, which fails if the name exists, so
 * when two processes start at once one wins and both read the winner's secret.
 */
async function readOrCreateSecretFile(dataDir: string): Promise<string> {
  await fs.mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, SECRET_FILE);
  const existing = await readSecretFile(file);
  if (existing !== null) return existing;

  const generated = `${randomBytes(32).toString('base64url')}\n`;
  const temporary = path.join(
    dataDir,
    `.${SECRET_FILE}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
  const handle = await fs.open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(generated, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.link(temporary, file);
  } catch (error) {
    if (errorCode(error) === 'EEXIST') {
      // Another process created it first: its secret is the one.
    } else if (['EPERM', 'ENOTSUP', 'ENOSYS', 'EXDEV'].includes(errorCode(error) ?? '')) {
      // A file system without hard links: exclusive create (a reader may then briefly see a
      // partial file, which readSecretFile waits out).
      await writeExclusive(file, generated);
    } else {
      throw error;
    }
  } finally {
    await fs.rm(temporary, { force: true });
  }
  const content = await readSecretFile(file);
  if (content === null) throw new Error(`the server secret file ${file} vanished after creation`);
  return content;
}

async function writeExclusive(file: string, content: string): Promise<void> {
  try {
    await fs.writeFile(file, content, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') throw error;
  }
}

/** The trimmed content, or null when the file does not exist. */
async function readSecretFile(file: string): Promise<string | null> {
  for (let attempt = 0; ; attempt += 1) {
    let content: string;
    try {
      content = (await fs.readFile(file, 'utf8')).trim();
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return null;
      throw new Error(`cannot read the server secret file ${file}: ${String(error)}`, {
        cause: error,
      });
    }
    // Only the non-atomic fallback can expose a file still being written; give it a moment.
    if (content.length >= MIN_SECRET_LENGTH || attempt >= 5) return content;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}
