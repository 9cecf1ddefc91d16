// Standard Webhooks v1 (https://www.standardwebhooks.com/): HMAC-SHA256 over "id.timestamp.body".

const encoder = new TextEncoder();

export async function importSigningKey(keyBytes) {
	return crypto.subtle.importKey("raw", keyBytes, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
}

/** Headers for one delivery attempt; `body` must be the exact string that is sent. */
export async function signatureHeaders(cryptoKey, id, body, now = Date.now()) {
	const timestamp = Math.floor(now / 1000).toString();
	const mac = await crypto.subtle.sign("HMAC", cryptoKey, encoder.encode(`${id}.${timestamp}.${body}`));
	return {
		"webhook-id": id,
		"webhook-timestamp": timestamp,
		"webhook-signature": `v1,${toBase64(new Uint8Array(mac))}`,
	};
}

function toBase64(bytes) {
	let binary = "";
	for (const byte of bytes) binary += String.fromCharCode(byte);
	return btoa(binary);
}
