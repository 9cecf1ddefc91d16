/**
 * A ticker's close, its 7-trading-day moving average (left axis, BRL) and daily financial volume (bars, right axis),
 * drawn with Chart.js (served from lib/, loaded by index.html). Drawing again replaces the data of the same chart.
 * An adjusted series draws the adjusted close instead, without the moving average: that one is of traded prices.
 */

const decimal = new Intl.NumberFormat('pt-BR', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const compact = new Intl.NumberFormat('pt-BR', { notation: 'compact', maximumFractionDigits: 1 });

export class QuoteChart {
	constructor(canvas) {
		this.canvas = canvas;
		this.chart = null;
	}

	draw(ticker, bars, adjusted = 'none') {
		const asTraded = adjusted === 'none';
		const data = {
			labels: bars.map(bar => bar.date),
			datasets: [
				{
					type: 'line',
					label: asTraded ? `${ticker} close` : `${ticker} close adjusted (${adjusted})`,
					data: bars.map(bar => (asTraded ? bar.close : bar.adjustedClose)),
					borderColor: '#1f6feb',
					backgroundColor: '#1f6feb',
					borderWidth: 2,
					pointRadius: bars.length > 60 ? 0 : 2,
					yAxisID: 'price',
					order: 1,
				},
				asTraded && {
					type: 'line',
					label: '7-trading-day moving average',
					data: bars.map(bar => bar.movingAverage7),
					borderColor: '#e8702a',
					backgroundColor: '#e8702a',
					borderWidth: 2,
					borderDash: [6, 3],
					pointRadius: 0,
					yAxisID: 'price',
					order: 2,
				},
				{
					type: 'bar',
					label: 'Financial volume (BRL)',
					data: bars.map(bar => bar.volume),
					backgroundColor: 'rgba(102, 112, 133, 0.35)',
					yAxisID: 'volume',
					order: 3,
				},
			].filter(Boolean),
		};
		if (this.chart) {
			this.chart.data = data;
			this.chart.update();
			return;
		}
		this.chart = new window.Chart(this.canvas, {
			data,
			options: {
				animation: false,
				maintainAspectRatio: false,
				interaction: { mode: 'index', intersect: false },
				scales: {
					x: { ticks: { maxRotation: 0, autoSkipPadding: 12 } },
					price: { position: 'left', title: { display: true, text: 'Price (BRL)' } },
					volume: {
						position: 'right',
						beginAtZero: true,
						grid: { drawOnChartArea: false },
						title: { display: true, text: 'Volume (BRL)' },
						ticks: { callback: value => compact.format(value) },
					},
				},
				plugins: {
					tooltip: {
						callbacks: {
							label: item => `${item.dataset.label}: ${item.raw == null ? '–' : decimal.format(item.raw)}`,
						},
					},
				},
			},
		});
	}
}
