// The Worker's two settings: WEBHOOK_URL (a var) and WEBHOOK_SECRET (a secret, "whsec_" + base64, or a comma-separated
// list of them during a rotation; the first one signs).

export class ConfigError extends Error {}

export function readConfig(env) {
	const missing = ["WEBHOOK_URL", "WEBHOOK_SECRET"].filter((name) => !env?.[name]?.trim());
	if (missing.length > 0) {
		throw new ConfigError(`${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} not set`);
	}

	let url;
	try {
		url = new URL(env.WEBHOOK_URL.trim());
	} catch {
		throw new ConfigError("WEBHOOK_URL is not an absolute URL");
	}
	if (url.protocol !== "https:" && url.protocol !== "http:") {
		throw new ConfigError("WEBHOOK_URL must be an http(s) URL");
	}

	return { webhookUrl: url.href, signingKey: decodeSecret(env.WEBHOOK_SECRET.split(",")[0].trim()) };
}

function decodeSecret(secret) {
	const encoded = secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret;
	let key;
	try {
		key = Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0));
	} catch {
		throw new ConfigError("WEBHOOK_SECRET is not \"whsec_\" followed by base64");
	}
	if (key.length === 0) {
		throw new ConfigError("WEBHOOK_SECRET is empty after \"whsec_\"");
	}
	return key;
}
