import { describe, expect, it } from "bun:test";
import { type Dialect, keysetWhere, rangesFromPoints, splitPoints } from "../../../adapters/sources/sql-keyset.ts";
import { mysqlColumnType, pgColumnType, formatColumnType } from "../../../adapters/sources/sql-types.ts";

const d: Dialect = { ident: (n) => `"${n}"`, literal: (v) => `'${v}'` };

describe("keysetWhere", () => {
  it("reads strictly after (cursor, key) so equal cursor values are told apart by the key", () => {
    expect(keysetWhere({ column: "ts", key: ["id"], after: { value: "T1", key: { id: 8 } } }, d)).toBe(
      `"ts" IS NOT NULL AND "ts" >= 'T1' AND ("ts" > 'T1' OR ("ts" = 'T1' AND "id" > '8'))`,
    );
  });

  it("reads strictly after the cursor value when there is no key", () => {
    expect(keysetWhere({ column: "ts", key: [], after: { value: "T1" } }, d)).toBe(`"ts" IS NOT NULL AND "ts" > 'T1'`);
  });

  it("bounds a range half-open and applies the lookback start", () => {
    expect(keysetWhere({ column: "k", key: [], from: 10, to: 20, since: 5 }, d)).toBe(`"k" IS NOT NULL AND "k" >= '10' AND "k" < '20' AND "k" >= '5'`);
  });
});

describe("splitPoints", () => {
  it("splits integer, int8 and timestamp ranges into equal widths", () => {
    expect(splitPoints(1, 100, 4, { kind: "int" })).toEqual([25, 50, 75]);
    expect(splitPoints("0", "9000000000000000000", 3, { kind: "long" })).toEqual(["3000000000000000000", "6000000000000000000"]);
    expect(splitPoints("2024-01-01T00:00:00.000000Z", "2024-01-01T00:00:00.000004Z", 2, { kind: "timestamptz" })).toEqual(["2024-01-01T00:00:00.000002Z"]);
    expect(splitPoints("2024-01-01", "2024-01-11", 2, { kind: "date" })).toEqual(["2024-01-06"]);
  });

  it("drops boundaries that would make empty ranges", () => {
    expect(splitPoints(1, 2, 8, { kind: "int" })).toEqual([]);
  });

  it("makes the first range resume after a stored position and leaves the ends open", () => {
    expect(rangesFromPoints([5], { value: 3, key: { id: 1 } })).toEqual([
      { from: null, to: 5, value: 3, key: { id: 1 } },
      { from: 5, to: null },
    ]);
  });
});

describe("column type mapping", () => {
  it("maps PostgreSQL numerics within 38 digits to decimals and the rest to text", () => {
    expect(formatColumnType(pgColumnType({ typname: "numeric", formatted: "numeric(12,3)", typtype: "b" }))).toBe("decimal(12,3)");
    expect(formatColumnType(pgColumnType({ typname: "numeric", formatted: "numeric(50,3)", typtype: "b" }))).toBe("string");
    expect(formatColumnType(pgColumnType({ typname: "_text", formatted: "text[]", typtype: "b", elemTypname: "text", elemTyptype: "b" }))).toBe("list<string>");
  });

  it("maps MySQL tinyint(1) to boolean, unsigned bigint to decimal(20,0) and TIMESTAMP to timestamptz", () => {
    expect(formatColumnType(mysqlColumnType("tinyint(1)"))).toBe("boolean");
    expect(formatColumnType(mysqlColumnType("bigint(20) unsigned"))).toBe("decimal(20,0)");
    expect(formatColumnType(mysqlColumnType("timestamp(6)"))).toBe("timestamptz");
    expect(formatColumnType(mysqlColumnType("float(53,2)"))).toBe("double");
  });
});
