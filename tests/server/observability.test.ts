/**
 * /metrics in the Prometheus text format, and the error mapping behind every response.
 */
import { describe, expect, it } from "bun:test";
import { IngestError } from "../../runtime/errors.ts";
import { createMetrics } from "../../server/observability/metrics.ts";
import { restErrorOf } from "../../server/rest-error.ts";
import { call, simpleSchema, testApp, v1 } from "./helpers.ts";

describe("/metrics", () => {
  it("counts requests by operation and status and keeps a latency histogram", async () => {
    const { app } = testApp();
    await call(app, "POST", v1("/namespaces"), { namespace: ["ns"] });
    await call(app, "POST", v1("/namespaces/ns/tables"), { name: "t", schema: simpleSchema });
    await call(app, "GET", v1("/namespaces/ns/tables/t"));
    await call(app, "GET", v1("/namespaces/ns/tables/t"));
    await call(app, "GET", v1("/namespaces/ns/tables/zz"));
    await call(app, "GET", "/nowhere");
    const res = await app.request("/metrics");
    expect(res.headers.get("content-type")).toContain("text/plain; version=0.0.4");
    const text = await res.text();
    expect(text).toContain('dativo_http_requests_total{operation="loadTable",method="GET",status="200"} 2');
    expect(text).toContain('dativo_http_requests_total{operation="loadTable",method="GET",status="404"} 1');
    expect(text).toContain('dativo_http_requests_total{operation="unmatched",method="GET",status="404"} 1');
    expect(text).toContain('dativo_http_request_duration_seconds_count{operation="loadTable"} 3');
    expect(text).toMatch(/dativo_http_request_duration_seconds_bucket\{operation="loadTable",le="\+Inf"\} 3/);
    expect(text).toContain("# TYPE dativo_catalog_commit_conflicts_total counter");
    // Table and namespace names never become labels.
    expect(text).not.toContain("ns");
  });

  it("keeps histogram buckets cumulative", () => {
    const m = createMetrics();
    m.observeRequest("op", "GET", 200, 0.003);
    m.observeRequest("op", "GET", 200, 0.3);
    const text = m.render();
    expect(text).toContain('dativo_http_request_duration_seconds_bucket{operation="op",le="0.001"} 0');
    expect(text).toContain('dativo_http_request_duration_seconds_bucket{operation="op",le="0.005"} 1');
    expect(text).toContain('dativo_http_request_duration_seconds_bucket{operation="op",le="0.5"} 2');
  });
});

describe("error mapping", () => {
  const cases: [string, number, string][] = [
    ["catalog.no_such_namespace", 404, "NoSuchNamespaceException"],
    ["catalog.no_such_table", 404, "NoSuchTableException"],
    ["catalog.already_exists", 409, "AlreadyExistsException"],
    ["catalog.namespace_not_empty", 409, "NamespaceNotEmptyException"],
    ["catalog.commit_conflict", 409, "CommitFailedException"],
    ["catalog.commit_state_unknown", 500, "CommitStateUnknownException"],
    ["catalog.bad_request", 400, "BadRequestException"],
    ["catalog.unauthorized", 401, "NotAuthorizedException"],
    ["catalog.forbidden", 403, "ForbiddenException"],
    ["catalog.unsupported", 406, "UnsupportedOperationException"],
    ["catalog.unreachable", 503, "ServiceUnavailableException"],
  ];
  for (const [code, status, type] of cases) {
    it(`answers ${code} with ${status} ${type}`, () => {
      const e = restErrorOf(new IngestError(code as never, "the message"));
      expect([e.status, e.type, e.message]).toEqual([status, type, "the message"]);
    });
  }

  it("reports an unexpected failure during a commit as CommitStateUnknownException, elsewhere as a server error", () => {
    expect(restErrorOf(new Error("socket closed"), { commit: true }).type).toBe("CommitStateUnknownException");
    expect(restErrorOf(new IngestError("store.io", "disk"), { commit: true }).status).toBe(500);
    expect(restErrorOf(new Error("boom")).type).toBe("ServiceFailureException");
    expect(restErrorOf(new Error("boom")).status).toBe(500);
  });
});
