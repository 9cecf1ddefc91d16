// Just enough AWS Signature V4 for the tests to PUT into the S3 stand-in (path-style, no query string).
import { createHash, createHmac } from "node:crypto";

const sha256 = (data) => createHash("sha256").update(data).digest("hex");
const hmac = (key, data) => createHmac("sha256", key).update(data).digest();

export function signedS3Request(method, endpoint, path, body, { accessKey, secretKey, region = "us-east-1" }) {
	const url = new URL(path.split("/").map(encodeURIComponent).join("/"), endpoint);
	const amzDate = new Date().toISOString().replace(/[-:]|\.\d{3}/g, "");
	const day = amzDate.slice(0, 8);
	const scope = `${day}/${region}/s3/aws4_request`;
	const headers = { host: url.host, "x-amz-content-sha256": sha256(body), "x-amz-date": amzDate };
	const names = Object.keys(headers).sort();
	const canonical = [
		method,
		url.pathname,
		"",
		...names.map((name) => `${name}:${headers[name]}`),
		"",
		names.join(";"),
		headers["x-amz-content-sha256"],
	].join("\n");
	const toSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonical)].join("\n");
	const signingKey = hmac(hmac(hmac(hmac(`AWS4${secretKey}`, day), region), "s3"), "aws4_request");
	const signature = hmac(signingKey, toSign).toString("hex");
	return new Request(url, {
		method,
		body: method === "GET" || method === "HEAD" ? undefined : body,
		headers: {
			...headers,
			authorization: `AWS4-HMAC-SHA256 Credential=${accessKey}/${scope}, SignedHeaders=${names.join(";")}, Signature=${signature}`,
		},
	});
}
