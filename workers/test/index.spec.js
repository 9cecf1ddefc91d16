import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import worker from "../src/index.js";
import prdWorker from "../r2-event-handler.js";
import { backoffSeconds, retryAfterSeconds } from "../src/deliver.js";

const QUEUE = "b3-instruments-upload-queue";

// ---- Factories ----

function createR2Event({ object, ...overrides } = {}) {
	return {
		account: "3f4b7e3dcab231cbfdaa90a6a28bd548",
		action: "PutObject",
		bucket: "financial-data",
		object: { key: "b3/instruments/2024-12-05.csv", size: 1234567, eTag: "abc123", ...object },
		eventTime: "2024-12-07T10:30:00Z",
		...overrides,
	};
}

let nextId = 0;
function createQueueMessage(body, { id = `m${++nextId}`, attempts = 1 } = {}) {
	return { id, timestamp: new Date(), attempts, body };
}

/** Runs queue() on a pool-made batch; returns the pool's record of acks and retries. */
async function runQueue(messages, bindings = env) {
	const batch = createMessageBatch(QUEUE, messages);
	const ctx = createExecutionContext();
	await worker.queue(batch, bindings, ctx);
	return getQueueResult(batch, ctx);
}

/** A hand-made batch whose messages record ack() and retry({ delaySeconds }); the pool's result omits delays. */
function createRecordingBatch(messages) {
	const calls = [];
	return {
		calls,
		batch: {
			queue: QUEUE,
			messages: messages.map((m) => ({
				...m,
				ack: () => calls.push({ id: m.id, call: "ack" }),
				retry: (options) => calls.push({ id: m.id, call: "retry", delaySeconds: options?.delaySeconds }),
			})),
			ackAll: () => calls.push({ call: "ackAll" }),
			retryAll: (options) => calls.push({ call: "retryAll", delaySeconds: options?.delaySeconds }),
		},
	};
}

/** Delay requested on delivery attempts 1, 2, 3 of the same message while the webhook answers with `respond`. */
async function delaysAcrossAttempts(respond) {
	const delays = [];
	for (const attempts of [1, 2, 3]) {
		fetchSpy.mockImplementation(respond);
		const { batch, calls } = createRecordingBatch([createQueueMessage(createR2Event(), { id: "same", attempts })]);
		await worker.queue(batch, env, createExecutionContext());
		expect(calls).toHaveLength(1);
		expect(calls[0].call).toBe("retry");
		delays.push(calls[0].delaySeconds);
	}
	return delays;
}

function logLines() {
	return consoleSpies.flatMap((spy) => spy.mock.calls).map(([line]) => JSON.parse(line));
}

// An implementation independent of src/sign.js: decode the secret, verify with crypto.subtle.verify.
async function verifySignature(request, secret = env.WEBHOOK_SECRET.split(",")[0]) {
	const id = request.headers.get("webhook-id");
	const timestamp = request.headers.get("webhook-timestamp");
	const keyBytes = Uint8Array.from(atob(secret.replace(/^whsec_/, "")), (c) => c.charCodeAt(0));
	const key = await crypto.subtle.importKey("raw", keyBytes, { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
	const content = new TextEncoder().encode(`${id}.${timestamp}.${await request.clone().text()}`);
	for (const entry of request.headers.get("webhook-signature").split(" ")) {
		const [version, signature] = entry.split(",");
		const bytes = Uint8Array.from(atob(signature), (c) => c.charCodeAt(0));
		if (version === "v1" && (await crypto.subtle.verify("HMAC", key, bytes, content))) return true;
	}
	return false;
}

/** The Request the Worker sent on call `n` of the stubbed fetch. */
function sentRequest(n = 0) {
	const [input, init] = fetchSpy.mock.calls[n];
	return new Request(input, init);
}

let fetchSpy;
let consoleSpies;
beforeEach(() => {
	fetchSpy = vi.spyOn(globalThis, "fetch").mockImplementation(async () => new Response(null, { status: 200 }));
	consoleSpies = ["log", "warn", "error"].map((level) => vi.spyOn(console, level).mockImplementation(() => {}));
});
afterEach(() => {
	vi.restoreAllMocks();
});

// ---- Mapping ----

describe("mapping R2 events to the webhook body", () => {
	it.each([
		["instruments", "b3/instruments/2024-12-05.csv", "b3_instrument_uploaded"],
		["trades", "b3/trades/2025-01-27.csv", "b3_trades_uploaded"],
		["cotahist", "b3/cotahist/2025-01-27.zip", "b3_cotahist_uploaded"],
		["ibov", "b3/ibov/2025-01-27.json", "b3_ibov_uploaded"],
	])("posts %s objects as %s", async (_, key, eventType) => {
		const result = await runQueue([createQueueMessage(createR2Event({ object: { key } }))]);

		expect(fetchSpy).toHaveBeenCalledTimes(1);
		const request = sentRequest();
		expect(request.method).toBe("POST");
		expect(request.url).toBe(env.WEBHOOK_URL);
		expect(request.headers.get("content-type")).toBe("application/json");
		expect(await request.text()).toBe(JSON.stringify({
			event_type: eventType,
			bucket: "financial-data",
			key,
			size: 1234567,
			timestamp: "2024-12-07T10:30:00.000Z",
			etag: "abc123",
		}));
		expect(result.explicitAcks).toHaveLength(1);
	});

	it.each(["PutObject", "CopyObject", "CompleteMultipartUpload"])("delivers %s", async (action) => {
		const body = createR2Event({ action, object: { eTag: "9b2cf535f27731c974343645a3985328-3" } });
		if (action === "CopyObject") body.copySource = { bucket: "financial-data", object: "b3/instruments/2024-12-04.csv" };

		await runQueue([createQueueMessage(body)]);

		expect(fetchSpy).toHaveBeenCalledTimes(1);
		expect(JSON.parse(await sentRequest().text()).etag).toBe("9b2cf535f27731c974343645a3985328-3");
	});

	it.each(["DeleteObject", "LifecycleDeletion"])("acks %s without a call", async (action) => {
		const message = createQueueMessage(createR2Event({ action, object: { size: undefined, eTag: undefined } }));

		const result = await runQueue([message]);

		expect(fetchSpy).not.toHaveBeenCalled();
		expect(result.explicitAcks).toEqual([message.id]);
		expect(result.retryMessages).toEqual([]);
	});

	it.each([
		"other/instruments/2024-12-05.csv",
		"b3x/instruments/2024-12-05.csv",
		"B3/instruments/2024-12-05.csv",
		"b3/loose-file.csv",
		"b3/instruments/",
		"lake/daily_summary/dt=2024-11-08/part-0.parquet",
	])("acks key %s without a call", async (key) => {
		const message = createQueueMessage(createR2Event({ object: { key } }));

		const result = await runQueue([message]);

		expect(fetchSpy).not.toHaveBeenCalled();
		expect(result.explicitAcks).toEqual([message.id]);
	});

	it.each([
		["a string", "not an event"],
		["null", null],
		["an array", [createR2Event()]],
		["no object", { ...createR2Event(), object: undefined }],
		["no eTag", createR2Event({ object: { eTag: undefined } })],
		["a size that is not a number", createR2Event({ object: { size: "12" } })],
		["an unreadable eventTime", createR2Event({ eventTime: "yesterday" })],
		["no bucket", createR2Event({ bucket: "" })],
	])("acks a malformed body (%s) without a call and dead-letters it", async (_, body) => {
		const sent = [];
		const message = createQueueMessage(body);

		const result = await runQueue([message], { ...env, DLQ: { send: async (b) => sent.push(b) } });

		expect(fetchSpy).not.toHaveBeenCalled();
		expect(result.explicitAcks).toEqual([message.id]);
		expect(sent).toEqual([body]);
		expect(logLines()).toContainEqual(expect.objectContaining({ level: "error", outcome: "malformed", deadLetter: "sent" }));
	});

	it("forwards a valid traceparent and drops an invalid one", async () => {
		const traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
		await runQueue([
			createQueueMessage(createR2Event({ traceparent })),
			createQueueMessage(createR2Event({ traceparent: "not-a-trace" })),
			createQueueMessage(createR2Event()),
		]);

		expect(fetchSpy.mock.calls.map((_, n) => sentRequest(n).headers.get("traceparent")).sort())
			.toEqual([null, null, traceparent].sort());
	});
});

// ---- Signature ----

describe("Standard Webhooks signature", () => {
	it("signs id.timestamp.body so that an independent verifier accepts it", async () => {
		await runQueue([createQueueMessage(createR2Event(), { id: "0190b4d1c3a07e8f" })]);

		const request = sentRequest();
		expect(request.headers.get("webhook-id")).toBe("msg_0190b4d1c3a07e8f");
		expect(Math.abs(Number(request.headers.get("webhook-timestamp")) - Date.now() / 1000)).toBeLessThan(5);
		expect(request.headers.get("webhook-signature")).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
		expect(await verifySignature(request)).toBe(true);
	});

	it("fails verification with another secret or a changed body", async () => {
		await runQueue([createQueueMessage(createR2Event())]);

		const request = sentRequest();
		expect(await verifySignature(request, `whsec_${btoa("another secret of thirty-two byte")}`)).toBe(false);
		const tampered = new Request(request, { body: (await request.clone().text()).replace("1234567", "1234568") });
		expect(await verifySignature(tampered)).toBe(false);
	});

	it("signs with the first secret of a comma-separated list", async () => {
		const second = `whsec_${btoa("a second secret for the rotation")}`;
		await runQueue([createQueueMessage(createR2Event())], { ...env, WEBHOOK_SECRET: `${env.WEBHOOK_SECRET}, ${second}` });

		expect(await verifySignature(sentRequest())).toBe(true);
		expect(await verifySignature(sentRequest(), second)).toBe(false);
	});

	it("keeps webhook-id across retries of the same message", async () => {
		fetchSpy.mockImplementation(async () => new Response(null, { status: 503 }));
		for (const attempts of [1, 2]) {
			const { batch } = createRecordingBatch([createQueueMessage(createR2Event(), { id: "stable", attempts })]);
			await worker.queue(batch, env, createExecutionContext());
		}

		expect(sentRequest(0).headers.get("webhook-id")).toBe("msg_stable");
		expect(sentRequest(1).headers.get("webhook-id")).toBe("msg_stable");
	});
});

// ---- Delivery outcomes ----

describe("acks, retries and dead letters", () => {
	it("acks on 200 and logs the delivery", async () => {
		const message = createQueueMessage(createR2Event(), { attempts: 2 });

		const result = await runQueue([message]);

		expect(result.explicitAcks).toEqual([message.id]);
		expect(result.retryMessages).toEqual([]);
		expect(logLines()).toContainEqual(expect.objectContaining({
			level: "info",
			key: "b3/instruments/2024-12-05.csv",
			dataset: "instruments",
			action: "PutObject",
			status: 200,
			attempt: 2,
			outcome: "delivered",
		}));
	});

	it("acks on any 2xx", async () => {
		fetchSpy.mockImplementation(async () => Response.json({ status: "duplicate", jobId: 7 }, { status: 202 }));

		const result = await runQueue([createQueueMessage(createR2Event())]);

		expect(result.explicitAcks).toHaveLength(1);
	});

	it("retries on 503 with a delay that grows across attempts", async () => {
		const delays = await delaysAcrossAttempts(async () => new Response("down", { status: 503 }));

		expect(delays[0]).toBeGreaterThan(0);
		expect(delays[1]).toBeGreaterThan(delays[0]);
		expect(delays[2]).toBeGreaterThan(delays[1]);
	});

	it("retries on a network error with a delay that grows across attempts", async () => {
		const delays = await delaysAcrossAttempts(async () => {
			throw new TypeError("Network connection lost.");
		});

		expect(delays[1]).toBeGreaterThan(delays[0]);
		expect(delays[2]).toBeGreaterThan(delays[1]);
		expect(logLines()).toContainEqual(expect.objectContaining({
			outcome: "network-error",
			status: null,
			error: "Network connection lost.",
		}));
	});

	it("puts a 15 s timeout on the call and retries when it fires", async () => {
		fetchSpy.mockImplementation(async (_, init) => {
			expect(init.signal).toBeInstanceOf(AbortSignal);
			throw new DOMException("The operation was aborted due to timeout", "TimeoutError");
		});
		const { batch, calls } = createRecordingBatch([createQueueMessage(createR2Event())]);

		await worker.queue(batch, env, createExecutionContext());

		expect(calls).toEqual([expect.objectContaining({ call: "retry" })]);
		expect(logLines()).toContainEqual(expect.objectContaining({ error: "no answer within 15000 ms" }));
	});

	it.each([408, 429, 500, 502, 504])("retries on %i", async (status) => {
		fetchSpy.mockImplementation(async () => new Response(null, { status }));
		const message = createQueueMessage(createR2Event());

		const result = await runQueue([message]);

		expect(result.retryMessages).toEqual([expect.objectContaining({ msgId: message.id })]);
		expect(result.explicitAcks).toEqual([]);
	});

	it("honours Retry-After in seconds and as an HTTP date", async () => {
		fetchSpy.mockImplementation(async () => new Response(null, { status: 429, headers: { "retry-after": "120" } }));
		const first = createRecordingBatch([createQueueMessage(createR2Event())]);
		await worker.queue(first.batch, env, createExecutionContext());

		const inFiveMinutes = new Date(Date.now() + 300_000).toUTCString();
		fetchSpy.mockImplementation(async () => new Response(null, { status: 503, headers: { "retry-after": inFiveMinutes } }));
		const second = createRecordingBatch([createQueueMessage(createR2Event())]);
		await worker.queue(second.batch, env, createExecutionContext());

		expect(first.calls).toEqual([expect.objectContaining({ call: "retry", delaySeconds: 120 })]);
		expect(second.calls[0].delaySeconds).toBeGreaterThanOrEqual(299);
		expect(second.calls[0].delaySeconds).toBeLessThanOrEqual(301);
	});

	it.each([400, 401, 413, 422])("does not retry %i: sends the message to the DLQ and acks it", async (status) => {
		fetchSpy.mockImplementation(async () => Response.json({ title: "size is required" }, { status }));
		const sent = [];
		const body = createR2Event();
		const message = createQueueMessage(body);

		const result = await runQueue([message], { ...env, DLQ: { send: async (b) => sent.push(b) } });

		expect(fetchSpy).toHaveBeenCalledTimes(1);
		expect(result.retryMessages).toEqual([]);
		expect(result.explicitAcks).toEqual([message.id]);
		expect(sent).toEqual([body]);
		expect(logLines()).toContainEqual(expect.objectContaining({
			level: "error",
			status,
			outcome: "rejected",
			deadLetter: "sent",
			detail: expect.stringContaining("size is required"),
		}));
	});

	it("dead-letters through the real DLQ binding of wrangler.jsonc", async () => {
		fetchSpy.mockImplementation(async () => new Response(null, { status: 400 }));
		const message = createQueueMessage(createR2Event());

		const result = await runQueue([message]);

		expect(result.explicitAcks).toEqual([message.id]);
		expect(logLines()).toContainEqual(expect.objectContaining({ outcome: "rejected", deadLetter: "sent" }));
	});

	it("without a DLQ binding, spends the remaining deliveries at once instead of acking a 4xx", async () => {
		fetchSpy.mockImplementation(async () => new Response(null, { status: 400 }));
		const { batch, calls } = createRecordingBatch([createQueueMessage(createR2Event())]);

		await worker.queue(batch, { ...env, DLQ: undefined }, createExecutionContext());

		expect(calls).toEqual([expect.objectContaining({ call: "retry", delaySeconds: 0 })]);
	});

	it("falls back to retrying when the DLQ send fails", async () => {
		fetchSpy.mockImplementation(async () => new Response(null, { status: 400 }));
		const failingDlq = { send: async () => { throw new Error("queue unavailable"); } };
		const { batch, calls } = createRecordingBatch([createQueueMessage(createR2Event())]);

		await worker.queue(batch, { ...env, DLQ: failingDlq }, createExecutionContext());

		expect(calls).toEqual([expect.objectContaining({ call: "retry", delaySeconds: 0 })]);
	});

	it("acks and logs an error on 410 Gone", async () => {
		fetchSpy.mockImplementation(async () => new Response(null, { status: 410 }));
		const sent = [];
		const message = createQueueMessage(createR2Event());

		const result = await runQueue([message], { ...env, DLQ: { send: async (b) => sent.push(b) } });

		expect(result.explicitAcks).toEqual([message.id]);
		expect(sent).toEqual([]);
		expect(logLines()).toContainEqual(expect.objectContaining({ level: "error", status: 410, outcome: "gone" }));
	});

	it("handles each message of a batch on its own", async () => {
		fetchSpy.mockImplementation(async (input, init) => {
			const { key } = JSON.parse(init.body);
			return new Response(null, { status: key.includes("trades") ? 503 : 200 });
		});
		const ok = createQueueMessage(createR2Event());
		const busy = createQueueMessage(createR2Event({ object: { key: "b3/trades/2025-01-27.csv" } }));
		const ignored = createQueueMessage(createR2Event({ object: { key: "tmp/x" } }));

		const result = await runQueue([ok, busy, ignored]);

		expect(result.explicitAcks.sort()).toEqual([ok.id, ignored.id].sort());
		expect(result.retryMessages).toEqual([expect.objectContaining({ msgId: busy.id })]);
	});
});

// ---- Configuration ----

describe("configuration", () => {
	it.each(["WEBHOOK_SECRET", "WEBHOOK_URL"])("retries the batch without acking when %s is missing", async (name) => {
		const result = await runQueue([createQueueMessage(createR2Event())], { ...env, [name]: undefined });

		expect(fetchSpy).not.toHaveBeenCalled();
		expect(result.explicitAcks).toEqual([]);
		expect(result.retryBatch.retry).toBe(true);
		expect(logLines()).toContainEqual(expect.objectContaining({
			level: "error",
			outcome: "misconfigured",
			error: `${name} is not set`,
		}));
	});

	it("refuses a secret that is not whsec_ + base64", async () => {
		const result = await runQueue([createQueueMessage(createR2Event())], { ...env, WEBHOOK_SECRET: "whsec_not*base64" });

		expect(fetchSpy).not.toHaveBeenCalled();
		expect(result.retryBatch.retry).toBe(true);
		expect(logLines()).toContainEqual(expect.objectContaining({ error: expect.stringContaining("WEBHOOK_SECRET") }));
	});

	it("ships the WEBHOOK_URL var empty, so a deploy without it refuses to deliver", async () => {
		const result = await runQueue([createQueueMessage(createR2Event())], { ...env, WEBHOOK_URL: "" });

		expect(result.retryBatch.retry).toBe(true);
	});
});

// ---- Backoff policy ----

describe("backoff", () => {
	it("doubles per attempt up to a cap, with jitter that never lets a later attempt wait less", () => {
		const low = () => 0;
		const high = () => 0.999;
		for (let attempts = 1; attempts <= 4; attempts++) {
			expect(backoffSeconds(attempts + 1, low)).toBeGreaterThan(backoffSeconds(attempts, high));
		}
		expect(backoffSeconds(50, high)).toBe(900);
		expect(backoffSeconds(50, low)).toBe(720);
	});

	it("reads Retry-After and bounds it to what Queues accepts", () => {
		expect(retryAfterSeconds(null)).toBeUndefined();
		expect(retryAfterSeconds("soon")).toBeUndefined();
		expect(retryAfterSeconds("0")).toBe(0);
		expect(retryAfterSeconds("999999")).toBe(43_200);
		expect(retryAfterSeconds(new Date(0).toUTCString(), 10_000)).toBe(0);
	});
});

// ---- Through the runtime's queue ----

describe("end to end in the Workers runtime", () => {
	it("delivers a message sent to b3-instruments-upload-queue", async () => {
		const key = "b3/ibov/2025-01-27.json";
		await env.UPLOADS.send(createR2Event({ object: { key } }));

		await vi.waitUntil(() => fetchSpy.mock.calls.length > 0, { timeout: 5_000 });
		const request = sentRequest();
		expect(JSON.parse(await request.clone().text())).toMatchObject({ event_type: "b3_ibov_uploaded", key });
		expect(request.headers.get("webhook-id")).toMatch(/^msg_.+/);
		expect(await verifySignature(request)).toBe(true);
	});

	it("exports the same Worker under the PRD's name r2-event-handler.js", () => {
		expect(prdWorker).toBe(worker);
	});

	it("answers /health and nothing else over HTTP", async () => {
		expect((await worker.fetch(new Request("http://w/health"))).status).toBe(200);
		expect((await worker.fetch(new Request("http://w/"))).status).toBe(404);
	});
});
