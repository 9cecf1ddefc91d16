// The consumer of the dead-letter queue: every message that reaches it is logged with its body and reported to
// ALERT_WEBHOOK_URL (Slack/Discord-compatible JSON), at most once an hour per queue, then acked. Nothing is lost with
// the ack: the object is still in the bucket, and the Processor's reconciler enqueues every object that has no
// finished job (or an operator runs `b3-downloader reprocess`).

import { log } from "./log.js";

export const DEAD_LETTER_QUEUE = "b3-instruments-dlq";
/** At most one alert per cause per hour, as on the VPS (b3.alerts). */
export const ALERT_TTL_SECONDS = 3600;
const ALERT_TIMEOUT_MS = 10_000;
const KEYS_SHOWN = 5;
// Discord refuses content over 2000 characters.
const MAX_TEXT = 1900;

/**
 * Handles one batch of the dead-letter queue. The alert is deduplicated through the ALERT_STATE KV namespace when it is
 * bound (KV is eventually consistent: two batches a few seconds apart in different places may both send). Without
 * ALERT_WEBHOOK_URL the messages are only logged. When the alert cannot be posted, the batch is retried later.
 */
export async function handleDeadLetters(batch, env) {
	const cause = `dlq:${batch.queue}`;
	const keys = batch.messages.map((m) => m.body?.object?.key ?? "(no key)");
	const url = env.ALERT_WEBHOOK_URL?.trim();

	let alert;
	if (!url) {
		alert = "not-configured";
	} else if (env.ALERT_STATE && (await env.ALERT_STATE.get(cause)) !== null) {
		alert = "suppressed";
	} else {
		const text = alertText(batch.queue, keys);
		const result = await postAlert(url, text);
		if (!result.ok) {
			log("error", { queue: batch.queue, messages: batch.messages.length, outcome: "alert-failed", status: result.status ?? null, error: result.error });
			batch.retryAll({ delaySeconds: 300 });
			return;
		}
		await env.ALERT_STATE?.put(cause, new Date().toISOString(), { expirationTtl: ALERT_TTL_SECONDS });
		alert = "sent";
	}

	for (const message of batch.messages) {
		log("error", {
			queue: batch.queue,
			id: message.id,
			key: message.body?.object?.key,
			action: message.body?.action,
			attempt: message.attempts,
			outcome: "dead-letter",
			alert,
			body: message.body,
		});
		message.ack();
	}
}

export function alertText(queue, keys) {
	const shown = keys.slice(0, KEYS_SHOWN).join(", ");
	const more = keys.length > KEYS_SHOWN ? ` and ${keys.length - KEYS_SHOWN} more` : "";
	const text = `[b3-r2-event-handler] ${keys.length} message(s) reached the dead-letter queue ${queue}: ${shown}${more}. ` +
		"The reconciler enqueues their objects; see docs/runbook.md (dead-letter queue).";
	return text.length <= MAX_TEXT ? text : `${text.slice(0, MAX_TEXT)}…`;
}

/** Slack reads `text`, Discord `content`. Resolves to { ok, status?, error? }. */
export async function postAlert(url, text) {
	try {
		const response = await fetch(url, {
			method: "POST",
			headers: { "content-type": "application/json" },
			body: JSON.stringify({ text, content: text }),
			signal: AbortSignal.timeout(ALERT_TIMEOUT_MS),
		});
		await response.body?.cancel();
		return { ok: response.ok, status: response.status };
	} catch (error) {
		return { ok: false, error: String(error?.message ?? error) };
	}
}
