/**
 * b3-r2-event-handler: consumes R2 event notifications from the queue b3-instruments-upload-queue and posts each
 * object created under b3/ to the WebhookApi (WEBHOOK_URL) as the PRD's webhook body, signed with Standard Webhooks
 * (WEBHOOK_SECRET). A message is acked once the WebhookApi answers 2xx, retried with backoff while it is unreachable
 * or busy, and dead-lettered when it rejects the message outright. It also consumes that dead-letter queue: each dead
 * letter is logged and reported to ALERT_WEBHOOK_URL (src/dead-letters.js).
 */
import { ConfigError, readConfig } from "./config.js";
import { DEAD_LETTER_QUEUE, handleDeadLetters } from "./dead-letters.js";
import { decide, post } from "./deliver.js";
import { interpret } from "./event.js";
import { log } from "./log.js";
import { importSigningKey, signatureHeaders } from "./sign.js";

export default {
	async fetch(request) {
		if (new URL(request.url).pathname === "/health") return Response.json({ status: "ok" });
		return new Response("b3-r2-event-handler consumes a queue; it serves no HTTP API.\n", { status: 404 });
	},

	async queue(batch, env) {
		if (batch.queue === DEAD_LETTER_QUEUE) {
			await handleDeadLetters(batch, env);
			return;
		}

		let config;
		try {
			config = readConfig(env);
		} catch (error) {
			if (!(error instanceof ConfigError)) throw error;
			// Nothing in this batch can be delivered; retrying keeps it (and, after max_retries, moves it to the DLQ).
			log("error", { queue: batch.queue, messages: batch.messages.length, outcome: "misconfigured", error: error.message });
			batch.retryAll();
			return;
		}
		const signingKey = await importSigningKey(config.signingKey);
		await Promise.all(batch.messages.map((message) => handle(message, env, config.webhookUrl, signingKey)));
	},
};

async function handle(message, env, webhookUrl, signingKey) {
	const fields = {
		id: message.id,
		key: message.body?.object?.key,
		action: message.body?.action,
		attempt: message.attempts,
	};
	const event = interpret(message.body);
	if (event.kind === "ignore") {
		log("info", { ...fields, outcome: "ignored", reason: event.reason });
		message.ack();
		return;
	}
	if (event.kind === "malformed") {
		await deadLetter(message, env, { ...fields, outcome: "malformed", reason: event.reason });
		return;
	}

	const body = JSON.stringify(event.payload);
	// The queue message id is stable across retries (and into the DLQ), so the WebhookApi can dedupe on webhook-id.
	const headers = await signatureHeaders(signingKey, `msg_${message.id}`, body);
	if (event.traceparent) headers.traceparent = event.traceparent;

	const started = Date.now();
	const result = await post(webhookUrl, headers, body);
	const verdict = decide(result, message.attempts);
	const line = {
		...fields,
		dataset: event.dataset,
		event_type: event.payload.event_type,
		status: result.status ?? null,
		outcome: verdict.outcome,
		latency_ms: Date.now() - started,
		...(result.error && { error: result.error }),
		...(result.detail && { detail: result.detail }),
	};

	switch (verdict.decision) {
		case "ack":
			log(verdict.outcome === "delivered" ? "info" : "error", line);
			message.ack();
			break;
		case "retry":
			log("warn", { ...line, delaySeconds: verdict.delaySeconds });
			message.retry({ delaySeconds: verdict.delaySeconds });
			break;
		default:
			await deadLetter(message, env, line);
	}
}

/**
 * A message that can never succeed (malformed, or refused with a 4xx) goes to the dead-letter queue at once through the
 * DLQ producer binding, then is acked. Acking alone would lose it; retrying it with backoff would only delay the DLQ by
 * minutes. Without the binding (or if the send fails), retrying with no delay spends the remaining deliveries
 * immediately, after which the consumer's dead_letter_queue setting moves it there.
 */
async function deadLetter(message, env, line) {
	if (env.DLQ) {
		try {
			await env.DLQ.send(message.body);
			log("error", { ...line, deadLetter: "sent" });
			message.ack();
			return;
		} catch (error) {
			log("error", { ...line, deadLetter: "send failed", error: String(error?.message ?? error) });
		}
	}
	log("error", { ...line, deadLetter: "after max_retries" });
	message.retry({ delaySeconds: 0 });
}
