import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import worker from "../src/index.js";
import { alertText, DEAD_LETTER_QUEUE } from "../src/dead-letters.js";

const ALERT_URL = "https://hooks.test/services/alerts";
const CAUSE = `dlq:${DEAD_LETTER_QUEUE}`;

// ---- Factories ----

let nextId = 0;
function createDeadLetter(key = "b3/trades/2025-12-05.csv", { attempts = 1 } = {}) {
	return {
		id: `dead${++nextId}`,
		timestamp: new Date(),
		attempts,
		body: { account: "a", action: "PutObject", bucket: "financial-data", object: { key, size: 1, eTag: "e" }, eventTime: "2025-12-05T23:10:00Z" },
	};
}

async function runDeadLetters(messages, bindings = { ...env, ALERT_WEBHOOK_URL: ALERT_URL }) {
	const batch = createMessageBatch(DEAD_LETTER_QUEUE, messages);
	const ctx = createExecutionContext();
	await worker.queue(batch, bindings, ctx);
	return getQueueResult(batch, ctx);
}

function logLines() {
	return consoleSpies.flatMap((spy) => spy.mock.calls).map(([line]) => JSON.parse(line));
}

async function postedText(n = 0) {
	const [input, init] = fetchSpy.mock.calls[n];
	const body = JSON.parse(await new Request(input, init).text());
	expect(body.content).toBe(body.text);
	return body.text;
}

let fetchSpy;
let consoleSpies;
beforeEach(async () => {
	fetchSpy = vi.spyOn(globalThis, "fetch").mockImplementation(async () => new Response("ok", { status: 200 }));
	consoleSpies = ["log", "warn", "error"].map((level) => vi.spyOn(console, level).mockImplementation(() => {}));
	await env.ALERT_STATE.delete(CAUSE);
});
afterEach(() => {
	vi.restoreAllMocks();
});

// ---- Dead-letter queue consumer ----

describe("the dead-letter queue consumer", () => {
	it("posts one Slack/Discord alert naming the keys, logs each dead letter and acks it", async () => {
		const messages = [createDeadLetter(), createDeadLetter("b3/cotahist/2025-12-05.zip", { attempts: 4 })];

		const result = await runDeadLetters(messages);

		expect(fetchSpy).toHaveBeenCalledTimes(1);
		expect(fetchSpy.mock.calls[0][0]).toBe(ALERT_URL);
		expect(await postedText()).toContain("2 message(s) reached the dead-letter queue b3-instruments-dlq: b3/trades/2025-12-05.csv, b3/cotahist/2025-12-05.zip");
		expect(result.explicitAcks.sort()).toEqual(messages.map((m) => m.id).sort());
		expect(logLines()).toContainEqual(expect.objectContaining({
			level: "error",
			queue: DEAD_LETTER_QUEUE,
			key: "b3/cotahist/2025-12-05.zip",
			attempt: 4,
			outcome: "dead-letter",
			alert: "sent",
		}));
	});

	it("sends at most one alert an hour: a second batch within the hour is logged and acked without a post", async () => {
		await runDeadLetters([createDeadLetter()]);
		const second = createDeadLetter("b3/ibov/2025-12-05.json");

		const result = await runDeadLetters([second]);

		expect(fetchSpy).toHaveBeenCalledTimes(1);
		expect(result.explicitAcks).toEqual([second.id]);
		expect(logLines()).toContainEqual(expect.objectContaining({ key: "b3/ibov/2025-12-05.json", alert: "suppressed" }));
		expect(await env.ALERT_STATE.get(CAUSE)).not.toBeNull();
	});

	it("only logs and acks when ALERT_WEBHOOK_URL is not set", async () => {
		const message = createDeadLetter();

		const result = await runDeadLetters([message], { ...env, ALERT_WEBHOOK_URL: undefined });

		expect(fetchSpy).not.toHaveBeenCalled();
		expect(result.explicitAcks).toEqual([message.id]);
		expect(logLines()).toContainEqual(expect.objectContaining({ outcome: "dead-letter", alert: "not-configured" }));
	});

	it.each([
		["a 500", async () => new Response(null, { status: 500 })],
		["a network error", async () => { throw new TypeError("Network connection lost."); }],
	])("retries the batch when the alert gets %s, and sends on the next delivery", async (_, failure) => {
		fetchSpy.mockImplementation(failure);
		const message = createDeadLetter();

		const failed = await runDeadLetters([message]);
		fetchSpy.mockImplementation(async () => new Response(null, { status: 204 }));
		const retried = await runDeadLetters([message]);

		expect(failed.explicitAcks).toEqual([]);
		expect(failed.retryBatch.retry).toBe(true);
		expect(logLines()).toContainEqual(expect.objectContaining({ outcome: "alert-failed" }));
		expect(retried.explicitAcks).toEqual([message.id]);
		expect(fetchSpy).toHaveBeenCalledTimes(2);
	});

	it("keeps the alert short: five keys, then a count", () => {
		const keys = Array.from({ length: 8 }, (_, i) => `b3/trades/2025-12-0${i + 1}.csv`);

		const text = alertText(DEAD_LETTER_QUEUE, keys);

		expect(text).toContain("b3/trades/2025-12-05.csv and 3 more.");
		expect(text).not.toContain("2025-12-06");
	});

	it("does not treat upload-queue messages as dead letters", async () => {
		const batch = createMessageBatch("b3-instruments-upload-queue", [createDeadLetter()]);
		const ctx = createExecutionContext();

		await worker.queue(batch, { ...env, ALERT_WEBHOOK_URL: ALERT_URL }, ctx);

		expect(fetchSpy.mock.calls[0][0]).toBe(env.WEBHOOK_URL);
	});
});
