/** Small zod building blocks shared by the configuration schemas. */
import { z } from "zod";

/** A number, also when written as text (`"5432"`, or a float kept as its text `"1.0"`). */
export const num = z.preprocess(
  (v) => (typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v)) ? Number(v) : v),
  z.number(),
);
export const int = z.preprocess(
  (v) => (typeof v === "string" && /^-?\d+$/.test(v.trim()) ? Number(v) : v),
  z.number().int(),
);
/** Text, also when YAML typed it (`version: 1.0`, `tenant_id: 42`). */
export const text = z.preprocess((v) => (typeof v === "number" || typeof v === "bigint" ? String(v) : v), z.string());
export const nonEmpty = z.preprocess((v) => (typeof v === "number" ? String(v) : v), z.string().min(1));
export const bool = z.preprocess((v) => {
  if (typeof v !== "string") return v;
  const t = v.toLowerCase();
  return t === "true" ? true : t === "false" ? false : v;
}, z.boolean());
/** Any mapping, kept whole. */
export const mapping = z.record(z.string(), z.unknown());
