/**
 * What the browser scripts share: their common options (--url, --out, --chromium, --timeout-ms) and Debian's
 * Chromium launched headless, closed when the work is done.
 */
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

export function readOptions(extra = {}) {
	const { values } = parseArgs({
		options: {
			url: { type: 'string' },
			out: { type: 'string' },
			chromium: { type: 'string', default: '/usr/bin/chromium' },
			'timeout-ms': { type: 'string', default: '30000' },
			...extra,
		},
	});
	return { ...values, timeout: Number(values['timeout-ms']) };
}

/** Opens a page of the given size, runs `work(page, problems)` and closes the browser whatever happens. */
export async function withPage({ chromium: executablePath, timeout }, viewport, work) {
	const browser = await chromium.launch({
		executablePath,
		timeout,
		args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
	});
	try {
		const page = await browser.newPage({ viewport });
		const problems = [];
		page.on('pageerror', error => problems.push(`page error: ${error.message}`));
		page.on('console', message => message.type() === 'error' && problems.push(`console: ${message.text()}`));
		return await work(page, problems);
	} finally {
		await browser.close();
	}
}
