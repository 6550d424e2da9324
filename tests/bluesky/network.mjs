// The local Bluesky network of tests/bluesky/net.sh: @atproto/dev-env's
// TestNetwork (PLC, PDS, AppView, and the Ozone and bsync services the
// AppView wants) in this one process, on free ports, with the accounts
// alice.test and bob.test and an app password each. Started by net.sh with
// the loopback preload; writes the shell lines net.sh prints to argv[2] once
// everything answers, and runs until SIGTERM or SIGINT.
//
// Environment: DB_POSTGRES_URL (a throw-away PostgreSQL), REDIS_HOST (must be
// set; nothing connects to it), TMPDIR (the PDS keeps its files there).
import { writeFileSync, renameSync } from 'node:fs'
import { TestNetwork, JWT_SECRET } from '@atproto/dev-env'

const out = process.argv[2]
if (!out) {
	console.error('usage: network.mjs ENV_FILE')
	process.exit(2)
}

const network = await TestNetwork.create({
	dbPostgresUrl: process.env.DB_POSTGRES_URL,
	dbPostgresSchema: 'starling',
	pds: {
		hostname: 'localhost',
		// RateLimit-* headers as on bsky.social (the PDS_RATE_LIMITS_ENABLED
		// variable is not read by dev-env; the option is).
		rateLimitsEnabled: true,
	},
})

// Accounts: a password for the account, an app password for clients.
const accounts = {}
for (const [name, display] of [['alice', 'Alice Liddell'], ['bob', 'Bob Builder']]) {
	const agent = network.pds.getAgent()
	const handle = `${name}.test`
	await agent.createAccount({
		handle,
		email: `${name}@example.test`,
		password: `${name}-account-password`,
	})
	await agent.api.app.bsky.actor.profile.create(
		{ repo: agent.session.did },
		{ displayName: display },
	)
	const ap = await agent.api.com.atproto.server.createAppPassword({ name: 'starling-tests' })
	accounts[name] = { handle, did: agent.session.did, appPassword: ap.data.password }
}
await network.processAll()

const q = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`
const lines = [
	['BSKY_PDS', network.pds.url.replace('localhost', '127.0.0.1')],
	['BSKY_APPVIEW', network.bsky.url.replace('localhost', '127.0.0.1')],
	['BSKY_PLC', network.plc.url.replace('localhost', '127.0.0.1')],
	['BSKY_PDS_DID', network.pds.ctx.cfg.service.did],
	['BSKY_ALICE', accounts.alice.handle],
	['BSKY_ALICE_DID', accounts.alice.did],
	['BSKY_ALICE_PASSWORD', accounts.alice.appPassword],
	['BSKY_BOB', accounts.bob.handle],
	['BSKY_BOB_DID', accounts.bob.did],
	['BSKY_BOB_PASSWORD', accounts.bob.appPassword],
	['BSKY_JWT_SECRET', JWT_SECRET],
].map(([k, v]) => `${k}=${q(v)}; export ${k}`)
writeFileSync(`${out}.tmp`, lines.join('\n') + '\n', { mode: 0o600 })
renameSync(`${out}.tmp`, out)

let closing = false
const stop = async () => {
	if (closing) return
	closing = true
	const timer = setTimeout(() => process.exit(0), 5000)
	timer.unref()
	try {
		await network.close()
	} catch {
		// going away anyway
	}
	process.exit(0)
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
