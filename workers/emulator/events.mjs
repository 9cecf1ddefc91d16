// S3-style object events (MinIO's webhook target, the s3rver stand-in) → the R2 event-notification message shape
// that Cloudflare Queues delivers to the Worker: {account, action, bucket, object: {key, size, eTag}, eventTime}.

const MINIO_ACTIONS = {
	"s3:ObjectCreated:Put": "PutObject",
	// Browser form uploads; R2 has no POST Object, a plain PUT is the closest.
	"s3:ObjectCreated:Post": "PutObject",
	"s3:ObjectCreated:Copy": "CopyObject",
	"s3:ObjectCreated:CompleteMultipartUpload": "CompleteMultipartUpload",
	"s3:ObjectRemoved:Delete": "DeleteObject",
	"s3:ObjectRemoved:DeleteMarkerCreated": "DeleteObject",
};

const S3RVER_ACTIONS = {
	"ObjectCreated:Put": "PutObject",
	"ObjectCreated:Copy": "CopyObject",
	// s3rver raises "Post" for browser POSTs and for CompleteMultipartUpload alike.
	"ObjectCreated:Post": "CompleteMultipartUpload",
	"ObjectRemoved:Delete": "DeleteObject",
};

/**
 * One record of a MinIO bucket notification; undefined for events R2 has no equivalent of (tagging, retention, …).
 * MinIO query-escapes the key ("b3%2Ftrades%2Fmy+file.csv").
 */
export function fromMinioRecord(record) {
	const action = MINIO_ACTIONS[record?.eventName];
	if (!action) return undefined;
	const object = record.s3?.object ?? {};
	return toR2Message({
		action,
		bucket: record.s3?.bucket?.name,
		key: decodeURIComponent(String(object.key ?? "").replace(/\+/g, " ")),
		size: object.size,
		eTag: object.eTag,
		eventTime: record.eventTime,
		traceparent: metadataValue(object.userMetadata, "traceparent"),
	});
}

/**
 * One record of an s3rver "event"; its keys are not escaped. s3rver leaves the object's user metadata out of the
 * record, so the caller passes it (read from the stand-in's store) to carry the uploader's traceparent on.
 */
export function fromS3rverRecord(record, userMetadata) {
	const action = S3RVER_ACTIONS[record?.eventName];
	if (!action) return undefined;
	const object = record.s3?.object ?? {};
	return toR2Message({
		action,
		bucket: record.s3?.bucket?.name,
		key: object.key,
		size: object.size,
		eTag: object.eTag,
		eventTime: record.eventTime,
		traceparent: metadataValue(userMetadata, "traceparent"),
	});
}

function toR2Message({ action, bucket, key, size, eTag, eventTime, traceparent }) {
	return {
		account: "local",
		action,
		bucket,
		object: { key, ...(size !== undefined && { size }), ...(eTag && { eTag: eTag.replace(/^"|"$/g, "") }) },
		eventTime: eventTime ?? new Date().toISOString(),
		...(traceparent && { traceparent }),
	};
}

// MinIO ("X-Amz-Meta-Traceparent") and s3rver ("x-amz-meta-traceparent") report user metadata under its header name.
function metadataValue(metadata, name) {
	for (const [key, value] of Object.entries(metadata ?? {})) {
		const bare = key.toLowerCase().replace(/^x-amz-meta-/, "");
		if (bare === name) return value;
	}
	return undefined;
}
