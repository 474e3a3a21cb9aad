/**
 * Lossless JSON: `JSON.parse` / `JSON.stringify` that keep integers beyond 2^53 exact, as
 * `bigint`. Iceberg snapshot ids are random 63-bit longs (spec "Snapshots"); `JSON.parse` would
 * silently round them, and a rounded id points at no snapshot.
 *
 * Parsing stays on the native parser (metadata files can be megabytes): a single regex pass
 * finds the integer literals outside strings that are not safe integers and quotes them with a
 * per-call marker; after `JSON.parse`, one walk turns the marked strings into `bigint`s.
 */

const stringOrBigInteger = /"[^"\\]*(?:\\.[^"\\]*)*"|(?<![\w.+-])-?\d{16,}(?![\d.eE])/g;
const hasLongDigitRun = /\d{16}/;

function nonce(): string {
  return Math.random().toString(36).slice(2, 10) + Date.now().toString(36);
}

/** Like `JSON.parse`, but integer literals outside the safe range come back as `bigint`. */
export function parseJson(text: string): unknown {
  if (!hasLongDigitRun.test(text)) return JSON.parse(text);
  const marker = `\u0000bigint-${nonce()}:`;
  let replaced = false;
  const rewritten = text.replace(stringOrBigInteger, (token) => {
    if (token.charCodeAt(0) === 34 /* " */) return token;
    if (Number.isSafeInteger(Number(token))) return token;
    replaced = true;
    // The NUL is escaped so the marker is a valid JSON string; after parsing it is a real NUL.
    return `"\\u0000${marker.slice(1)}${token}"`;
  });
  const value: unknown = JSON.parse(rewritten);
  return replaced ? restore(value, marker) : value;
}

function restore(value: unknown, marker: string): unknown {
  if (typeof value === "string") {
    return value.startsWith(marker) ? BigInt(value.slice(marker.length)) : value;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = restore(value[i], marker);
    return value;
  }
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) record[key] = restore(record[key], marker);
  }
  return value;
}

/** Like `JSON.stringify`, but `bigint`s print as plain digits instead of throwing. */
export function stringifyJson(value: unknown, space?: number): string {
  const marker = `__bigint_${nonce()}__`;
  let found = false;
  const text = JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v !== "bigint") return v;
      found = true;
      return marker + v.toString();
    },
    space,
  );
  if (text === undefined) return text as unknown as string;
  return found ? text.replace(new RegExp(`"${marker}(-?\\d+)"`, "g"), "$1") : text;
}
