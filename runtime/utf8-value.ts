/**
 * The text of a value's UTF-8 bytes. A leading U+FEFF is kept: inside a value it is data, not a
 * byte order mark (a file's own mark is dropped where the file is read, `csv/utf8-input.ts`).
 * `TextDecoder` drops it by default, which lost it from values that began with it.
 */
const decoder = new TextDecoder("utf-8", { ignoreBOM: true });

export function utf8Value(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}
