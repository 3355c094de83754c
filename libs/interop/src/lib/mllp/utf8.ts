/**
 * UTF-8 codec shared by the MLLP encoder and decoder. TextEncoder/TextDecoder are globals in Node and
 * browsers, so the library needs no Buffer and no node: import. `fatal: false` turns bad bytes into U+FFFD
 * instead of throwing: a garbled byte must not take the listener down.
 */
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });

export function encodeUtf8(text: string): Uint8Array {
  return encoder.encode(text);
}

export function decodeUtf8(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}
