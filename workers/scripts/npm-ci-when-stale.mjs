// Runs `npm ci` in this folder unless node_modules already holds what package-lock.json lists (npm records what it
// installed in node_modules/.package-lock.json). The AppHost runs it before the emulator: a plain `npm ci` would first
// delete node_modules under an emulator or a test that is using it.
// Run: node scripts/npm-ci-when-stale.mjs
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const folder = fileURLToPath(new URL("..", import.meta.url));

function lockedPackages(path) {
	try {
		return JSON.parse(readFileSync(new URL(path, new URL("..", import.meta.url)), "utf8")).packages ?? {};
	} catch {
		return undefined;
	}
}

const wanted = lockedPackages("package-lock.json");
const present = lockedPackages("node_modules/.package-lock.json");
// Optional packages for other platforms (workerd's binaries for macOS or Windows, say) are listed but never installed.
const missing = present === undefined
	? ["node_modules"]
	: Object.entries(wanted)
		.filter(([path, lock]) => path !== "" && present[path]?.version !== lock.version && !(lock.optional && !present[path]))
		.map(([path]) => path);

if (missing.length === 0) {
	console.log("node_modules matches package-lock.json; npm ci skipped");
	process.exit(0);
}

console.log(`npm ci (node_modules lacks ${missing.slice(0, 3).join(", ")}${missing.length > 3 ? ", …" : ""})`);
const { status, error } = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: folder, stdio: "inherit" });
if (error) console.error(`npm ci: ${error.message}`);
process.exit(status ?? 1);
