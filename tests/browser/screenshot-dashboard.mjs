/**
 * Opens the dashboard in Debian's Chromium (headless), waits until it has drawn the quote chart and the ingestion grid,
 * saves a screenshot, and prints one JSON line with what the page shows.
 *
 *   node screenshot-dashboard.mjs --url <page URL> --out <png> [--chromium /usr/bin/chromium] [--timeout-ms 30000]
 */
import { readOptions, withPage } from './chromium.mjs';

const options = readOptions();
const { timeout } = options;

await withPage(options, { width: 1280, height: 1000 }, async (page, problems) => {
	await page.goto(options.url, { timeout });
	await page.waitForSelector('#quote-chart:is([data-state="ready"], [data-state="empty"], [data-state="error"])', { timeout });
	await page.waitForSelector('#ingestion-grid:is([data-state="ready"], [data-state="error"])', { timeout });
	await page.screenshot({ path: options.out, fullPage: true });

	const shown = await page.evaluate(() => {
		const canvas = document.getElementById('quote-chart');
		const chart = window.Chart.getChart(canvas);
		const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
		let painted = 0;
		for (let i = 3; i < pixels.length; i += 4) {
			if (pixels[i] !== 0) {
				painted++;
			}
		}
		return {
			chartState: canvas.dataset.state,
			points: Number(canvas.dataset.points),
			ticker: canvas.dataset.ticker,
			adjusted: canvas.dataset.adjusted,
			series: chart ? chart.data.datasets.map(d => ({ label: d.label, values: d.data.filter(v => v != null).length })) : [],
			paintedPixels: painted,
			canvasPixels: canvas.width * canvas.height,
			gridState: document.getElementById('ingestion-grid').dataset.state,
			gridDays: Number(document.getElementById('ingestion-grid').dataset.days),
			gridCells: [...document.querySelectorAll('#ingestion-grid .cell')].map(cell => cell.className.replace('cell state-', '')),
			instrument: document.getElementById('instrument').textContent,
			message: document.getElementById('message').hidden ? '' : document.getElementById('message').textContent,
			address: location.href,
			storedKey: sessionStorage.getItem('b3.apiKey') !== null,
		};
	});
	console.log(JSON.stringify({ ...shown, problems }));
});
