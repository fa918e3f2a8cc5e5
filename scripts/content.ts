import { resolve } from "node:path";
import { ContentError, formatIssues, loadCatalog } from "../src/catalog/load.js";
import { shortCodeProblems } from "../src/catalog/short-codes.js";
import { shortCodesCommand } from "./content-short-codes.js";
import "./shared.js";

/**
 * npm run content:check           validates content/ (or CONTENT_DIR) and lists every problem
 * npm run -s content -- export    prints the validated catalog as JSON for other systems
 * npm run content -- short-codes   gives new procedures the next poster short codes ("TT 34")
 */
const command = process.argv[2] ?? "check";
const dir = resolve(process.env.CONTENT_DIR ?? "content");

try {
  const catalog = await loadCatalog(dir);
  if (command === "export") {
    process.stdout.write(`${JSON.stringify({ office: catalog.office, procedures: catalog.procedures }, null, 2)}\n`);
  } else if (command === "short-codes") {
    await shortCodesCommand(dir, catalog);
  } else if (command === "check") {
    const problems = shortCodeProblems(catalog.procedures, catalog.shortCodes);
    if (problems.length > 0) throw new ContentError(problems);
    const unverified = catalog.procedures.filter((procedure) => procedure.unverified.length > 0).length;
    process.stdout.write(
      `content OK: ${catalog.procedures.length} procedures in ${dir} (${unverified} with facts marked unverified)\n`,
    );
  } else {
    process.stderr.write(`unknown command "${command}": use check, export or short-codes\n`);
    process.exitCode = 2;
  }
} catch (error) {
  if (!(error instanceof ContentError)) throw error;
  process.stderr.write(`content in ${dir} is invalid (${error.issues.length} problems):\n${formatIssues(error.issues)}\n`);
  process.exitCode = 1;
}
