'use strict';
/**
 * Preloaded (`node --require`) into the bot when an end-to-end test spawns it: every outgoing TCP connection
 * (http, https, fetch, the Azure SDK, MSAL: all end in net.Socket#connect) is written to LOOPBACK_GUARD_LOG as one
 * JSON line, and any connection to a host that is not loopback is refused on the spot instead of reaching the
 * internet or hanging. Tests read the file to prove which hosts the libraries tried to reach.
 */
const net = require('node:net');
const fs = require('node:fs');

const logFile = process.env.LOOPBACK_GUARD_LOG;
const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|::1|\[::1\]|::ffff:127(?:\.\d{1,3}){3})$/i;

function destination(args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (first && typeof first === 'object') return { host: first.host ?? 'localhost', port: first.port, path: first.path };
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    return { host: typeof args[1] === 'string' ? args[1] : 'localhost', port: Number(first) };
  }
  return { path: first };
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const target = destination(args);
  if (target.path) return connect.apply(this, args); // a local pipe or socket file
  const blocked = !LOOPBACK.test(String(target.host));
  if (logFile) fs.appendFileSync(logFile, `${JSON.stringify({ host: target.host, port: target.port, blocked })}\n`);
  if (blocked) {
    const error = Object.assign(new Error(`connect ECONNREFUSED ${target.host}:${target.port} (refused by the test's loopback guard)`), {
      code: 'ECONNREFUSED',
      syscall: 'connect',
    });
    process.nextTick(() => this.destroy(error));
    return this;
  }
  return connect.apply(this, args);
};
