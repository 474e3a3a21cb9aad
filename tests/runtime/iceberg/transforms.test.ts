import { describe, expect, it } from "bun:test";
import { murmur3x86_32 } from "../../../runtime/iceberg/murmur3.ts";
import { humanValue, parseTransform, partitionPath } from "../../../runtime/iceberg/transforms.ts";

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
const micros = (iso: string) => Date.parse(iso) * 1000;

describe("bucket hashes (spec Appendix B test vectors)", () => {
  const hash = (type: string, value: unknown) => {
    // bucket[2^31 - 1] of a non-negative hash is the hash itself, so read the raw hash through murmur directly too.
    return parseTransform("bucket[2147483647]").apply(type, value);
  };
  const vectors: [string, unknown, number][] = [
    ["int", 34, 2017239379],
    ["long", 34, 2017239379],
    ["long", 34n, 2017239379],
    ["decimal(9, 2)", 1420n, -500754589],
    ["date", day("2017-11-16"), -653330422],
    ["time", (22 * 3600 + 31 * 60 + 8) * 1_000_000, -662762989],
    ["timestamp", micros("2017-11-16T22:31:08Z"), -2047944441],
    ["timestamptz", micros("2017-11-16T14:31:08-08:00"), -2047944441],
    ["timestamp_ns", 1510871468000001001n, -1207196810],
    ["timestamptz_ns", 1510871468000001001n, -1207196810],
    ["string", "iceberg", 1210000089],
    ["uuid", "f79c3e09-677c-4bbd-a479-3f349cb785e7", 1488055340],
    ["fixed[4]", new Uint8Array([0, 1, 2, 3]), -188683207],
    ["binary", new Uint8Array([0, 1, 2, 3]), -188683207],
  ];
  for (const [type, value, expected] of vectors) {
    it(`hashes ${type} ${String(value)} to ${expected}`, () => {
      expect(hash(type, value)).toBe((expected & 0x7fffffff) % 2147483647);
    });
  }

  it("implements murmur3 x86 32 for every tail length", () => {
    // Reference values of MurmurHash3_x86_32 with seed 0.
    expect(murmur3x86_32(new Uint8Array([]))).toBe(0);
    expect(murmur3x86_32(new TextEncoder().encode("a"))).toBe(0x3c2569b2 | 0);
    expect(murmur3x86_32(new TextEncoder().encode("ab"))).toBe(0x9bbfd75f | 0);
    expect(murmur3x86_32(new TextEncoder().encode("abc"))).toBe(0xb3dd93fa | 0);
    expect(murmur3x86_32(new TextEncoder().encode("abcd"))).toBe(0x43ed676a | 0);
  });

  it("puts ids 1 and 2 in bucket 0 of 4, as Spark did in the rename_column table", () => {
    const b = parseTransform("bucket[4]");
    expect(b.apply("int", 1)).toBe(0);
    expect(b.apply("int", 2)).toBe(0);
    expect(b.resultType("int")).toBe("int");
  });

  it("refuses to bucket floats and booleans", () => {
    expect(() => parseTransform("bucket[4]").resultType("double")).toThrow("cannot apply to type double");
    expect(() => parseTransform("bucket[4]").resultType("boolean")).toThrow("cannot apply to type boolean");
  });
});

describe("time transforms", () => {
  it("maps dates and timestamps to years, months, days and hours since 1970", () => {
    const ts = micros("2024-06-01T10:30:00Z");
    expect(parseTransform("year").apply("timestamp", ts)).toBe(54);
    expect(parseTransform("month").apply("timestamptz", ts)).toBe(54 * 12 + 5);
    expect(parseTransform("day").apply("timestamp", ts)).toBe(day("2024-06-01"));
    expect(parseTransform("hour").apply("timestamp", ts)).toBe(Math.floor(ts / 3_600_000_000));
    expect(parseTransform("year").apply("date", day("2024-06-01"))).toBe(54);
    expect(parseTransform("day").apply("timestamp_ns", BigInt(ts) * 1000n)).toBe(day("2024-06-01"));
  });

  it("floors times before 1970", () => {
    expect(parseTransform("day").apply("timestamp", -1)).toBe(-1);
    expect(parseTransform("hour").apply("timestamp", -1)).toBe(-1);
    expect(parseTransform("month").apply("date", -1)).toBe(-1);
    expect(parseTransform("year").apply("date", -1)).toBe(-1);
  });

  it("names result types: int for year, month, hour; date for day", () => {
    expect(parseTransform("year").resultType("date")).toBe("int");
    expect(parseTransform("day").resultType("timestamptz")).toBe("date");
    expect(() => parseTransform("hour").resultType("date")).toThrow("cannot apply");
    expect(() => parseTransform("day").resultType("string")).toThrow("cannot apply");
  });

  it("prints human strings as Java does", () => {
    expect(parseTransform("year").humanString("date", 54)).toBe("2024");
    expect(parseTransform("month").humanString("date", 54 * 12 + 5)).toBe("2024-06");
    expect(parseTransform("month").humanString("date", -1)).toBe("1969-12");
    expect(parseTransform("day").humanString("timestamp", day("2024-06-01"))).toBe("2024-06-01");
    expect(parseTransform("hour").humanString("timestamp", 473_362)).toBe("2024-01-01-10");
    expect(parseTransform("hour").humanString("timestamp", -1)).toBe("1969-12-31-23");
  });
});

describe("truncate, identity and void", () => {
  it("truncates as the spec's examples do", () => {
    const t10 = parseTransform("truncate[10]");
    expect(t10.apply("int", 1)).toBe(0);
    expect(t10.apply("int", -1)).toBe(-10);
    expect(t10.apply("long", 9158179788527662767n)).toBe(9158179788527662760n);
    expect(parseTransform("truncate[50]").apply("decimal(9, 2)", 1065n)).toBe(1050n);
    expect(parseTransform("truncate[3]").apply("string", "iceberg")).toBe("ice");
    expect(parseTransform("truncate[2]").apply("string", "🐇🐇🐇")).toBe("🐇🐇");
    expect(parseTransform("truncate[2]").apply("binary", new Uint8Array([1, 2, 3]))).toEqual(new Uint8Array([1, 2]));
    expect(() => parseTransform("truncate[2]").resultType("double")).toThrow("cannot apply");
  });

  it("keeps values with identity and drops them with void", () => {
    expect(parseTransform("identity").apply("string", "x")).toBe("x");
    expect(parseTransform("identity").resultType("decimal(10, 2)")).toBe("decimal(10, 2)");
    expect(parseTransform("void").apply("int", 5)).toBeNull();
    expect(parseTransform("void").humanString("int", null)).toBe("null");
  });

  it("passes null through every transform", () => {
    for (const t of ["identity", "year", "bucket[3]", "truncate[4]"]) expect(parseTransform(t).apply("date", null)).toBeNull();
  });

  it("refuses unknown transforms with the list of known ones", () => {
    expect(() => parseTransform("weekly")).toThrow("use identity, year, month, day, hour, bucket[N], truncate[W] or void");
  });
});

describe("human strings and paths", () => {
  it("renders identity values by type", () => {
    expect(humanValue("date", day("2024-06-01"))).toBe("2024-06-01");
    expect(humanValue("timestamp", micros("2024-06-01T10:00:00Z"))).toBe("2024-06-01T10:00:00");
    expect(humanValue("timestamptz", micros("2024-06-01T10:00:00.5Z"))).toBe("2024-06-01T10:00:00.500000Z");
    expect(humanValue("time", 3_723_000_001)).toBe("01:02:03.000001");
    expect(humanValue("decimal(10, 2)", -5n)).toBe("-0.05");
    expect(humanValue("decimal(10, 0)", 12)).toBe("12");
    expect(humanValue("binary", new Uint8Array([0, 1, 2, 3]))).toBe("AAECAw==");
    expect(humanValue("boolean", true)).toBe("true");
  });

  it("builds Hive-style partition paths", () => {
    const path = partitionPath(
      [
        { name: "ingest_date", transform: "day", sourceType: "timestamptz" },
        { name: "id_bucket", transform: "bucket[4]", sourceType: "int" },
        { name: "name", transform: "identity", sourceType: "string" },
      ],
      [day("2024-06-01"), 3, "a b/c"],
    );
    expect(path).toBe("ingest_date=2024-06-01/id_bucket=3/name=a%20b%2Fc");
    expect(partitionPath([{ name: "date", transform: "identity", sourceType: "date" }], [null])).toBe("date=null");
  });
});
