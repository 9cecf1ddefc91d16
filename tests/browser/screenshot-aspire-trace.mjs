/**
 * Signs in to the Aspire dashboard with its login URL, opens the detail view of one trace, waits until the given
 * resource names are on the page, saves a screenshot, and prints one JSON line with what the page shows.
 *
 *   node screenshot-aspire-trace.mjs --url <login URL> --trace <trace id> --resources a,b,c --out <png>
 *                                    [--chromium /usr/bin/chromium] [--timeout-ms 30000]
 */
import { readOptions, withPage } from './chromium.mjs';

const options = readOptions({ trace: { type: 'string' }, resources: { type: 'string' } });
const { timeout } = options;
const resources = options.resources.split(',');

await withPage(options, { width: 1600, height: 1000 }, async (page, problems) => {
	// The login URL sets the dashboard's cookie and redirects to its home page.
	await page.goto(options.url, { timeout, waitUntil: 'networkidle' });
	const traceUrl = new URL(`/traces/detail/${options.trace}`, options.url);
	await page.goto(traceUrl.href, { timeout });
	// The dashboard is a Blazor Server app: the spans arrive over its circuit after the page loads.
	const found = await page
		.waitForFunction(names => names.every(name => document.body.innerText.includes(name)), resources, { timeout })
		.then(() => true, () => false);
	await page.screenshot({ path: options.out, fullPage: true });
	const text = await page.evaluate(() => document.body.innerText);
	console.log(JSON.stringify({
		found,
		address: page.url(),
		title: await page.title(),
		resourcesShown: resources.filter(name => text.includes(name)),
		traceShown: text.includes(options.trace.slice(0, 7)),
		problems,
	}));
});
