// One JSON object per line, so Workers Logs (observability) and the emulator's stdout can both be queried by field.
export function log(level, fields) {
	const line = JSON.stringify({ level, ...fields });
	if (level === "error") console.error(line);
	else if (level === "warn") console.warn(line);
	else console.log(line);
}
