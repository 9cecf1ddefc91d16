// From an R2 event-notification message to the PRD's webhook body (DESIGN.md §6).
// R2 body: {account, action, bucket, object: {key, size, eTag}, eventTime, copySource?}; the local emulator may add
// `traceparent` (from the object's metadata) so one trace follows a file across the queue.

const CREATE_ACTIONS = new Set(["PutObject", "CopyObject", "CompleteMultipartUpload"]);
const KEY_ROOT = "b3/";
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;

/**
 * The PRD names the instruments event "b3_instrument_uploaded" (singular); the other datasets follow
 * "b3_<dataset>_uploaded" with the key's folder name as written (trades, cotahist, ibov, or any later dataset:
 * the WebhookApi, not the Worker, decides which datasets it accepts).
 */
export function eventTypeFor(dataset) {
	return dataset === "instruments" ? "b3_instrument_uploaded" : `b3_${dataset}_uploaded`;
}

/**
 * Returns one of
 *   { kind: "deliver", dataset, payload, traceparent? }   a created object under b3/<dataset>/
 *   { kind: "ignore", reason }                             valid, but not ours (other action or key)
 *   { kind: "malformed", reason }                          not an R2 event message we can trust
 */
export function interpret(body) {
	if (!isObject(body) || !isObject(body.object)) return malformed("body is not an R2 event notification");
	const { action, bucket, eventTime, object } = body;
	if (typeof action !== "string" || action === "") return malformed("action is missing");
	if (typeof object.key !== "string" || object.key === "") return malformed("object.key is missing");

	if (!CREATE_ACTIONS.has(action)) return ignore(`action ${action} is not an object creation`);
	if (!object.key.startsWith(KEY_ROOT)) return ignore(`key is outside ${KEY_ROOT}`);
	const [dataset, ...rest] = object.key.slice(KEY_ROOT.length).split("/");
	if (dataset === "" || rest.join("/") === "") return ignore(`key is not ${KEY_ROOT}<dataset>/<file>`);

	if (typeof bucket !== "string" || bucket === "") return malformed("bucket is missing");
	if (!Number.isSafeInteger(object.size) || object.size < 0) return malformed("object.size is missing");
	if (typeof object.eTag !== "string" || object.eTag === "") return malformed("object.eTag is missing");
	const time = typeof eventTime === "string" ? new Date(eventTime) : new Date(Number.NaN);
	if (Number.isNaN(time.getTime())) return malformed("eventTime is not a date");

	const payload = {
		event_type: eventTypeFor(dataset),
		bucket,
		key: object.key,
		size: object.size,
		timestamp: time.toISOString(),
		etag: object.eTag,
	};
	const traceparent = typeof body.traceparent === "string" && TRACEPARENT.test(body.traceparent)
		? body.traceparent
		: undefined;
	return { kind: "deliver", dataset, payload, traceparent };
}

function isObject(value) {
	return typeof value === "object" && value !== null && !Array.isArray(value);
}

function malformed(reason) {
	return { kind: "malformed", reason };
}

function ignore(reason) {
	return { kind: "ignore", reason };
}
