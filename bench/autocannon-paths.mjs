// autocannon where each request takes the next path of a list, shared by all connections, so no two
// requests ask for the same thing until the list is used up (a case opened for the first time, not
// one the server keeps). Run in its own process by `autocannonPaths` in processes.ts; prints autocannon's
// result as JSON.
//
//   node bench/autocannon-paths.mjs CONFIG.json   ({ url, paths, headers, connections, seconds })
import fs from 'node:fs';
import autocannon from 'autocannon';

const { url, paths, headers, connections, seconds } = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
let next = 0;
const result = await autocannon({
  url, connections, duration: seconds, headers, timeout: 120,
  requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length] }) }],
});
process.stdout.write(JSON.stringify({ ...result, distinct: Math.min(next, paths.length) }));
