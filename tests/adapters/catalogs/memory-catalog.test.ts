import { memoryCatalog } from "../../../adapters/catalogs/memory-catalog.ts";
import { catalogSuite } from "../../suites/catalog.suite.ts";

catalogSuite("memoryCatalog", async () => memoryCatalog());
