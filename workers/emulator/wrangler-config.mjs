// Reads wrangler.jsonc so the emulator runs the Worker with the same main, compatibility date, queues and retry
// settings as production.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

export function readWranglerConfig(path) {
	const config = JSON.parse(stripJsonc(readFileSync(path, "utf8")));
	const consumer = config.queues?.consumers?.[0];
	if (!consumer) throw new Error(`${path} declares no queue consumer`);
	return {
		name: config.name,
		main: resolve(dirname(path), config.main),
		compatibilityDate: config.compatibility_date,
		compatibilityFlags: config.compatibility_flags ?? [],
		consumer,
		producers: config.queues.producers ?? [],
	};
}

const BLANKS = /^(?:\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*/;

/** JSON with comments and trailing commas → JSON; strings (URLs with "//") are left alone. */
export function stripJsonc(text) {
	let out = "";
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (c === "\"") {
			const end = stringEnd(text, i);
			out += text.slice(i, end + 1);
			i = end;
		} else if (c === "/" && text[i + 1] === "/") {
			while (i + 1 < text.length && text[i + 1] !== "\n") i++;
		} else if (c === "/" && text[i + 1] === "*") {
			i = text.indexOf("*/", i + 2) + 1 || text.length;
			out += " ";
		} else if (c === "," && /^[}\]]/.test(text.slice(i + 1).replace(BLANKS, ""))) {
			// A trailing comma: dropped.
		} else {
			out += c;
		}
	}
	return out;
}

function stringEnd(text, start) {
	let end = start + 1;
	while (end < text.length && text[end] !== "\"") end += text[end] === "\\" ? 2 : 1;
	return end;
}
