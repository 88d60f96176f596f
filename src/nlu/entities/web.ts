/**
 * E-mail addresses and URLs.
 *
 * An address needs a local part, one "@" and a domain whose last label is a top-level domain
 * of letters: "john@example" and "john@@example.com" are not addresses. The value is the
 * address with its domain in lowercase (domains ignore case; local parts may not).
 *
 * A URL is one with a scheme (http, https, ftp), one starting with "www.", or a bare domain
 * with a common top-level domain ("example.com/menu"); the value is the URL as written, less
 * the punctuation that ends a sentence around it.
 */
import type { Match } from './types.js';

const LOCAL = '[\\p{L}\\p{N}_%+\\-]+(?:\\.[\\p{L}\\p{N}_%+\\-]+)*';
const LABEL = '[\\p{L}\\p{N}](?:[\\p{L}\\p{N}\\-]{0,61}[\\p{L}\\p{N}])?';
const EMAIL = new RegExp(
  `(?<![\\p{L}\\p{N}_%+\\-.@])(${LOCAL})@((?:${LABEL}\\.)+\\p{L}{2,63})(?![\\p{L}\\p{N}\\-@]|\\.[\\p{L}\\p{N}])`,
  'gu',
);

export function findEmails(text: string): Match[] {
  const found: Match[] = [];
  for (const m of text.matchAll(EMAIL)) {
    const value = `${m[1] ?? ''}@${(m[2] ?? '').toLowerCase()}`;
    found.push({ start: m.index, end: m.index + m[0].length, value });
  }
  return found;
}

/** Top-level domains common enough that "example.com" alone is read as a site. */
const COMMON_TLDS = [
  'com',
  'org',
  'net',
  'edu',
  'gov',
  'io',
  'co',
  'ai',
  'app',
  'dev',
  'info',
  'biz',
  'me',
  'tv',
  'eu',
  'uk',
  'us',
  'ca',
  'fr',
  'de',
  'es',
  'it',
  'nl',
  'be',
  'ch',
  'at',
  'pt',
  'mx',
  'ar',
  'br',
  'au',
  'jp',
  'cn',
  'in',
  'ru',
];

const TAIL = '(?::[0-9]{1,5})?(?:[/?#][^\\s<>"]*)?';
const WITH_SCHEME = '(?:https?|ftp)://[^\\s<>"]+';
const WWW = `www\\.(?:${LABEL}\\.)*${LABEL}\\.\\p{L}{2,63}${TAIL}`;
const BARE = `(?:${LABEL}\\.)+(?:${COMMON_TLDS.join('|')})(?![\\p{L}\\p{N}\\-])${TAIL}`;
const URL_PATTERN = new RegExp(
  `(?<![\\p{L}\\p{N}@.\\-/])(?:${WITH_SCHEME}|${WWW}|${BARE})(?!@)`,
  'giu',
);

const CLOSING: Readonly<Record<string, string>> = { ')': '(', ']': '[', '}': '{' };

/** Drops the sentence punctuation a URL is followed by, and closing brackets it did not open. */
function trimUrl(url: string): string {
  let end = url.length;
  for (;;) {
    const last = url[end - 1];
    if (last === undefined) break;
    if ('.,;:!?\'"'.includes(last)) {
      end--;
      continue;
    }
    const opening = CLOSING[last];
    if (opening !== undefined) {
      const body = url.slice(0, end);
      if (body.split(opening).length < body.split(last).length) {
        end--;
        continue;
      }
    }
    break;
  }
  return url.slice(0, end);
}

export function findUrls(text: string): Match[] {
  const found: Match[] = [];
  for (const m of text.matchAll(URL_PATTERN)) {
    const url = trimUrl(m[0]);
    if (/^(?:https?|ftp):\/\/$/iu.test(url) || url === '') continue;
    found.push({ start: m.index, end: m.index + url.length, value: url });
  }
  return found;
}
