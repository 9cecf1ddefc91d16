// The emulator as the AppHost runs it: a child process configured by environment variables, fed by MinIO-style
// notifications and by the S3 stand-in, posting to a real HTTP receiver.
import { spawn } from "node:child_process";
import { createHash, createHmac } from "node:crypto";
import { once } from "node:events";
import { createServer } from "node:http";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromMinioRecord, fromS3rverRecord } from "../emulator/events.mjs";
import { signedS3Request } from "./sigv4.mjs";

const EMULATOR = fileURLToPath(new URL("../emulator/index.mjs", import.meta.url));
const SECRET = `whsec_${Buffer.from("emulator test key, 32 bytes long").toString("base64")}`;
const TOKEN = "minio-notify-token";
const TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

/** A MinIO bucket notification (cloudflare-r2-queues.md §5.2); `key` is given already query-escaped, as MinIO sends it. */
function createMinioEvent({
	eventName = "s3:ObjectCreated:Put",
	key,
	size = 2048,
	eTag = "5d41402abc4b2a76b9719d911017c592",
	userMetadata,
} = {}) {
	return {
		EventName: eventName,
		Key: `financial-data/${decodeURIComponent(key.replace(/\+/g, " "))}`,
		Records: [{
			eventVersion: "2.0",
			eventSource: "minio:s3",
			awsRegion: "",
			eventTime: "2025-01-27T21:05:11.123Z",
			eventName,
			userIdentity: { principalId: "minioadmin" },
			requestParameters: { principalId: "minioadmin", region: "", sourceIPAddress: "172.17.0.1" },
			responseElements: { "x-amz-request-id": "181E6B0C5A3E0F21", "x-minio-origin-endpoint": "http://172.17.0.2:9000" },
			s3: {
				s3SchemaVersion: "1.0",
				configurationId: "Config",
				bucket: { name: "financial-data", ownerIdentity: { principalId: "minioadmin" }, arn: "arn:aws:s3:::financial-data" },
				object: {
					key,
					...(size !== undefined && { size }),
					...(eTag !== undefined && { eTag }),
					contentType: "text/csv",
					userMetadata: { "content-type": "text/csv", ...userMetadata },
					sequencer: "181E6B0C5A4D8A3B",
				},
			},
			source: { host: "172.17.0.1", port: "", userAgent: "aws-sdk-dotnet" },
		}],
	};
}

function createS3rverRecord(eventName, object) {
	return { eventName, eventTime: "2025-01-27T21:05:11.123Z", s3: { bucket: { name: "financial-data" }, object } };
}

describe("mapping S3-style events to R2 messages", () => {
	it.each([
		["s3:ObjectCreated:Put", "PutObject"],
		["s3:ObjectCreated:Post", "PutObject"],
		["s3:ObjectCreated:Copy", "CopyObject"],
		["s3:ObjectCreated:CompleteMultipartUpload", "CompleteMultipartUpload"],
		["s3:ObjectRemoved:Delete", "DeleteObject"],
	])("maps MinIO %s to %s", (eventName, action) => {
		const [record] = createMinioEvent({ eventName, key: "b3%2Ftrades%2F2025-01-27.csv" }).Records;

		expect(fromMinioRecord(record)).toEqual({
			account: "local",
			action,
			bucket: "financial-data",
			object: { key: "b3/trades/2025-01-27.csv", size: 2048, eTag: "5d41402abc4b2a76b9719d911017c592" },
			eventTime: "2025-01-27T21:05:11.123Z",
		});
	});

	it("decodes MinIO's query-escaped keys ('+' is a space) and carries the upload's traceparent", () => {
		const [record] = createMinioEvent({
			key: "b3%2Ftrades%2Fmy+file+100%25%2B1.csv",
			userMetadata: { "X-Amz-Meta-Traceparent": TRACEPARENT },
		}).Records;

		const message = fromMinioRecord(record);

		expect(message.object.key).toBe("b3/trades/my file 100%+1.csv");
		expect(message.traceparent).toBe(TRACEPARENT);
	});

	it("has no R2 message for MinIO events R2 does not raise", () => {
		const [record] = createMinioEvent({ eventName: "s3:ObjectCreated:PutTagging", key: "b3%2Fx" }).Records;

		expect(fromMinioRecord(record)).toBeUndefined();
	});

	it.each([
		["ObjectCreated:Put", "PutObject"],
		["ObjectCreated:Copy", "CopyObject"],
		["ObjectCreated:Post", "CompleteMultipartUpload"],
		["ObjectRemoved:Delete", "DeleteObject"],
	])("maps s3rver %s to %s, keeping the key as it is", (eventName, action) => {
		const object = { key: "b3/trades/a+b%20c.csv", size: 5, eTag: "e80b5017098950fc58aad83c8c14978e", sequencer: "1" };

		expect(fromS3rverRecord(createS3rverRecord(eventName, object))).toEqual({
			account: "local",
			action,
			bucket: "financial-data",
			object: { key: "b3/trades/a+b%20c.csv", size: 5, eTag: "e80b5017098950fc58aad83c8c14978e" },
			eventTime: "2025-01-27T21:05:11.123Z",
		});
	});

	it("carries the uploader's traceparent from the object's stored metadata", () => {
		const record = createS3rverRecord("ObjectCreated:Put", { key: "b3/trades/2025-01-27.csv", size: 5, eTag: '"e80b5017098950fc58aad83c8c14978e"' });
		const metadata = { "content-type": "text/csv", "x-amz-meta-traceparent": TRACEPARENT, "x-amz-meta-sha256": "abc" };

		expect(fromS3rverRecord(record, metadata).traceparent).toBe(TRACEPARENT);
		expect(fromS3rverRecord(record)).not.toHaveProperty("traceparent");
	});

	it("leaves out what s3rver does not report (a copy has no eTag, a delete no size)", () => {
		expect(fromS3rverRecord(createS3rverRecord("ObjectCreated:Copy", { key: "b3/x/y", size: 5 })).object)
			.toEqual({ key: "b3/x/y", size: 5 });
		expect(fromS3rverRecord(createS3rverRecord("ObjectRemoved:Delete", { key: "b3/x/y" })).object)
			.toEqual({ key: "b3/x/y" });
	});
});

// ---- The emulator process ----

/** Starts the emulator; resolves once it printed its ready line. */
async function startEmulator(args, env) {
	const child = spawn(process.execPath, [EMULATOR, ...args], { env: { ...process.env, ...env }, stdio: ["pipe", "pipe", "pipe"] });
	const output = { stdout: [], stderr: [] };
	createInterface({ input: child.stderr }).on("line", (line) => output.stderr.push(line));
	const lines = createInterface({ input: child.stdout });
	const [first] = await Promise.race([
		once(lines, "line"),
		once(child, "exit").then(([code]) => {
			throw new Error(`emulator exited with ${code}: ${output.stderr.join("\n")}`);
		}),
	]);
	lines.on("line", (line) => output.stdout.push(line));
	return { child, ready: JSON.parse(first), output, exited: once(child, "exit") };
}

async function waitFor(predicate, timeout, what) {
	const deadline = Date.now() + timeout;
	while (Date.now() < deadline) {
		const value = predicate();
		if (value) return value;
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
	throw new Error(`${what} did not happen within ${timeout} ms`);
}

function verify(delivery) {
	const { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": signature } = delivery.headers;
	const key = Buffer.from(SECRET.slice("whsec_".length), "base64");
	const expected = createHmac("sha256", key).update(`${id}.${timestamp}.${delivery.body}`).digest("base64");
	return signature.split(" ").includes(`v1,${expected}`);
}

describe("the emulator with --s3", () => {
	const deliveries = [];
	let receiver;
	let emulator;

	beforeAll(async () => {
		receiver = createServer(async (request, response) => {
			let body = "";
			for await (const chunk of request) body += chunk;
			deliveries.push({ at: Date.now(), path: request.url, headers: request.headers, body });
			const rejected = body.includes("rejected");
			response.writeHead(rejected ? 400 : 200, { "content-type": "application/json" })
				.end(rejected ? "{\"title\":\"key is not a B3 file\"}" : "{\"status\":\"queued\",\"jobId\":1}");
		});
		receiver.listen(0, "127.0.0.1");
		await once(receiver, "listening");

		emulator = await startEmulator(["--s3", "--stop-with-stdin"], {
			PORT: "0",
			WEBHOOK_URL: `http://127.0.0.1:${receiver.address().port}/webhooks/r2/object-created`,
			WEBHOOK_SECRET: SECRET,
			MINIO_WEBHOOK_TOKEN: TOKEN,
		});
	}, 30_000);

	afterAll(async () => {
		emulator?.child.stdin.end();
		await emulator?.exited;
		receiver?.close();
	});

	const postEvent = (event, token = TOKEN) => fetch(`${emulator.ready.intake}/minio/events`, {
		method: "POST",
		headers: { "content-type": "application/json", ...(token && { authorization: `Bearer ${token}` }) },
		body: JSON.stringify(event),
	});

	it("prints its endpoints and the stand-in's keys as one JSON line", () => {
		expect(emulator.ready).toMatchObject({
			intake: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
			s3: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
			accessKey: "S3RVER",
			secretKey: "S3RVER",
		});
	});

	it("answers MinIO's HEAD probe on any path", async () => {
		expect((await fetch(`${emulator.ready.intake}/minio/events`, { method: "HEAD" })).status).toBe(200);
		expect((await fetch(`${emulator.ready.intake}/anything`, { method: "HEAD" })).status).toBe(200);
	});

	it("refuses events without the MINIO_WEBHOOK_TOKEN bearer token", async () => {
		const event = createMinioEvent({ key: "b3%2Ftrades%2F2025-01-20.csv" });

		expect((await postEvent(event, null)).status).toBe(401);
		expect((await postEvent(event, "wrong")).status).toBe(401);
	});

	it("turns a MinIO record into a signed webhook within 2 s", async () => {
		const before = deliveries.length;
		const event = createMinioEvent({
			key: "b3%2Ftrades%2F2025-01-27.csv",
			size: 987654,
			eTag: "0f343b0931126a20f133d67c2b018a3b",
			userMetadata: { "X-Amz-Meta-Traceparent": TRACEPARENT },
		});
		const sent = Date.now();

		const response = await postEvent(event);

		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ enqueued: 1 });
		const delivery = await waitFor(() => deliveries[before], 2_000, "the webhook");
		expect(delivery.at - sent).toBeLessThan(2_000);
		expect(delivery.path).toBe("/webhooks/r2/object-created");
		expect(delivery.headers["content-type"]).toBe("application/json");
		expect(delivery.headers["webhook-id"]).toMatch(/^msg_[0-9a-f]+$/);
		expect(delivery.headers.traceparent).toBe(TRACEPARENT);
		expect(verify(delivery)).toBe(true);
		expect(delivery.body).toBe(JSON.stringify({
			event_type: "b3_trades_uploaded",
			bucket: "financial-data",
			key: "b3/trades/2025-01-27.csv",
			size: 987654,
			timestamp: "2025-01-27T21:05:11.123Z",
			etag: "0f343b0931126a20f133d67c2b018a3b",
		}));
	});

	it("delivers an object PUT into the S3 stand-in within 2 s", async () => {
		const credentials = { accessKey: emulator.ready.accessKey, secretKey: emulator.ready.secretKey };
		const content = Buffer.from("TIPREG;DATA\n01;20250127\n");
		const created = await fetch(signedS3Request("PUT", emulator.ready.s3, "/financial-data", "", credentials));
		expect([200, 409]).toContain(created.status);
		const before = deliveries.length;
		const sent = Date.now();

		const key = "b3/cotahist/2025-01-27.zip";
		const put = await fetch(signedS3Request("PUT", emulator.ready.s3, `/financial-data/${key}`, content, credentials));

		expect(put.status).toBe(200);
		const delivery = await waitFor(() => deliveries[before], 2_000, "the webhook");
		expect(delivery.at - sent).toBeLessThan(2_000);
		expect(verify(delivery)).toBe(true);
		expect(JSON.parse(delivery.body)).toEqual({
			event_type: "b3_cotahist_uploaded",
			bucket: "financial-data",
			key,
			size: content.length,
			timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
			etag: createHash("md5").update(content).digest("hex"),
		});
	});

	it("acks keys outside b3/ and deletions without a webhook, and logs each message", async () => {
		const before = deliveries.length;

		await postEvent(createMinioEvent({ key: "tmp%2Fscratch.csv" }));
		await postEvent(createMinioEvent({
			eventName: "s3:ObjectRemoved:Delete",
			key: "b3%2Ftrades%2F2025-01-20.csv",
			size: undefined,
			eTag: undefined,
		}));

		const logged = () => emulator.output.stdout.map((line) => JSON.parse(line));
		await waitFor(() => logged().filter((l) => l.outcome === "ignored").length === 2, 2_000, "both acks");
		expect(deliveries.length).toBe(before);
		expect(logged()).toEqual(expect.arrayContaining([
			expect.objectContaining({ source: "minio", key: "tmp/scratch.csv", outcome: "enqueued" }),
			expect.objectContaining({ key: "tmp/scratch.csv", action: "PutObject", outcome: "ignored" }),
			expect.objectContaining({ key: "b3/trades/2025-01-20.csv", action: "DeleteObject", outcome: "ignored" }),
		]));
	});

	it("sends a message the WebhookApi refuses to b3-instruments-dlq", async () => {
		await postEvent(createMinioEvent({ key: "b3%2Frejected%2F2025-01-27.csv" }));

		const line = await waitFor(
			() => emulator.output.stderr.find((l) => l.includes("b3-instruments-dlq") && l.includes("b3/rejected/")),
			2_000,
			"the dead letter",
		);
		expect(JSON.parse(line)).toMatchObject({
			queue: "b3-instruments-dlq",
			key: "b3/rejected/2025-01-27.csv",
			outcome: "dead-letter",
		});
		expect(emulator.output.stderr.map((l) => JSON.parse(l))).toContainEqual(expect.objectContaining({
			key: "b3/rejected/2025-01-27.csv",
			status: 400,
			outcome: "rejected",
			deadLetter: "sent",
		}));
	});

	it("stops when its standard input closes", async () => {
		emulator.child.stdin.end();
		const [code] = await emulator.exited;

		expect(code).toBe(0);
	});
});

describe("the emulator's start and stop", () => {
	it("refuses to start without WEBHOOK_SECRET and names it", async () => {
		const child = spawn(process.execPath, [EMULATOR], {
			env: { ...process.env, WEBHOOK_URL: "http://127.0.0.1:9/x", WEBHOOK_SECRET: "" },
		});
		let stderr = "";
		child.stderr.on("data", (chunk) => { stderr += chunk; });
		const [code] = await once(child, "exit");

		expect(code).toBe(2);
		expect(stderr).toContain("WEBHOOK_SECRET is not set");
	});

	it("stops on SIGTERM", async () => {
		const emulator = await startEmulator(["--port", "0"], { WEBHOOK_URL: "http://127.0.0.1:9/x", WEBHOOK_SECRET: SECRET });
		expect(emulator.ready.s3).toBeNull();

		emulator.child.kill("SIGTERM");
		const [code] = await emulator.exited;

		expect(code).toBe(0);
	});
});
