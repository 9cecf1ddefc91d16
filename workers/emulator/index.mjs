// The local Cloudflare emulator: the Worker of src/ in Miniflare with local queues b3-instruments-upload-queue and
// b3-instruments-dlq, fed by MinIO bucket notifications (HTTP intake) and, with --s3, by the S3 stand-in's events.
//
// Run: node emulator/index.mjs [--port 8787] [--host 127.0.0.1] [--s3] [--s3-port 0] [--s3-tls] [--s3-directory DIR]
//                              [--stop-with-stdin]
// Environment (as the AppHost injects it): PORT, WEBHOOK_URL, WEBHOOK_SECRET, MINIO_WEBHOOK_TOKEN; EMULATOR_HOST,
// EMULATOR_S3=1, EMULATOR_S3_PORT, EMULATOR_S3_TLS=1, EMULATOR_S3_DIRECTORY stand for the flags.
// Prints one JSON line {"intake", "s3", …} when ready, one JSON line per message, and stops on SIGTERM/SIGINT or,
// with --stop-with-stdin, when its standard input closes.
import { once } from "node:events";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { Miniflare } from "miniflare";
import { ACCESS_KEY, SECRET_KEY, startS3StandIn } from "../scripts/s3-standin.mjs";
import { stopOnSignals, stopWhenStdinCloses } from "../scripts/lifetime.mjs";
import { ConfigError, readConfig } from "../src/config.js";
import { log } from "../src/log.js";
import { fromS3rverRecord } from "./events.mjs";
import { createIntakeServer, EVENTS_PATH } from "./intake.mjs";
import { readWranglerConfig } from "./wrangler-config.mjs";

const WRANGLER_CONFIG = fileURLToPath(new URL("../wrangler.jsonc", import.meta.url));
// Production waits up to max_batch_timeout to fill a batch; locally an upload should reach the webhook at once. With 0,
// Miniflare hands the first message over on the next tick, and those that arrive meanwhile form the next batch.
const LOCAL_BATCH_TIMEOUT_SECONDS = 0;

/**
 * Starts Miniflare, the intake and (optionally) the S3 stand-in.
 * Resolves to { intake, s3, certificate, close }.
 */
export async function startEmulator({
	port = 8787,
	host = "127.0.0.1",
	webhookUrl,
	webhookSecret,
	minioToken,
	s3,
	configPath = WRANGLER_CONFIG,
}) {
	// Same checks the Worker makes, but at start, so a wrong setting stops the emulator with its name.
	readConfig({ WEBHOOK_URL: webhookUrl, WEBHOOK_SECRET: webhookSecret });
	const config = readWranglerConfig(configPath);
	const { queue, dead_letter_queue: dlq } = config.consumer;

	const mf = new Miniflare({
		host: "127.0.0.1",
		port: 0,
		workers: [
			{
				name: config.name,
				modules: true,
				modulesRules: [{ type: "ESModule", include: ["**/*.js"] }],
				scriptPath: config.main,
				compatibilityDate: config.compatibilityDate,
				compatibilityFlags: config.compatibilityFlags,
				bindings: { WEBHOOK_URL: webhookUrl, WEBHOOK_SECRET: webhookSecret },
				queueProducers: {
					UPLOADS: { queueName: queue },
					...Object.fromEntries(config.producers.map((p) => [p.binding, { queueName: p.queue }])),
				},
				queueConsumers: {
					[queue]: {
						maxBatchSize: config.consumer.max_batch_size,
						maxBatchTimeout: LOCAL_BATCH_TIMEOUT_SECONDS,
						maxRetries: config.consumer.max_retries,
						retryDelay: config.consumer.retry_delay,
						deadLetterQueue: dlq,
					},
				},
			},
			// In Cloudflare the DLQ just holds messages; here a consumer prints them, so dead letters show in the log.
			{
				name: "dead-letter-log",
				modules: true,
				compatibilityDate: config.compatibilityDate,
				script: `export default {
					async queue(batch) {
						for (const message of batch.messages) {
							console.error(JSON.stringify({ level: "error", queue: batch.queue, id: message.id,
								key: message.body?.object?.key, action: message.body?.action, outcome: "dead-letter", body: message.body }));
						}
					},
				};`,
				queueConsumers: { [dlq]: { maxBatchTimeout: LOCAL_BATCH_TIMEOUT_SECONDS } },
			},
		],
	});

	let intakeServer;
	let standIn;
	const close = async () => {
		await Promise.allSettled([
			intakeServer && new Promise((resolve) => {
				intakeServer.close(resolve);
				intakeServer.closeAllConnections();
			}),
			standIn?.close(),
		]);
		await mf.dispose();
	};

	try {
		await mf.ready;
		const producer = await mf.getQueueProducer("UPLOADS", config.name);
		const enqueue = async (message, source) => {
			await producer.send(message);
			const { action, bucket, object } = message;
			log("info", { source, queue, action, bucket, key: object.key, outcome: "enqueued" });
		};

		intakeServer = createIntakeServer({ token: minioToken, enqueue, log });
		intakeServer.listen(port, host);
		await once(intakeServer, "listening");

		if (s3?.enabled) {
			standIn = await startS3StandIn({ port: s3.port, tls: s3.tls, directory: s3.directory });
			standIn.server.on("event", async (event) => {
				for (const record of event.Records ?? []) {
					const metadata = await objectMetadata(standIn.server, record);
					const message = fromS3rverRecord(record, metadata);
					if (!message) continue;
					enqueue(message, "s3").catch((error) =>
						log("error", { source: "s3", key: message.object.key, outcome: "enqueue failed", error: error.message }));
				}
			});
		}
	} catch (error) {
		await close();
		throw error;
	}

	const { address, port: boundPort } = intakeServer.address();
	// A wildcard bind is reached through loopback from this machine.
	const reachable = address === "0.0.0.0" || address === "::" ? "127.0.0.1" : address;
	return {
		intake: `http://${reachable.includes(":") ? `[${reachable}]` : reachable}:${boundPort}`,
		s3: standIn?.endpoint,
		certificate: standIn?.certificate,
		close,
	};
}

function flag(value, variable) {
	return value || ["1", "true", "on", "yes"].includes(String(process.env[variable] ?? "").toLowerCase());
}

async function main() {
	const { values } = parseArgs({
		options: {
			port: { type: "string" },
			host: { type: "string" },
			s3: { type: "boolean", default: false },
			"s3-port": { type: "string" },
			"s3-tls": { type: "boolean", default: false },
			"s3-directory": { type: "string" },
			"stop-with-stdin": { type: "boolean", default: false },
		},
	});

	let emulator;
	try {
		emulator = await startEmulator({
			port: Number(values.port ?? process.env.PORT ?? 8787),
			host: values.host ?? process.env.EMULATOR_HOST ?? "127.0.0.1",
			webhookUrl: process.env.WEBHOOK_URL,
			webhookSecret: process.env.WEBHOOK_SECRET,
			minioToken: process.env.MINIO_WEBHOOK_TOKEN || undefined,
			s3: {
				enabled: flag(values.s3, "EMULATOR_S3"),
				port: Number(values["s3-port"] ?? process.env.EMULATOR_S3_PORT ?? 0),
				tls: flag(values["s3-tls"], "EMULATOR_S3_TLS"),
				directory: values["s3-directory"] ?? (process.env.EMULATOR_S3_DIRECTORY || undefined),
			},
		});
	} catch (error) {
		console.error(`emulator: ${error.message}`);
		process.exit(error instanceof ConfigError ? 2 : 1);
	}

	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		await emulator.close().catch((error) => console.error(`emulator: ${error.message}`));
		process.stdin.destroy();
		// Exiting naturally lets Miniflare finish removing its temporary folder; the timer only guards against a hang.
		setTimeout(() => process.exit(0), 2_000).unref();
	};
	// Miniflare's own handlers exit at once with 128+signal, before the S3 stand-in has closed and removed its folder.
	// Ours goes in before theirs come out (a signal arriving in between would otherwise be lost), and before the
	// ready line, after which a caller may signal at any moment.
	stopOnSignals(stop);
	console.log(JSON.stringify({
		intake: emulator.intake,
		events: `${emulator.intake}${EVENTS_PATH}`,
		s3: emulator.s3 ?? null,
		...(emulator.s3 && { accessKey: ACCESS_KEY, secretKey: SECRET_KEY, certificate: emulator.certificate ?? null }),
	}));

	if (values["stop-with-stdin"]) stopWhenStdinCloses(stop);
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
	await main();
}

/** The stored object's metadata (user metadata included), or undefined once it is gone. */
async function objectMetadata(server, record) {
	const bucket = record.s3?.bucket?.name;
	const key = record.s3?.object?.key;
	if (!bucket || !key || !record.eventName?.startsWith("ObjectCreated")) return undefined;
	try {
		return await server.store.getMetadata(bucket, key);
	} catch {
		return undefined;
	}
}
