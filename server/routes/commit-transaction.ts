/** POST /v1/{prefix}/transactions/commit — commitTransaction: every table change or none. */
import type { TableCommit } from "../../runtime/catalog.ts";
import type { TableRequirement, TableUpdate } from "../../runtime/iceberg/types.ts";
import type { AppContext, Services } from "../app-env.ts";
import { withCommitRetry } from "../commit-retry.ts";
import { noContent } from "../json-response.ts";
import { identifier } from "../names.ts";
import { body } from "../request-parts.ts";
import { commitTransactionRequestSchema } from "../request-schemas.ts";
import { badRequest } from "../rest-error.ts";
import { checkUpdateLocations } from "./update-table.ts";

export async function commitTransaction(c: AppContext, s: Services): Promise<Response> {
  const request = await body(c, s, commitTransactionRequestSchema, "CommitTransactionRequest");
  const warehouse = c.get("warehouse");
  const seen = new Set<string>();
  const commits: TableCommit[] = request["table-changes"].map((change) => {
    const id = identifier(change.identifier.namespace, change.identifier.name);
    const key = [...id.namespace, id.name].join("\u001f");
    if (seen.has(key)) throw badRequest(`table ${[...id.namespace, id.name].join(".")} appears twice in table-changes; merge its changes into one entry`);
    seen.add(key);
    checkUpdateLocations(change.updates, warehouse.location);
    return { identifier: id, requirements: change.requirements as TableRequirement[], updates: change.updates as TableUpdate[] };
  });
  await withCommitRetry(() => warehouse.catalog.commitTransaction(commits));
  return noContent();
}
