// Just enough XML writing for the JUnit report: escaping for text and attributes, and removal of the
// characters XML 1.0 cannot carry at all (control characters, lone surrogates, U+FFFE/U+FFFF), which
// a hostile server can put in any header or body the report quotes.

/** Characters outside XML 1.0's Char production: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]. */
const INVALID = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** The text with every character XML 1.0 cannot hold replaced by U+FFFD. */
export function xmlSafe(text: string): string {
  return text.replace(INVALID, '\uFFFD');
}

/** Character data: & < > escaped ( > for the "]]>" sequence). */
export function escapeText(text: string): string {
  return xmlSafe(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An attribute value (always written in double quotes): also quotes, and whitespace that parsers would normalise. */
export function escapeAttr(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

/** `<name a="1" b="2"` ... with attributes in the given order; undefined values left out. */
export function openTag(name: string, attrs: Record<string, string | number | undefined>, selfClosing = false): string {
  const list = Object.entries(attrs)
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([k, v]) => ` ${k}="${escapeAttr(String(v))}"`)
    .join('');
  return `<${name}${list}${selfClosing ? '/>' : '>'}`;
}
