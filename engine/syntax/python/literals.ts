// Values of number and string literals, read from their source text.

/** The value of a Python number literal and whether it is an integer literal. */
export function numberValue(raw: string): { value: number; isInt: boolean } {
  const text = raw.replace(/_/g, '');
  if (/^0[xX][0-9a-fA-F]+$/.test(text)) return { value: parseInt(text.slice(2), 16), isInt: true };
  if (/^0[oO][0-7]+$/.test(text)) return { value: parseInt(text.slice(2), 8), isInt: true };
  if (/^0[bB][01]+$/.test(text)) return { value: parseInt(text.slice(2), 2), isInt: true };
  if (/[jJ]$/.test(text)) {
    // Imaginary literals have no real value the engine could use; keep the magnitude.
    const value = Number(text.slice(0, -1));
    return { value: Number.isNaN(value) ? NaN : value, isInt: false };
  }
  const isInt = /^\d+$/.test(text);
  const value = Number(text);
  return { value: Number.isNaN(value) ? NaN : value, isInt };
}

/** A Python float literal that Lezer splits into pieces (`1.`, `1.e5`, `1.e-3`), matched at an offset. */
const FLOAT_AT = /\d[\d_]*\.(?:\d[\d_]*)?(?:[eE][+-]?\d[\d_]*)?[jJ]?/y;

/** The float literal starting at `offset`, if the text there is one that ends with `.` or has a dot exponent. */
export function floatAt(text: string, offset: number): string | undefined {
  FLOAT_AT.lastIndex = offset;
  const m = FLOAT_AT.exec(text);
  return m ? m[0] : undefined;
}

interface StringParts {
  prefix: string;
  /** The text between the quotes, as written. */
  body: string;
}

/** Split a string token into its prefix letters and the text between its quotes. */
export function splitString(raw: string): StringParts | undefined {
  const m = /^([rRbBuUfFtT]*)('''|"""|'|")/.exec(raw);
  if (!m) return undefined;
  const prefix = m[1].toLowerCase();
  const quote = m[2];
  let body = raw.slice(m[0].length);
  // An unterminated string (while typing) has no closing quote: keep what is there.
  if (body.endsWith(quote) && body.length >= quote.length) body = body.slice(0, body.length - quote.length);
  return { prefix, body };
}

const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '0': '\0',
};

/** Apply the common backslash escapes; unknown escapes stay as written, as Python keeps them. */
export function unescape(body: string): string {
  if (!body.includes('\\')) return body;
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|\r\n|[\s\S])/g, (whole, esc: string) => {
    if (esc === '\n' || esc === '\r\n') return '';
    if (esc.length > 1 && (esc[0] === 'x' || esc[0] === 'u' || esc[0] === 'U')) {
      const code = parseInt(esc.slice(1), 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return SIMPLE_ESCAPES[esc] ?? whole;
  });
}

/** The value of one string token, or undefined for f-strings and t-strings. */
export function stringValue(raw: string): string | undefined {
  const parts = splitString(raw);
  if (!parts || parts.prefix.includes('f') || parts.prefix.includes('t')) return undefined;
  return parts.prefix.includes('r') ? parts.body : unescape(parts.body);
}

/** The docstring text of one string token: the content as written, or undefined for f-strings. */
export function docstringText(raw: string): string | undefined {
  const parts = splitString(raw);
  if (!parts || parts.prefix.includes('f') || parts.prefix.includes('t')) return undefined;
  return parts.body;
}
