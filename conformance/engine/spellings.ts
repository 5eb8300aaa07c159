// The spellings a secret value can take in what the suite writes: as it is, percent-encoded (either
// hex case, and form-encoded), JSON-escaped (a server's JSON body, or the report's own JSON),
// base64 and base64url (Basic credentials, tokens that embed it). report/redact.ts replaces every
// one of them; the engine (retention.ts) never cuts a body in the middle of one.

export function spellings(value: string): string[] {
  if (value === '') return [];
  const encoded = encodeURIComponent(value);
  const json = JSON.stringify(value).slice(1, -1);
  const all = [
    value,
    encoded,
    encoded.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()),
    encoded.replace(/%20/g, '+'),
    json,
    // JSON.stringify leaves non-ASCII as it is; other encoders write \\uXXXX.
    json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`),
  ];
  // base64 of a value shorter than 3 bytes is mostly padding and would match ordinary text.
  if (Buffer.byteLength(value) >= 6) {
    const b64 = Buffer.from(value).toString('base64');
    all.push(b64, b64.replace(/=+$/, ''), Buffer.from(value).toString('base64url'));
  }
  return [...new Set(all)];
}
