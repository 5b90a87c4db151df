/**
 * `node test/browser/store-deployed-snapshot.ts <client dir>`: keeps the open data of a built site
 * in the local D1 and R2 of PORTAL_D1_PERSIST as a version, as a production build does after it
 * deploys (site/lib/records/store-snapshot.ts). The office journey runs it in a process of its own,
 * since the connection is made for the D1 that PORTAL_D1_PERSIST names.
 */
import { storeSnapshot } from '../../site/lib/records/store-snapshot.ts';

const clientDir = process.argv[2];
if (!clientDir) throw new Error('usage: node test/browser/store-deployed-snapshot.ts <client dir>');
const snapshot = await storeSnapshot(clientDir);
console.log(`open-data version ${snapshot.version} ${snapshot.stored ? 'stored' : 'was already stored'}`);
