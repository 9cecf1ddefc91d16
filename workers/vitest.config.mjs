import { cloudflareTest } from "@cloudflare/vitest-pool-workers";
import { defineConfig } from "vitest/config";

// Test-only key: "whsec_" + base64 of 32 bytes 0x01..0x20.
const TEST_SECRET = `whsec_${Buffer.from(Array.from({ length: 32 }, (_, i) => i + 1)).toString("base64")}`;

export default defineConfig({
	test: {
		projects: [
			{
				// The Worker, inside workerd, with the bindings of wrangler.jsonc.
				plugins: [
					cloudflareTest({
						wrangler: { configPath: "./wrangler.jsonc" },
						miniflare: {
							bindings: {
								WEBHOOK_SECRET: TEST_SECRET,
								WEBHOOK_URL: "https://webhooks.test/webhooks/r2/object-created",
							},
							// Lets a test enqueue like R2 does; the deployed Worker has no producer for its own queue.
							queueProducers: { UPLOADS: { queueName: "b3-instruments-upload-queue" } },
							queueConsumers: { "b3-instruments-upload-queue": { maxBatchTimeout: 0.05 } },
						},
					}),
				],
				test: { name: "worker", include: ["test/**/*.spec.js"] },
			},
			{
				// The emulator, a Node program that starts Miniflare itself.
				test: { name: "emulator", environment: "node", include: ["test/**/*.test.mjs"], testTimeout: 30_000 },
			},
		],
	},
});
