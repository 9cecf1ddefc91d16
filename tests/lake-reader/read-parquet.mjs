// Reads a Parquet file with DuckDB, an independent reader for the tests of B3.Core's Parquet writer.
//
//   node read-parquet.mjs <file.parquet> [--sql "<query>"]...
//
// Each query runs in an in-memory DuckDB; `{file}` (or `'{file}'`) in it becomes the path as a SQL string literal.
// Without --sql the query is SELECT * FROM read_parquet('{file}'). Prints one JSON array with a result per query:
//   [{"columns": [{"name": "close", "type": "DECIMAL(18,2)"}, ...], "rows": [["-1.50", ...], ...]}]
// Values are JSON-safe: BIGINT, HUGEINT and DECIMAL as strings ("-1.50"), DATE as "yyyy-mm-dd", DOUBLE as a number
// (NaN and infinities as strings), NULL as null. Any error exits non-zero with the message on stderr.
import { DuckDBInstance } from '@duckdb/node-api';

const [file, ...options] = process.argv.slice(2);
if (!file || options.length % 2 !== 0 || options.some((option, i) => i % 2 === 0 && option !== '--sql')) {
	console.error('usage: node read-parquet.mjs <file.parquet> [--sql "<query with {file}>"]...');
	process.exit(2);
}

const literal = `'${file.replaceAll("'", "''")}'`;
const queries = options.length === 0
	? ["SELECT * FROM read_parquet('{file}')"]
	: options.filter((_, i) => i % 2 === 1);

try {
	const instance = await DuckDBInstance.create(':memory:');
	const connection = await instance.connect();
	const results = [];
	for (const query of queries) {
		const reader = await connection.runAndReadAll(query.replaceAll("'{file}'", literal).replaceAll('{file}', literal));
		results.push({
			columns: reader.columnNames().map((name, i) => ({ name, type: reader.columnTypes()[i].toString() })),
			rows: reader.getRowsJson(),
		});
	}
	connection.closeSync();
	instance.closeSync();
	process.stdout.write(JSON.stringify(results));
} catch (error) {
	console.error(error.message);
	process.exit(1);
}
