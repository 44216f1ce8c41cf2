// Preloaded into the Agents Playground in tests: it listens on every interface by default, and test servers here
// may use loopback only. A listen() without a host is pointed at 127.0.0.1; explicit hosts are left alone.
const net = require('node:net');

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' && typeof args[1] !== 'string') args.splice(1, 0, '127.0.0.1');
  else if (typeof args[0] === 'object' && args[0] !== null && args[0].port !== undefined && !args[0].host) {
    args[0] = { ...args[0], host: '127.0.0.1' };
  }
  return listen.apply(this, args);
};
