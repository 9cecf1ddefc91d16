// The S3 stand-in for machines without Docker (tests, CI): @20minutes/s3rver on 127.0.0.1.
// Run: node scripts/s3-standin.mjs [--port 0] [--directory DIR] [--tls] [--stop-with-stdin]
// Prints one JSON line {"endpoint", "accessKey", "secretKey", "certificate"} once it listens, and stops on
// SIGTERM/SIGINT or, with --stop-with-stdin, when its standard input closes (so a test process that dies takes it along).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import S3rver from "@20minutes/s3rver";
import { stopOnSignals, stopWhenStdinCloses } from "./lifetime.mjs";

export const ACCESS_KEY = "S3RVER";
export const SECRET_KEY = "S3RVER";

/** Starts the stand-in; resolves to { server, endpoint, certificate, close }. */
export async function startS3StandIn({ port = 0, directory, tls = false, silent = true } = {}) {
	const scratch = mkdtempSync(join(tmpdir(), "b3-s3-"));
	const certificate = tls ? createCertificate(scratch) : undefined;
	const server = new S3rver({
		address: "127.0.0.1",
		port,
		directory: directory ?? join(scratch, "data"),
		silent,
		resetOnClose: false,
		// The forks sign bucket URLs without their trailing slash; a well-formed signature is still required.
		allowMismatchedSignatures: true,
		...(certificate && { key: readFileSync(certificate.key), cert: readFileSync(certificate.cert) }),
	});
	const address = await server.run();
	const endpoint = `${tls ? "https" : "http"}://127.0.0.1:${address.port}`;
	return {
		server,
		endpoint,
		certificate: certificate?.cert,
		async close() {
			await server.close();
			rmSync(scratch, { recursive: true, force: true });
		},
	};
}

function createCertificate(folder) {
	const key = join(folder, "key.pem");
	const cert = join(folder, "cert.pem");
	execFileSync("openssl", [
		"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
		"-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
	], { stdio: "ignore" });
	return { key, cert };
}

async function main() {
	const { values } = parseArgs({
		options: {
			port: { type: "string", default: "0" },
			directory: { type: "string" },
			tls: { type: "boolean", default: false },
			"stop-with-stdin": { type: "boolean", default: false },
		},
	});
	const standIn = await startS3StandIn({ port: Number(values.port), directory: values.directory, tls: values.tls });
	console.log(JSON.stringify({
		endpoint: standIn.endpoint,
		accessKey: ACCESS_KEY,
		secretKey: SECRET_KEY,
		certificate: standIn.certificate ?? null,
	}));

	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		await standIn.close();
		process.exit(0);
	};
	stopOnSignals(stop);
	if (values["stop-with-stdin"]) stopWhenStdinCloses(stop);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
	await main();
}
