// The HTTP endpoint MinIO's webhook notification target posts to (MINIO_NOTIFY_WEBHOOK_ENDPOINT_<ID> = <intake>/minio/events).
import { createHash, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import { fromMinioRecord } from "./events.mjs";

export const EVENTS_PATH = "/minio/events";
const MAX_BODY_BYTES = 1 << 20;

/** `enqueue(message, source)` puts one R2-shaped message on the queue; `log(level, fields)` writes one JSON line. */
export function createIntakeServer({ token, enqueue, log }) {
	return createServer(async (request, response) => {
		const { pathname } = new URL(request.url, "http://intake");
		// MinIO probes its webhook target with a HEAD before it delivers.
		if (request.method === "HEAD") return reply(response, 200);
		if (request.method === "GET" && pathname === "/health") return reply(response, 200, { status: "ok" });
		if (pathname !== EVENTS_PATH) return reply(response, 404, { error: `not found; MinIO events go to POST ${EVENTS_PATH}` });
		if (request.method !== "POST") return reply(response, 405, { error: "use POST" });
		if (token && !authorized(request.headers.authorization, token)) {
			log("warn", { source: "minio", outcome: "unauthorized" });
			return reply(response, 401, { error: "missing or wrong bearer token (MINIO_WEBHOOK_TOKEN)" });
		}

		let event;
		try {
			event = JSON.parse(await readBody(request));
		} catch (error) {
			return reply(response, 400, { error: `body is not a JSON event: ${error.message}` });
		}
		try {
			let enqueued = 0;
			for (const record of Array.isArray(event?.Records) ? event.Records : []) {
				const skipped = { source: "minio", event: record?.eventName, key: record?.s3?.object?.key, outcome: "skipped" };
				let message;
				try {
					message = fromMinioRecord(record);
				} catch (error) {
					// A key MinIO escaped badly (a stray "%"); the Processor's reconciler still finds the object.
					log("error", { ...skipped, error: error.message });
					continue;
				}
				if (!message) {
					log("info", { ...skipped, reason: "no R2 equivalent" });
					continue;
				}
				await enqueue(message, "minio");
				enqueued++;
			}
			reply(response, 200, { enqueued });
		} catch (error) {
			// A non-2xx makes MinIO keep the event (in its queue_dir) and deliver it again.
			log("error", { source: "minio", outcome: "enqueue failed", error: error.message });
			reply(response, 500, { error: error.message });
		}
	});
}

// MinIO sends "Bearer <token>", or the token verbatim when it already has two words ("Key abc").
function authorized(header, token) {
	const expected = token.trim().includes(" ") ? token.trim() : `Bearer ${token.trim()}`;
	const digest = (value) => createHash("sha256").update(value ?? "").digest();
	return timingSafeEqual(digest(header), digest(expected));
}

async function readBody(request) {
	const chunks = [];
	let size = 0;
	for await (const chunk of request) {
		size += chunk.length;
		if (size > MAX_BODY_BYTES) throw new Error(`body over ${MAX_BODY_BYTES} bytes`);
		chunks.push(chunk);
	}
	return Buffer.concat(chunks).toString("utf8");
}

function reply(response, status, body) {
	if (body === undefined) return response.writeHead(status).end();
	response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}
