import { describe, expect, it } from 'vitest';

import { call, errorOf, expectValue, v } from './helpers.js';

const s = v.s;

describe('URI codecs', () => {
  it.each([
    [
      'encode_uri',
      'https://mozilla.org/?key=ы&key2=value2#fragid1=1,4,ы,6',
      'https://mozilla.org/?key=%D1%8B&key2=value2#fragid1=1,4,%D1%8B,6',
    ],
    [
      'decode_uri',
      'https://mozilla.org/?key=%D1%8B&key2=value2#fragid1=1,4,%D1%8B,6',
      'https://mozilla.org/?key=ы&key2=value2#fragid1=1,4,ы,6',
    ],
    ['encode_uri', 'https://a.b/c d?q=a b+c&e=', 'https://a.b/c d?q=a%20b%20c&e'],
    ['encode_uri', 'https://a.b/?x=1&&y=%41', 'https://a.b/?x=1&y=A'],
    ['encode_uri', 'https://a.b/path é', 'https://a.b/path é'],
    ['encode_uri', 'no scheme?x=é', 'no scheme?x=é'],
    ['encode_uri', 'https://a.b/?', 'https://a.b/'],
    ['decode_uri', 'https://a.b/?x=%2541', 'https://a.b/?x=A'],
    ['encode_uri_component', 'a b+c/é~_.-', 'a%20b%2Bc%2F%C3%A9~_.-'],
    ['encode_uri_component', '😀', '%F0%9F%98%80'],
    ['decode_uri_component', 'a%20b%2Bc%2F%C3%A9', 'a b+c/é'],
    ['decode_uri_component', '100%', '100%'],
    ['decode_uri_component', '%zz%41+', '%zzA+'],
  ])('%s(%j)', (name, text, expected) => {
    expectValue(call(s(text), name), s(expected));
  });

  it('refuses percent-codes that are not UTF-8', () => {
    expect(errorOf(s('%E9'), 'decode_uri_component')).toBe('Invalid UTF8 string');
  });

  it('takes no argument', () => {
    expect(errorOf(s(''), 'encode_uri', [s('')])).toBe('usage: encode_uri() => String');
    expect(errorOf(s(''), 'decode_uri', [s('')])).toBe('usage: encode_uri() => String');
    expect(errorOf(s(''), 'decode_uri_component', [s('')])).toBe(
      'usage: decode_uri_component() => String',
    );
  });
});

describe('HTML entities', () => {
  it.each([
    ['encode_html_entities', '<a><b>42</b></a>', '&lt;a&gt;&lt;b&gt;42&lt;/b&gt;&lt;/a&gt;'],
    ['encode_html_entities', 'a & "b"', 'a &amp; "b"'],
    ['decode_html_entities', '&lt;a&gt;&lt;b&gt;42&lt;/b&gt;&lt;/a&gt;', '<a><b>42</b></a>'],
    [
      'decode_html_entities',
      '&amp;lt; &quot;&apos;&nbsp;&eacute;&hellip;&euro;',
      '&lt; "\'\u00a0é…€',
    ],
    ['decode_html_entities', '&#65;&#x42;&#X43;&#+68;', 'ABCD'],
    [
      'decode_html_entities',
      '&unknown; &#; &#x; &; &#xD800; &#1114112;',
      '&unknown; &#; &#x; &; &#xD800; &#1114112;',
    ],
    ['decode_html_entities', '&a &amp;', '&a &amp;'],
    ['decode_html_entities', 'AT&T', 'AT&T'],
    ['decode_html_entities', '&sigmaf;&Omega;&lang;', 'ςΩ⟨'],
    ['decode_html_entities', '&iexcl;&Agrave;&times;&yuml;&piv;&diams;', '¡À×ÿϖ♦'],
  ])('%s(%j)', (name, text, expected) => {
    expectValue(call(s(text), name), s(expected));
  });
});
