import { describe, expect, it } from 'vitest';

import { values } from './helpers.js';

describe('email', () => {
  it('finds addresses and lowercases their domain', () => {
    expect(values('write to John.Doe+bots@Example.COM.', ['email'])).toEqual([
      ['John.Doe+bots@Example.COM', 'John.Doe+bots@example.com'],
    ]);
    expect(values('a@b.co and élodie@exemple.fr', ['email'])).toEqual([
      ['a@b.co', 'a@b.co'],
      ['élodie@exemple.fr', 'élodie@exemple.fr'],
    ]);
  });

  it('refuses invalid addresses', () => {
    expect(values('john@example', ['email'])).toEqual([]);
    expect(values('john@@example.com', ['email'])).toEqual([]);
    expect(values('john.@example.com', ['email'])).toEqual([]);
    expect(values('john@example..com', ['email'])).toEqual([]);
    expect(values('@example.com', ['email'])).toEqual([]);
  });
});

describe('url', () => {
  it('finds URLs with a scheme, with www and bare domains of common TLDs', () => {
    expect(values('see https://example.com/a?b=1#c.', ['url'])).toEqual([
      ['https://example.com/a?b=1#c', 'https://example.com/a?b=1#c'],
    ]);
    expect(values('(www.example.org/menu)', ['url'])).toEqual([
      ['www.example.org/menu', 'www.example.org/menu'],
    ]);
    expect(values('go to example.com/menu, then', ['url'])).toEqual([
      ['example.com/menu', 'example.com/menu'],
    ]);
    expect(values('https://en.wikipedia.org/wiki/Foo_(bar)', ['url'])).toEqual([
      ['https://en.wikipedia.org/wiki/Foo_(bar)', 'https://en.wikipedia.org/wiki/Foo_(bar)'],
    ]);
  });

  it('does not read an address domain, a file name or a bare scheme as a URL', () => {
    expect(values('john@example.com', ['url'])).toEqual([]);
    expect(values('open report.txt', ['url'])).toEqual([]);
    expect(values('https:// nothing', ['url'])).toEqual([]);
  });

  it('leaves an address to the email slot when both are declared', () => {
    expect(values('john@example.com', ['url', 'email'])).toEqual([
      ['john@example.com', 'john@example.com'],
    ]);
  });
});
