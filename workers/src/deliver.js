// One webhook POST and what the queue should do about its result.

export const TIMEOUT_MS = 15_000;
const BACKOFF_BASE_SECONDS = 30;
const BACKOFF_CAP_SECONDS = 900;
// Cloudflare Queues accepts delays up to 12 hours.
const MAX_DELAY_SECONDS = 43_200;

/** Resolves to { status, retryAfter, detail } for any HTTP answer, or { error } when none came (network, timeout). */
export async function post(url, headers, body) {
	let response;
	try {
		response = await fetch(url, {
			method: "POST",
			headers: { ...headers, "content-type": "application/json" },
			body,
			// Following a 301/302 would turn the POST into a GET; a redirect means WEBHOOK_URL is wrong.
			redirect: "manual",
			signal: AbortSignal.timeout(TIMEOUT_MS),
		});
	} catch (error) {
		return { error: error?.name === "TimeoutError" ? `no answer within ${TIMEOUT_MS} ms` : String(error?.message ?? error) };
	}
	const ok = response.status >= 200 && response.status < 300;
	// A 4xx body (problem+json naming the field) is the only clue to why a message is dead-lettered.
	const detail = ok ? undefined : (await response.text().catch(() => "")).slice(0, 500) || undefined;
	if (ok) await response.body?.cancel();
	return { status: response.status, retryAfter: response.headers.get("retry-after"), detail };
}

/**
 * { decision: "ack" | "retry" | "dead-letter", outcome, delaySeconds? } for a post() result on delivery `attempts`
 * (1 on the first delivery).
 */
export function decide(result, attempts, now = Date.now()) {
	if (result.error !== undefined) {
		return { decision: "retry", outcome: "network-error", delaySeconds: backoffSeconds(attempts) };
	}
	const { status } = result;
	if (status >= 200 && status < 300) return { decision: "ack", outcome: "delivered" };
	// Standard Webhooks: 410 asks the sender to stop calling this endpoint.
	if (status === 410) return { decision: "ack", outcome: "gone" };
	if (status === 408 || status === 429 || status >= 500) {
		const delaySeconds = retryAfterSeconds(result.retryAfter, now) ?? backoffSeconds(attempts);
		return { decision: "retry", outcome: "retry", delaySeconds };
	}
	return { decision: "dead-letter", outcome: "rejected" };
}

/** Exponential, capped, with jitter in [0.8, 1] so that each attempt still waits longer than the one before. */
export function backoffSeconds(attempts, random = Math.random) {
	const exponent = Math.max(0, (attempts ?? 1) - 1);
	const ceiling = Math.min(BACKOFF_BASE_SECONDS * 2 ** exponent, BACKOFF_CAP_SECONDS);
	return Math.round(ceiling * (0.8 + 0.2 * random()));
}

/** Retry-After as delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterSeconds(value, now = Date.now()) {
	if (value === null || value === undefined || value.trim() === "") return undefined;
	const text = value.trim();
	let seconds;
	if (/^\d+$/.test(text)) {
		seconds = Number(text);
	} else {
		const date = Date.parse(text);
		if (Number.isNaN(date)) return undefined;
		seconds = Math.ceil((date - now) / 1000);
	}
	return Math.min(Math.max(seconds, 0), MAX_DELAY_SECONDS);
}
