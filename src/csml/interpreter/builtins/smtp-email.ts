/** The email object of `SMTP(...).send(email)`, checked as the reference engine does. */
import { CsmlError } from '../errors.js';
import type { ObjectValue } from '../value.js';
import type { Json } from '../../json.js';

const ADDRESSES = ['from', 'to', 'reply_to', 'bcc', 'cc'] as const;
const TEXTS = ['subject', 'text', 'html'] as const;

/** `name@domain` or `Display Name <name@domain>`. */
const MAILBOX = /^(?:[^<>]*<\s*[^\s<>@]+@[^\s<>@]+\s*>|[^\s<>@]+@[^\s<>@]+)$/;

function stringField(email: ObjectValue, key: string, suffix: string): string | undefined {
  const value = email.entries.get(key);
  if (value === undefined) return undefined;
  if (value.kind !== 'string') {
    throw new CsmlError(`email [${key}] value need to be of type String ${suffix}`);
  }
  return value.value;
}

export function checkEmail(email: ObjectValue): Json {
  const message: Record<string, string> = {};
  for (const key of ADDRESSES) {
    const address = stringField(email, key, 'and a valid email');
    if (address === undefined) continue;
    if (!MAILBOX.test(address.trim())) throw new CsmlError(`Invalid email format: ${address}`);
    message[key] = address;
  }
  for (const key of TEXTS) {
    const text = stringField(email, key, '');
    if (text !== undefined) message[key] = text;
  }
  if (message.text === undefined && message.html === undefined) {
    throw new CsmlError('email text/html parameter is mandatory');
  }
  if (message.from === undefined || message.to === undefined) {
    throw new CsmlError('missing mandatory email parameter [from] or [to]');
  }
  return message;
}
