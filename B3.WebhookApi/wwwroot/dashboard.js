/**
 * The dashboard: ingestion status of the last 30 trading days per dataset, and a ticker's close with its 7-trading-day
 * moving average and daily financial volume. Plain ES module, no build step; Chart.js is served from lib/.
 *
 * URL contract: /?ticker=PETR4&from=2024-11-01&to=2024-11-30#key=<API key>
 *   ticker, from, to  fill the quote form and load the chart at once (to also ends the ingestion window);
 *   #key=…            is kept in sessionStorage and removed from the address bar (a fragment never reaches the server).
 * For automation: #quote-chart carries data-state (idle, loading, ready, empty, error) and data-points (bars drawn);
 * #ingestion-grid carries data-state and data-days.
 */

import { QuoteChart } from './quote-chart.js';

const KeyStorage = 'b3.apiKey';
const IngestionDays = 30;
const PageSize = 1000;
const MaxPages = 10;
const DefaultRangeDays = 180;

/** The quote form's fields that the page's address carries, so a chart can be linked to. */
const QueryFields = ['ticker', 'from', 'to', 'adjusted'];

const form = document.getElementById('quote-form');
const keyForm = document.getElementById('key-form');
const keyInput = document.getElementById('api-key');
const grid = document.getElementById('ingestion-grid');
const canvas = document.getElementById('quote-chart');
const instrument = document.getElementById('instrument');
const message = document.getElementById('message');

const chart = new QuoteChart(canvas);

class ApiError extends Error {
	constructor(status, problem) {
		super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
		this.status = status;
	}
}

function apiKey() {
	return sessionStorage.getItem(KeyStorage) ?? '';
}

async function api(path) {
	const response = await fetch(path, { headers: { 'X-Api-Key': apiKey(), Accept: 'application/json' } });
	if (!response.ok) {
		const problem = await response.json().catch(() => null);
		throw new ApiError(response.status, problem);
	}
	return response.json();
}

function showMessage(text) {
	message.textContent = text;
	message.hidden = !text;
}

function explain(error) {
	return error.status === 401 ? 'The API key was refused: enter the service\'s API_KEY.' : error.message;
}

function isoDate(date) {
	return date.toISOString().slice(0, 10);
}

function addDays(iso, days) {
	const date = new Date(`${iso}T00:00:00Z`);
	date.setUTCDate(date.getUTCDate() + days);
	return isoDate(date);
}

function setState(element, state, attributes = {}) {
	element.dataset.state = state;
	Object.assign(element.dataset, attributes);
}

async function loadIngestion(to) {
	setState(grid, 'loading');
	const query = new URLSearchParams({ days: IngestionDays });
	if (to) {
		query.set('to', to);
	}
	try {
		const calendar = await api(`/api/ingestions/daily?${query}`);
		grid.replaceChildren(statusTable(calendar));
		setState(grid, 'ready', { days: calendar.days.length });
	} catch (error) {
		grid.replaceChildren(paragraph('placeholder', explain(error)));
		setState(grid, 'error', { days: 0 });
		throw error;
	}
}

function statusTable(calendar) {
	const table = document.createElement('table');
	table.className = 'status-grid';
	const head = table.createTHead().insertRow();
	head.appendChild(document.createElement('th'));
	for (const day of calendar.days) {
		const th = document.createElement('th');
		th.scope = 'col';
		th.textContent = day.date.slice(5);
		th.title = day.date;
		head.appendChild(th);
	}
	const body = table.createTBody();
	for (const dataset of calendar.datasets) {
		const row = body.insertRow();
		const th = document.createElement('th');
		th.scope = 'row';
		th.textContent = dataset;
		row.appendChild(th);
		for (const day of calendar.days) {
			const status = day.datasets[dataset];
			const cell = document.createElement('span');
			cell.className = `cell state-${status.state}`;
			cell.title = describe(dataset, day.date, status);
			row.insertCell().appendChild(cell);
		}
	}
	return table;
}

function describe(dataset, date, status) {
	if (status.state === 'missing') {
		return `${dataset} ${date}: no file received`;
	}
	const parts = [`${dataset} ${date}: ${status.state}`, `job ${status.jobId}`, `${status.attempts} attempt(s)`];
	if (status.rowsLoaded != null) {
		parts.push(`${status.rowsLoaded} rows loaded`);
	}
	if (status.rowsQuarantined) {
		parts.push(`${status.rowsQuarantined} quarantined`);
	}
	if (status.lastError) {
		parts.push(status.lastError);
	}
	return parts.join(' · ');
}

async function loadQuotes(ticker, from, to, adjusted) {
	setState(canvas, 'loading', { ticker, points: 0, adjusted });
	const end = to || isoDate(new Date());
	const start = from || addDays(end, -DefaultRangeDays);
	const bars = [];
	let next = `/api/quotes/${encodeURIComponent(ticker)}?${new URLSearchParams({ from: start, to: end, pageSize: PageSize, adjusted })}`;
	try {
		for (let page = 0; next && page < MaxPages; page++) {
			const series = await api(next);
			bars.push(...series.items);
			next = series.next;
		}
	} catch (error) {
		chart.draw(ticker, [], adjusted);
		setState(canvas, 'error', { points: 0 });
		throw error;
	}
	chart.draw(ticker, bars, adjusted);
	setState(canvas, bars.length ? 'ready' : 'empty', { points: bars.length });
	if (!bars.length) {
		showMessage(`${ticker} has no bars from ${start} to ${end}.`);
	}
	await loadInstrument(ticker, end);
}

async function loadInstrument(ticker, date) {
	try {
		const i = await api(`/api/instruments/${encodeURIComponent(ticker)}?date=${date}`);
		const facts = [i.corporationName, i.segment, i.securityCategory, i.corporateGovernanceLevel, i.isin].filter(Boolean);
		instrument.textContent = `${i.ticker}: ${facts.join(' · ')} (register of ${i.reportDate})`;
	} catch {
		instrument.textContent = `${ticker}: not in an instruments register on or before ${date}.`;
	}
}

function paragraph(className, text) {
	const p = document.createElement('p');
	p.className = className;
	p.textContent = text;
	return p;
}

async function refresh() {
	showMessage('');
	if (!apiKey()) {
		showMessage('Enter the API key (X-Api-Key) to load data.');
		return;
	}
	const ticker = form.elements.ticker.value.trim().toUpperCase();
	const from = form.elements.from.value;
	const to = form.elements.to.value;
	const work = [loadIngestion(to)];
	if (ticker) {
		form.elements.ticker.value = ticker;
		work.push(loadQuotes(ticker, from, to, form.elements.adjusted.value));
	}
	const failures = (await Promise.allSettled(work)).filter(result => result.status === 'rejected');
	if (failures.length) {
		showMessage(explain(failures[0].reason));
	}
}

function readUrl() {
	const fragment = new URLSearchParams(location.hash.slice(1));
	if (fragment.has('key')) {
		sessionStorage.setItem(KeyStorage, fragment.get('key'));
		history.replaceState(null, '', location.pathname + location.search);
	}
	const query = new URLSearchParams(location.search);
	for (const name of QueryFields) {
		if (query.has(name)) {
			form.elements[name].value = query.get(name);
		}
	}
}

keyForm.addEventListener('submit', event => {
	event.preventDefault();
	if (keyInput.value) {
		sessionStorage.setItem(KeyStorage, keyInput.value);
		keyInput.value = '';
	}
	refresh();
});

document.getElementById('forget-key').addEventListener('click', () => {
	sessionStorage.removeItem(KeyStorage);
	showMessage('The API key was forgotten.');
});

form.addEventListener('submit', event => {
	event.preventDefault();
	const query = new URLSearchParams();
	for (const name of QueryFields) {
		if (form.elements[name].value && !(name === 'adjusted' && form.elements[name].value === 'none')) {
			query.set(name, form.elements[name].value.trim());
		}
	}
	history.replaceState(null, '', `${location.pathname}?${query}`);
	refresh();
});

readUrl();
refresh();
