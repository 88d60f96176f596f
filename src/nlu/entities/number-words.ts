/**
 * Numbers written in words, in English, French, Spanish and German: "twenty three",
 * "vingt-trois", "veintitrés", "dreiundzwanzig", up to the billions.
 *
 * Words become atoms (a unit, a ten, "hundred", a scale such as "thousand"...), and a small
 * state machine accepts only the orders a language writes them in, so "three four" is two
 * numbers and "twenty thirty" is not fifty. Articles ("a", "un", "ein") count as 1 only before
 * a multiplier ("a hundred", "un million"): alone they are articles, so "une table pour deux"
 * gives 2 and not 1.
 */
import type { NluLanguage } from '../text/languages.js';
import type { Token } from '../text/tokens.js';

type AtomKind =
  | 'zero'
  | 'unit'
  | 'teen'
  | 'ten'
  | 'tenUnit'
  | 'hundred'
  | 'hundreds'
  | 'scale'
  | 'and'
  | 'article';

interface Atom {
  readonly kind: AtomKind;
  readonly value: number;
}

type Lexicon = Readonly<Record<string, Atom>>;

const a = (kind: AtomKind, value: number): Atom => ({ kind, value });

function words(kind: AtomKind, list: readonly (readonly [string, number])[]): Record<string, Atom> {
  return Object.fromEntries(list.map(([word, value]) => [word, a(kind, value)]));
}

const UNITS_EN = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const TEENS_EN = [
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const TENS_EN = ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

const EN: Lexicon = {
  zero: a('zero', 0),
  ...words(
    'unit',
    UNITS_EN.map((w, i) => [w, i + 1]),
  ),
  ...words(
    'teen',
    TEENS_EN.map((w, i) => [w, i + 10]),
  ),
  ...words(
    'ten',
    TENS_EN.map((w, i) => [w, (i + 2) * 10]),
  ),
  hundred: a('hundred', 100),
  thousand: a('scale', 1e3),
  million: a('scale', 1e6),
  billion: a('scale', 1e9),
  a: a('article', 1),
  an: a('article', 1),
  and: a('and', 0),
};

const FR: Lexicon = {
  zero: a('zero', 0),
  un: a('article', 1),
  une: a('article', 1),
  ...words('unit', [
    ['deux', 2],
    ['trois', 3],
    ['quatre', 4],
    ['cinq', 5],
    ['six', 6],
    ['sept', 7],
    ['huit', 8],
    ['neuf', 9],
  ]),
  ...words('teen', [
    ['dix', 10],
    ['onze', 11],
    ['douze', 12],
    ['treize', 13],
    ['quatorze', 14],
    ['quinze', 15],
    ['seize', 16],
  ]),
  ...words('ten', [
    ['vingt', 20],
    ['vingts', 20],
    ['trente', 30],
    ['quarante', 40],
    ['cinquante', 50],
    ['soixante', 60],
    ['septante', 70],
    ['huitante', 80],
    ['octante', 80],
    ['nonante', 90],
  ]),
  cent: a('hundred', 100),
  cents: a('hundred', 100),
  mille: a('scale', 1e3),
  mil: a('scale', 1e3),
  million: a('scale', 1e6),
  millions: a('scale', 1e6),
  milliard: a('scale', 1e9),
  milliards: a('scale', 1e9),
  et: a('and', 0),
};

const HUNDREDS_ES: readonly (readonly [string, number])[] = [
  ['doscientos', 200],
  ['trescientos', 300],
  ['cuatrocientos', 400],
  ['quinientos', 500],
  ['seiscientos', 600],
  ['setecientos', 700],
  ['ochocientos', 800],
  ['novecientos', 900],
];

const ES: Lexicon = {
  cero: a('zero', 0),
  un: a('article', 1),
  una: a('article', 1),
  ...words('unit', [
    ['uno', 1],
    ['dos', 2],
    ['tres', 3],
    ['cuatro', 4],
    ['cinco', 5],
    ['seis', 6],
    ['siete', 7],
    ['ocho', 8],
    ['nueve', 9],
  ]),
  ...words('teen', [
    ['diez', 10],
    ['once', 11],
    ['doce', 12],
    ['trece', 13],
    ['catorce', 14],
    ['quince', 15],
    ['dieciseis', 16],
    ['diecisiete', 17],
    ['dieciocho', 18],
    ['diecinueve', 19],
  ]),
  ...words('tenUnit', [
    ['veintiun', 21],
    ['veintiuno', 21],
    ['veintiuna', 21],
    ['veintidos', 22],
    ['veintitres', 23],
    ['veinticuatro', 24],
    ['veinticinco', 25],
    ['veintiseis', 26],
    ['veintisiete', 27],
    ['veintiocho', 28],
    ['veintinueve', 29],
  ]),
  ...words('ten', [
    ['veinte', 20],
    ['treinta', 30],
    ['cuarenta', 40],
    ['cincuenta', 50],
    ['sesenta', 60],
    ['setenta', 70],
    ['ochenta', 80],
    ['noventa', 90],
  ]),
  cien: a('hundreds', 100),
  ciento: a('hundreds', 100),
  ...words('hundreds', HUNDREDS_ES),
  ...words(
    'hundreds',
    HUNDREDS_ES.map(([w, v]) => [w.replace(/os$/u, 'as'), v]),
  ),
  mil: a('scale', 1e3),
  millon: a('scale', 1e6),
  millones: a('scale', 1e6),
  y: a('and', 0),
};

/** German writes numbers as one word; these are the pieces, longest first when cutting. */
const DE_PIECES: Lexicon = {
  null: a('zero', 0),
  eins: a('unit', 1),
  ein: a('unit', 1),
  eine: a('unit', 1),
  ...words('unit', [
    ['zwei', 2],
    ['drei', 3],
    ['vier', 4],
    ['funf', 5],
    ['sechs', 6],
    ['sieben', 7],
    ['acht', 8],
    ['neun', 9],
  ]),
  ...words('teen', [
    ['zehn', 10],
    ['elf', 11],
    ['zwolf', 12],
    ['dreizehn', 13],
    ['vierzehn', 14],
    ['funfzehn', 15],
    ['sechzehn', 16],
    ['siebzehn', 17],
    ['achtzehn', 18],
    ['neunzehn', 19],
  ]),
  ...words('ten', [
    ['zwanzig', 20],
    ['dreissig', 30],
    ['vierzig', 40],
    ['funfzig', 50],
    ['sechzig', 60],
    ['siebzig', 70],
    ['achtzig', 80],
    ['neunzig', 90],
  ]),
  hundert: a('hundred', 100),
  tausend: a('scale', 1e3),
  million: a('scale', 1e6),
  millionen: a('scale', 1e6),
  milliarde: a('scale', 1e9),
  milliarden: a('scale', 1e9),
  und: a('and', 0),
};

/** Standalone German articles: "ein" is 1 only inside a compound or before a multiplier. */
const DE_ARTICLES = new Set(['ein', 'eine', 'einen', 'einem', 'einer']);

const DE_PIECE = new RegExp(
  Object.keys(DE_PIECES)
    .sort((x, y) => y.length - x.length)
    .join('|'),
  'uy',
);

function germanAtoms(word: string): Atom[] | undefined {
  if (DE_ARTICLES.has(word)) return [a('article', 1)];
  const atoms: Atom[] = [];
  let at = 0;
  while (at < word.length) {
    DE_PIECE.lastIndex = at;
    const piece = DE_PIECE.exec(word);
    if (!piece) return undefined;
    const atom = DE_PIECES[piece[0]];
    if (!atom) return undefined;
    atoms.push(atom);
    at += piece[0].length;
  }
  return atoms.length > 0 ? atoms : undefined;
}

const LEXICONS: Readonly<Record<Exclude<NluLanguage, 'de'>, Lexicon>> = { en: EN, fr: FR, es: ES };

/** The atoms of one folded word, or undefined when it is no number word. */
export function numberAtoms(word: string, language: NluLanguage): Atom[] | undefined {
  if (language === 'de') return germanAtoms(word);
  const atom = LEXICONS[language][word];
  return atom ? [atom] : undefined;
}

/** Whether a folded word is a multiplier ("thousand", "million", "mille", "mil"...). */
export function scaleOf(word: string, language: NluLanguage): number | undefined {
  const atoms = numberAtoms(word, language);
  const only = atoms?.length === 1 ? atoms[0] : undefined;
  return only?.kind === 'scale' ? only.value : undefined;
}

interface State {
  total: number;
  group: number;
  hasHundreds: boolean;
  tens: number;
  hasUnits: boolean;
  /** The group so far is just an article ("a", "un"): it needs a multiplier to be a number. */
  articleOnly: boolean;
  pendingAnd: boolean;
  lastScale: number;
  last: Atom | undefined;
  started: boolean;
  closed: boolean;
}

function initialState(): State {
  return {
    total: 0,
    group: 0,
    hasHundreds: false,
    tens: 0,
    hasUnits: false,
    articleOnly: false,
    pendingAnd: false,
    lastScale: Infinity,
    last: undefined,
    started: false,
    closed: false,
  };
}

/** Applies one atom; false when the language does not continue a number this way. */
function apply(s: State, atom: Atom, language: NluLanguage): boolean {
  if (s.closed) return false;
  const lastWasTen = s.last?.kind === 'ten';
  switch (atom.kind) {
    case 'zero':
      if (s.started) return false;
      s.started = true;
      s.closed = true;
      break;
    case 'and': {
      if (!s.started || s.pendingAnd || s.articleOnly) return false;
      const lastKind = s.last?.kind;
      // "one hundred and five", "dreiundzwanzig", "vingt et un", "treinta y uno".
      const ok =
        language === 'en'
          ? lastKind === 'hundred' || lastKind === 'scale'
          : language === 'de'
            ? lastKind === 'unit' && s.tens === 0
            : lastWasTen;
      if (!ok) return false;
      s.pendingAnd = true;
      return true;
    }
    case 'article':
      if (!s.started) {
        s.started = true;
        s.articleOnly = true;
        s.group = 1;
        s.hasUnits = true;
        break;
      }
      // "vingt et un", "cent un", "treinta y un": inside a number the article is the unit 1.
      return apply(s, { kind: 'unit', value: 1 }, language);
    case 'unit': {
      if (s.hasUnits) {
        // French "dix-sept": a unit after "dix" (itself after nothing or after 60/80).
        if (
          language === 'fr' &&
          s.last?.kind === 'teen' &&
          s.last.value === 10 &&
          atom.value >= 7
        ) {
          s.group += atom.value;
          break;
        }
        return false;
      }
      if (s.tens > 0 && language === 'de') return false;
      if (s.tens > 0 && language === 'es' && s.tens >= 30 && !s.pendingAnd) return false;
      s.group += atom.value;
      s.hasUnits = true;
      break;
    }
    case 'teen': {
      const frenchSixtyOrEighty =
        language === 'fr' && lastWasTen && (s.tens === 60 || s.tens === 80) && !s.hasUnits;
      if ((s.tens > 0 || s.hasUnits) && !frenchSixtyOrEighty) return false;
      if (frenchSixtyOrEighty && s.pendingAnd && atom.value !== 11) return false;
      s.group += atom.value;
      s.tens = Math.max(s.tens, 10);
      s.hasUnits = true;
      break;
    }
    case 'ten': {
      // French "quatre-vingt(s)": 4 × 20.
      if (
        language === 'fr' &&
        atom.value === 20 &&
        s.last?.kind === 'unit' &&
        s.last.value === 4 &&
        s.tens === 0
      ) {
        s.group += 76;
        s.tens = 80;
        s.hasUnits = false;
        break;
      }
      // German "dreiundzwanzig": units, "und", then the ten.
      if (language === 'de' && s.pendingAnd && s.hasUnits && s.tens === 0) {
        s.group += atom.value;
        s.tens = atom.value;
        break;
      }
      if (s.tens > 0 || s.hasUnits) return false;
      s.group += atom.value;
      s.tens = atom.value;
      break;
    }
    case 'tenUnit':
      if (s.tens > 0 || s.hasUnits) return false;
      s.group += atom.value;
      s.tens = atom.value;
      s.hasUnits = true;
      break;
    case 'hundred':
      if (s.hasHundreds || s.tens > 0 || s.group >= 10) return false;
      s.group = (s.group || 1) * 100;
      s.hasHundreds = true;
      s.hasUnits = false;
      s.articleOnly = false;
      break;
    case 'hundreds':
      if (s.hasHundreds || s.group !== 0) return false;
      s.group = atom.value;
      s.hasHundreds = true;
      break;
    case 'scale':
      if (atom.value >= s.lastScale || s.pendingAnd) return false;
      s.total += (s.group || 1) * atom.value;
      s.group = 0;
      s.hasHundreds = false;
      s.tens = 0;
      s.hasUnits = false;
      s.articleOnly = false;
      s.lastScale = atom.value;
      break;
  }
  s.started = true;
  s.pendingAnd = false;
  s.last = atom;
  return true;
}

export interface WordNumber {
  /** Token indices, end exclusive. */
  readonly from: number;
  readonly to: number;
  readonly value: number;
}

/** What may separate the words of one number: spaces and hyphens ("twenty-three"). */
const JOINER = /^[\s\-\u2010\u2011]{0,3}$/u;

/** The longest number written in words that starts at token `from`, if any. */
function numberAt(
  text: string,
  tokens: readonly Token[],
  from: number,
  language: NluLanguage,
): WordNumber | undefined {
  const state = initialState();
  let end = from;
  let value: number | undefined;
  for (let i = from; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (i > from) {
      const previous = tokens[i - 1]!;
      if (!JOINER.test(text.slice(previous.utf16End, token.utf16Start))) break;
    }
    const atoms = numberAtoms(token.norm, language);
    if (!atoms) break;
    const saved = { ...state };
    if (!atoms.every((atom) => apply(state, atom, language))) {
      Object.assign(state, saved);
      break;
    }
    if (!state.pendingAnd && !state.articleOnly) {
      end = i + 1;
      value = state.total + state.group;
    }
  }
  return value === undefined ? undefined : { from, to: end, value };
}

/** Every number written in words in the text, left to right, never overlapping. */
export function findWordNumbers(
  text: string,
  tokens: readonly Token[],
  language: NluLanguage,
): WordNumber[] {
  const found: WordNumber[] = [];
  for (let i = 0; i < tokens.length;) {
    const number = numberAt(text, tokens, i, language);
    if (number) {
      found.push(number);
      i = number.to;
    } else {
      i++;
    }
  }
  return found;
}
