// Text as a model reads it, for the scanner: the same words whatever their
// disguise. NFKC folds full-width and mathematical letters (ｉｇｎｏｒｅ, 𝐢𝐠𝐧𝐨𝐫𝐞);
// invisible characters (zero-width, soft hyphen, bidi controls) go; Cyrillic and
// Greek look-alikes become their Latin twins; markdown emphasis, inline code
// marks, escapes and HTML tags inside a line are dropped (ig**no**re, <b>ig</b>nore).
//
// Every step works within a line and never adds or removes a newline, so a line
// number in the normalized text is the line number in the original.

// Zero-width and other invisible format characters, soft hyphen, bidi controls, Hangul fillers.
const INVISIBLE = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0]/g;

// Common look-alikes a reader takes for Latin letters (Unicode's confusables, the ones seen in evasions).
const HOMOGLYPHS: Record<string, string> = {
  // Cyrillic
  а: "a", в: "b", е: "e", ё: "e", к: "k", м: "m", н: "h", о: "o", р: "p", с: "c", т: "t", у: "y", х: "x",
  і: "i", ї: "i", ј: "j", ѕ: "s", ԁ: "d", һ: "h", ԛ: "q", ԝ: "w", ӏ: "l", г: "r", п: "n", ь: "b",
  А: "A", В: "B", Е: "E", Ё: "E", К: "K", М: "M", Н: "H", О: "O", Р: "P", С: "C", Т: "T", У: "Y", Х: "X",
  І: "I", Ї: "I", Ј: "J", Ѕ: "S", Ԁ: "D", Һ: "H", Ԛ: "Q", Ԝ: "W", Ӏ: "I",
  // Greek
  α: "a", β: "b", ε: "e", η: "n", ι: "i", κ: "k", ν: "v", ο: "o", ρ: "p", τ: "t", υ: "u", χ: "x", γ: "y", ω: "w",
  Α: "A", Β: "B", Ε: "E", Ζ: "Z", Η: "H", Ι: "I", Κ: "K", Μ: "M", Ν: "N", Ο: "O", Ρ: "P", Τ: "T", Υ: "Y", Χ: "X",
  // Latin and other look-alikes NFKC keeps
  ı: "i", ȷ: "j", ɑ: "a", ɡ: "g", ɩ: "i", ʏ: "y", ᴅ: "d", ꓲ: "I", "ǀ": "l",
};
const HOMOGLYPH_ANY = new RegExp(`[${Object.keys(HOMOGLYPHS).join("")}]`);
// A code-unit table: one pass over a megabyte of Cyrillic costs a few milliseconds, a replace callback per letter ten times that.
const FOLD = new Uint16Array(0x10000);
for (const [from, to] of Object.entries(HOMOGLYPHS)) FOLD[from.charCodeAt(0)] = to.charCodeAt(0);
const UTF16 = new TextDecoder("utf-16le");

function foldHomoglyphs(text: string): string {
  if (!HOMOGLYPH_ANY.test(text)) return text;
  const units = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    units[i] = FOLD[c] || c;
  }
  return UTF16.decode(units);
}

// Inline markup, within one line: HTML tags and comments, backslash escapes,
// emphasis and code marks. "_" only at a word's edge (snake_case stays).
const HTML_COMMENT = /<!--[^\n]{0,500}?-->/g;
const HTML_TAG = /<\/?[A-Za-z][A-Za-z0-9]{0,15}(?:[ \t][^<>\n]{0,200})?\/?>/g;
const ESCAPE = /\\([!-/:-@[-`{-~])/g;
const EMPHASIS = /[*~`]+|(?<![A-Za-z0-9])_+|_+(?![A-Za-z0-9])|==/g;

/** The text a scan matches on besides the original; returns the input itself when nothing changes. */
export function normalizeForScan(text: string): string {
  // Pure ASCII without markup characters needs none of this: the common case stays cheap.
  if (!/[^\x00-\x7F]|[<\\*~`_=]/.test(text)) return text;
  let out = text.normalize("NFKC");
  out = out.replace(INVISIBLE, "");
  out = foldHomoglyphs(out);
  out = out.replace(HTML_COMMENT, "").replace(HTML_TAG, "").replace(ESCAPE, "$1").replace(EMPHASIS, "");
  return out;
}

// String literals glued back together within a line: "AKIA" + "IOSF…", 'AK' . 'IA…', "AKIA" "IOSF…".
const CONCATENATION = /(["'`])[ \t]*(?:\+|\.|\|\||)[ \t]*\1/g;

/** The text with adjacent string literals joined, for credential shapes split to hide them. */
export function joinSplitLiterals(text: string): string {
  return text.replace(CONCATENATION, "");
}
