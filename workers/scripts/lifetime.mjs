// How the long-running scripts (S3 stand-in, emulator) end: on SIGTERM/SIGINT, and optionally when their standard
// input closes, so a test process that dies takes them along.

/** Makes `stop` the only handler of SIGTERM and SIGINT (Miniflare installs its own, which exit before cleanup). */
export function stopOnSignals(stop) {
	for (const signal of ["SIGTERM", "SIGINT"]) {
		const others = process.listeners(signal);
		process.on(signal, stop);
		for (const listener of others) process.removeListener(signal, listener);
	}
}

/** Calls `stop` once standard input ends or closes. */
export function stopWhenStdinCloses(stop) {
	process.stdin.on("end", stop);
	process.stdin.on("close", stop);
	process.stdin.resume();
}
