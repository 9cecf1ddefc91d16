// Every wrangler command the deploy docs show (docs/cloudflare.md, docs/runbook.md, docs/deploy.md) exists in the pinned
// wrangler with the options they use, and every `npm run <script>` they show is a script of package.json.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = fileURLToPath(new URL("..", import.meta.url));
const documents = ["cloudflare.md", "runbook.md", "deploy.md"].map((name) => ({
	name,
	text: readFileSync(new URL(`../../docs/${name}`, import.meta.url), "utf8"),
}));
const scripts = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).scripts;

const helpCache = new Map();
function help(words) {
	const key = words.join(" ");
	if (!helpCache.has(key)) {
		helpCache.set(key, run(process.execPath, ["node_modules/wrangler/bin/wrangler.js", ...words, "--help"], {
			cwd: root,
			env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
		}).then(({ stdout }) => stdout));
	}
	return helpCache.get(key);
}

/** Each documented wrangler invocation as its words, up to the end of the code span, line or comment. */
function invocations() {
	const found = [];
	for (const { name, text } of documents) {
		const joined = text.replace(/\\\n\s*/g, " ");
		for (const match of joined.matchAll(/(?:npx wrangler|npm run deploy --) ([^`\n#|]*)/g)) {
			const words = match[1].trim().split(/\s+/);
			found.push({ name, words: match[0].startsWith("npm run deploy") ? ["deploy", ...words] : words });
		}
	}
	return found;
}

describe("the deploy docs", () => {
	it("show only wrangler commands and options that exist", async () => {
		const all = invocations();
		expect(all.length).toBeGreaterThan(10);
		await Promise.all(all.map(async ({ name, words }) => {
			// The longest prefix of words that wrangler lists as a command.
			const command = [];
			for (const word of words) {
				if (!/^[a-z][a-z0-9-]*$/.test(word)) break;
				const listed = new RegExp(`^\\s+wrangler ${[...command, word].join(" ")}(\\s|$)`, "m");
				if (!listed.test(await help(command))) break;
				command.push(word);
			}
			expect(command.length, `${name}: wrangler ${words.join(" ")}`).toBeGreaterThan(0);
			const text = await help(command);
			for (const option of words.filter((w) => w.startsWith("--"))) {
				const flag = option.split(/[=:]/)[0];
				expect(text, `${name}: wrangler ${command.join(" ")} has no ${flag}`).toMatch(new RegExp(`\\s${flag}[\\s,]`));
			}
		}));
	}, 180_000);

	it("show only npm scripts that exist", () => {
		for (const { name, text } of documents) {
			for (const [, script] of text.matchAll(/npm run ([a-z:-]+)/g)) {
				expect(scripts, `${name}: npm run ${script}`).toHaveProperty(script);
			}
		}
	});
});
