// Preloaded (node -r) into the local Bluesky network: every TCP listen() goes
// to 127.0.0.1, whatever address or none the server asked for, so nothing of
// the test network is reachable from another host. Names resolve IPv4 first,
// so "localhost" in the servers' own URLs meets those sockets.
'use strict'
const net = require('node:net')
const dns = require('node:dns')

dns.setDefaultResultOrder('ipv4first')

const LOOPBACK = '127.0.0.1'
const listen = net.Server.prototype.listen

net.Server.prototype.listen = function (...args) {
	const first = args[0]
	if (first !== null && typeof first === 'object' && !Array.isArray(first)) {
		// listen(options[, cb]); a handle or a Unix socket path stays as it is.
		if (first.path === undefined && first.handle === undefined &&
		    first._handle === undefined && first.fd === undefined &&
		    !(first instanceof net.Server) && !(first instanceof net.Socket))
			args[0] = { ...first, host: LOOPBACK }
	} else if (typeof first === 'string' && !/^\d+$/.test(first)) {
		// listen(path[, backlog][, cb]): a Unix socket.
	} else {
		// listen([port][, host][, backlog][, cb])
		const cb = args.find((a) => typeof a === 'function')
		const rest = args.filter((a) => typeof a !== 'function')
		const port = rest.length > 0 && rest[0] != null ? Number(rest[0]) : 0
		let backlog
		if (typeof rest[1] === 'number') backlog = rest[1]
		else if (typeof rest[2] === 'number') backlog = rest[2]
		const opts = { port, host: LOOPBACK }
		if (backlog !== undefined) opts.backlog = backlog
		args = cb ? [opts, cb] : [opts]
	}
	return listen.apply(this, args)
}
