// Preloaded into bot processes under test (node --require): every outgoing connection or DNS look-up for a
// host that is not loopback is refused and reported on stderr as "EGRESS-BLOCKED <host>", so a test can
// prove that nothing left the machine (offline, an attempt would fail anyway, but silently and slowly).
'use strict';
const net = require('node:net');
const dns = require('node:dns');

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|::1|::ffff:127(?:\.\d{1,3}){3}|0\.0\.0\.0|::)$/i;
const report = (what) => process.stderr.write(`EGRESS-BLOCKED ${what}\n`);

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  // net.connect passes its normalized [options, callback] array; direct calls pass (options) or (port, host).
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const options = typeof first === 'object' && first !== null ? first : { port: first, host: args[1] };
  const host = options.host ?? 'localhost';
  if (options.path === undefined && !LOOPBACK.test(host)) {
    report(`${host}:${options.port}`);
    process.nextTick(() => this.destroy(Object.assign(new Error(`egress to ${host} blocked`), { code: 'ECONNREFUSED' })));
    return this;
  }
  return connect.apply(this, args);
};

const lookup = dns.lookup;
dns.lookup = function (hostname, ...rest) {
  if (typeof hostname === 'string' && !LOOPBACK.test(hostname)) report(`dns ${hostname}`);
  return lookup.call(this, hostname, ...rest);
};
const lookupPromise = dns.promises.lookup;
dns.promises.lookup = function (hostname, ...rest) {
  if (typeof hostname === 'string' && !LOOPBACK.test(hostname)) report(`dns ${hostname}`);
  return lookupPromise.call(this, hostname, ...rest);
};
