// A seeded random run of what Azurite's blob store asks LokiJS (test/bench/azurite-indexed-lookups.test.ts runs it
// with and without the indexed-look-ups preload): the same collection and indexes, inserts, look-ups, counts,
// overwrites (remove + insert), deletes (findAndRemove) and prefix listings with a marker, as
// node_modules/azurite/dist/src/blob/persistence/LokiBlobMetadataStore.js writes them. Prints one JSON line: a
// digest of every answer, the documents left, and the indexes LokiJS finds out of order.
'use strict';
const { createHash } = require('node:crypto');
const loki = require(require.resolve('lokijs', { paths: [require.resolve('azurite/package.json')] }));

let seed = 42;
const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const escapeRegex = (text) => text.replace(/[-[\]{}()*+?.,\\^$|#\s]/g, '\\$&');

const db = new loki('blobs', { persistenceMethod: 'memory' });
const blobs = db.addCollection('blobs', { indices: ['accountName', 'containerName', 'name', 'snapshot'] });
const answers = createHash('sha256');
const names = [];
const blob = (containerName, name, v) => ({ accountName: 'devstoreaccount1', containerName, name, snapshot: '', isCommitted: true, v });
const lookUp = (containerName, name) => blobs.findOne({ accountName: 'devstoreaccount1', containerName, name, snapshot: '' });

for (let i = 0; i < 1500; i++) {
  const container = i % 2 ? 'tickets' : 'empty';
  const name =
    ['helpdesk%2Fticket%2F', 'helpdesk%2Fpending%2F', 'helpdesk%2Fcard%2F'][i % 3] + String(Math.floor(random() * 2500)).padStart(9, '0');
  if (lookUp(container, name)) continue;
  blobs.insert(blob(container, name, i));
  names.push([container, name]);
}
for (let step = 0; step < 1500; step++) {
  const r = random();
  const [container, name] = names[Math.floor(random() * names.length)];
  if (r < 0.4) blobs.findAndRemove({ accountName: 'devstoreaccount1', containerName: container, name });
  else if (r < 0.7) {
    if (!lookUp(container, name)) blobs.insert(blob(container, name, step));
  } else if (r < 0.8) {
    const found = lookUp(container, name);
    if (found) {
      blobs.remove(found);
      blobs.insert(blob(container, name, -step));
    }
  }
  const found = lookUp(container, name);
  answers.update(JSON.stringify(found && [found.name, found.v]));
  answers.update(String(blobs.count({ accountName: 'devstoreaccount1', containerName: container, name })));
  const prefix = ['helpdesk%2Fpending%2F', 'helpdesk%2Fticket%2F0000', 'helpdesk%2Fcard%2F00000'][step % 3];
  const marker = step % 2 ? '' : `${prefix}000002000`;
  const listed = blobs
    .chain()
    .find({ name: { $regex: `^${escapeRegex(prefix)}` }, accountName: 'devstoreaccount1', containerName: container })
    .where((doc) => doc.name > marker)
    .sort((a, b) => (a.name === b.name ? 0 : a.name > b.name ? 1 : -1))
    .data();
  answers.update(JSON.stringify(listed.map((doc) => [doc.name, doc.v])));
}
const left = blobs
  .find()
  .map((doc) => `${doc.containerName}/${doc.name}/${doc.v}`)
  .sort();
console.log(
  JSON.stringify({
    answers: answers.digest('hex'),
    left: left.length,
    leftDigest: createHash('sha256').update(left.join('\n')).digest('hex'),
    badIndexes: blobs.checkAllIndexes({ repair: false }),
  }),
);
