// Preloaded into Azurite for `bench:escalation -- --indexed-azurite` only (never in tests). Azurite keeps its blob
// index in LokiJS, and LokiJS uses an index only for the first property of a query and never for a regular
// expression: a blob look-up ({ accountName, containerName, name, snapshot }) and a prefix listing
// (name: { $regex: '^prefix' }) both scan every blob Azurite holds, so its cost per request grows with the data.
// This reorders a look-up so `name` (or `blobName`) comes first, and turns a plain prefix into the equivalent name
// range, so both use Azurite's own index on name. The answers are the same; only the emulator's cost changes.
// Deleting a blob (findAndRemove) goes through LokiJS's batch removal, which re-sorts every index of the collection
// from scratch, even for one blob: four sorts of every blob Azurite holds, ~0.6 s at 40,000 blobs, during which
// Azurite answers nothing else. A batch of one is removed here as LokiJS removes a single document (as Azurite does
// when a blob is overwritten): the same document leaves, and the indexes are updated in place instead of rebuilt.
'use strict';
const loki = require(require.resolve('lokijs', { paths: [require.resolve('azurite/package.json')] }));

const MOST_SELECTIVE = ['name', 'blobName'];
/** '^' + a prefix escaped by Azurite's escapeRegex, and nothing else: the prefix, else undefined. */
function plainPrefix(condition) {
  if (!condition || typeof condition !== 'object' || Object.keys(condition).length !== 1) return undefined;
  const source = condition.$regex;
  if (typeof source !== 'string' || !source.startsWith('^')) return undefined;
  const body = source.slice(1);
  if (/(^|[^\\])[-/^$*+?.()|[\]{}]/.test(body.replace(/\\\\/g, ''))) return undefined; // a real pattern: leave it
  return body.replace(/\\(.)/g, '$1');
}

const find = loki.Resultset.prototype.find;
loki.Resultset.prototype.find = function (query, firstOnly) {
  if (query && typeof query === 'object' && !Array.isArray(query)) {
    const prefix = plainPrefix(query.name);
    if (prefix !== undefined) query = { ...query, name: { $between: [prefix, `${prefix}\uffff`] } };
    const keys = Object.keys(query);
    const first = MOST_SELECTIVE.find((key) => keys.includes(key));
    if (first && keys.length > 1 && keys[0] !== first) {
      const { [first]: value, ...rest } = query;
      query = { [first]: value, ...rest };
    }
  }
  return find.call(this, query, firstOnly);
};

const removeBatchByPositions = loki.Collection.prototype.removeBatchByPositions;
loki.Collection.prototype.removeBatchByPositions = function (positions) {
  if (positions.length === 1 && this.adaptiveBinaryIndices) return void this.remove(this.data[positions[0]]);
  return removeBatchByPositions.call(this, positions);
};
