import { resolve } from "node:path";
import { loadWorkCalendar } from "../src/calendar/index.js";
import { ContentError, formatIssues, loadCatalog } from "../src/catalog/load.js";
import "./shared.js";

/**
 * npm run content:check           validates content/ (or CONTENT_DIR) and lists every problem
 * npm run -s content -- export    prints the validated catalog as JSON for other systems
 */
const command = process.argv[2] ?? "check";
const dir = resolve(process.env.CONTENT_DIR ?? "content");

try {
  const catalog = await loadCatalog(dir);
  if (command === "export") {
    process.stdout.write(`${JSON.stringify({ office: catalog.office, procedures: catalog.procedures }, null, 2)}\n`);
  } else if (command === "check") {
    const unverified = catalog.procedures.filter((procedure) => procedure.unverified.length > 0).length;
    const calendar = await loadWorkCalendar(dir);
    const years = calendar.coveredYears();
    const estimates = years.flatMap((year) => [...calendar.daysOffIn(year), ...calendar.makeupDaysIn(year)]).filter((day) => day.estimate).length;
    process.stdout.write(
      `content OK: ${catalog.procedures.length} procedures in ${dir} (${unverified} with facts marked unverified)\n` +
        `holidays: ${years.length > 0 ? `${years.join(", ")} (${estimates} days marked estimate)` : "no holidays.yaml: weekends and fixed-date holidays only"}\n`,
    );
  } else {
    process.stderr.write(`unknown command "${command}": use check or export\n`);
    process.exitCode = 2;
  }
} catch (error) {
  if (!(error instanceof ContentError)) throw error;
  process.stderr.write(`content in ${dir} is invalid (${error.issues.length} problems):\n${formatIssues(error.issues)}\n`);
  process.exitCode = 1;
}
