/**
 * POST /v1/{prefix}/namespaces/{namespace}/tables/{table}/metrics — reportMetrics. Scan and
 * commit reports are accepted and dropped (the spec allows ignoring them), but the body is still
 * read under the size limit and must be a JSON object with a `report-type`.
 */
import { z } from "zod";
import type { AppContext, Services } from "../app-env.ts";
import { noContent } from "../json-response.ts";
import { body, tableParam } from "../request-parts.ts";

const reportSchema = z.looseObject({ "report-type": z.string() });

export async function reportMetrics(c: AppContext, s: Services): Promise<Response> {
  tableParam(c);
  await body(c, s, reportSchema, "ReportMetricsRequest");
  return noContent();
}
