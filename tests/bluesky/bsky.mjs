// bsky.mjs — seeds and reads the local Bluesky network for the shell tests.
// Run by Node 22 from the network's folder (net.sh start copies it there):
//
//   "$BSKY_NODE" "$BSKY_NET_DIR/bsky.mjs" CMD WHO ARGS...
//
// WHO is alice or bob (the accounts net.sh made). Sessions are kept in
// $BSKY_NET_DIR/sessions, so repeated calls do not spend createSession's
// limit. Commands (each prints one line, JSON where it is structured):
//
//   post WHO TEXT                 a post, links/mentions/tags detected -> URI
//   posts WHO N PREFIX            N posts "PREFIX 001" ... oldest first -> N
//   reply WHO PARENT_URI TEXT     root taken from the parent's reply -> URI
//   repost WHO URI                -> the repost record's URI
//   like WHO URI                  -> the like record's URI
//   follow WHO HANDLE             -> the follow record's URI
//   record URI                    the post record as stored (text, facets,
//                                 reply) from getPostThread, JSON
//   notifications WHO             [{reason, author, uri, reasonSubject, text,
//                                 root, parent, isRead}], newest first, JSON
//   unread WHO                    getUnreadCount -> N
//   timeline WHO                  [{uri, author, text, reason}], JSON
//   expired-token WHO             WHO's access token with iat and exp two
//                                 hours back, signed with the PDS's secret
//   get WHO NSID [KEY=VALUE...]   any query, the answer as JSON
import { createHmac } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { AtpAgent, RichText } from '@atproto/api'

const env = (k) => {
	const v = process.env[k]
	if (!v) throw new Error(`${k} is not set (eval "$(net.sh start DIR)")`)
	return v
}

const who = (name) => {
	if (name !== 'alice' && name !== 'bob') throw new Error(`WHO is alice or bob, not ${name}`)
	return name
}

const login = async (name) => {
	who(name)
	const dir = `${env('BSKY_NET_DIR')}/sessions`
	const file = `${dir}/${name}.json`
	const agent = new AtpAgent({
		service: env('BSKY_PDS'),
		persistSession: (_evt, sess) => {
			if (sess) writeFileSync(file, JSON.stringify(sess), { mode: 0o600 })
		},
	})
	let saved
	try {
		saved = JSON.parse(readFileSync(file, 'utf8'))
	} catch {
		saved = null
	}
	if (saved) {
		try {
			await agent.resumeSession(saved)
			return agent
		} catch {
			// fall through to a new session
		}
	}
	mkdirSync(dir, { recursive: true, mode: 0o700 })
	await agent.login({ identifier: `${name}.test`, password: `${name}-account-password` })
	return agent
}

const parseUri = (uri) => {
	const m = /^at:\/\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(uri)
	if (!m) throw new Error(`not an AT-URI: ${uri}`)
	return { repo: m[1], collection: m[2], rkey: m[3] }
}

const strongRef = async (agent, uri) => {
	const { repo, collection, rkey } = parseUri(uri)
	const r = await agent.com.atproto.repo.getRecord({ repo, collection, rkey })
	return { uri: r.data.uri, cid: r.data.cid, value: r.data.value }
}

const b64url = (buf) => Buffer.from(buf).toString('base64url')

const commands = {
	async post(name, text) {
		const agent = await login(name)
		const rt = new RichText({ text })
		await rt.detectFacets(agent)
		const r = await agent.post({ text: rt.text, facets: rt.facets })
		return r.uri
	},
	async posts(name, n, prefix) {
		const agent = await login(name)
		const count = Number(n)
		for (let i = 1; i <= count; i++)
			await agent.post({ text: `${prefix} ${String(i).padStart(3, '0')}` })
		return String(count)
	},
	async reply(name, parentUri, text) {
		const agent = await login(name)
		const parent = await strongRef(agent, parentUri)
		const root = parent.value.reply?.root ?? { uri: parent.uri, cid: parent.cid }
		const rt = new RichText({ text })
		await rt.detectFacets(agent)
		const r = await agent.post({
			text: rt.text,
			facets: rt.facets,
			reply: { root, parent: { uri: parent.uri, cid: parent.cid } },
		})
		return r.uri
	},
	async repost(name, uri) {
		const agent = await login(name)
		const ref = await strongRef(agent, uri)
		return (await agent.repost(ref.uri, ref.cid)).uri
	},
	async like(name, uri) {
		const agent = await login(name)
		const ref = await strongRef(agent, uri)
		return (await agent.like(ref.uri, ref.cid)).uri
	},
	async follow(name, handle) {
		const agent = await login(name)
		const r = await agent.resolveHandle({ handle })
		return (await agent.follow(r.data.did)).uri
	},
	async record(uri) {
		const agent = await login('bob')
		const r = await agent.getPostThread({ uri, depth: 0, parentHeight: 0 })
		const post = r.data.thread.post
		return JSON.stringify({ uri: post.uri, author: post.author.handle, ...post.record })
	},
	async notifications(name) {
		const agent = await login(name)
		const r = await agent.listNotifications({ limit: 100 })
		return JSON.stringify(r.data.notifications.map((n) => ({
			reason: n.reason,
			author: n.author.handle,
			uri: n.uri,
			reasonSubject: n.reasonSubject ?? null,
			text: n.record?.text ?? null,
			root: n.record?.reply?.root?.uri ?? null,
			parent: n.record?.reply?.parent?.uri ?? null,
			isRead: n.isRead,
		})))
	},
	async unread(name) {
		const agent = await login(name)
		return String((await agent.countUnreadNotifications()).data.count)
	},
	async timeline(name) {
		const agent = await login(name)
		const r = await agent.getTimeline({ limit: 100 })
		return JSON.stringify(r.data.feed.map((f) => ({
			uri: f.post.uri,
			author: f.post.author.handle,
			text: f.post.record?.text ?? null,
			reason: f.reason?.$type ?? null,
		})))
	},
	async 'expired-token'(name) {
		const agent = await login(name)
		const [h, p] = agent.session.accessJwt.split('.')
		const payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'))
		const now = Math.floor(Date.now() / 1000)
		payload.iat = now - 7300
		payload.exp = now - 100
		const body = `${h}.${b64url(JSON.stringify(payload))}`
		const sig = createHmac('sha256', env('BSKY_JWT_SECRET')).update(body).digest()
		return `${body}.${b64url(sig)}`
	},
	async get(name, nsid, ...kv) {
		const agent = await login(name)
		const params = {}
		for (const a of kv) {
			const i = a.indexOf('=')
			if (i < 0) throw new Error(`not KEY=VALUE: ${a}`)
			params[a.slice(0, i)] = a.slice(i + 1)
		}
		const r = await agent.call(nsid, params)
		return JSON.stringify(r.data)
	},
}

const [cmd, ...args] = process.argv.slice(2)
if (!commands[cmd]) {
	console.error(`usage: bsky.mjs ${Object.keys(commands).join('|')} ARGS...`)
	process.exit(2)
}
try {
	console.log(await commands[cmd](...args))
} catch (err) {
	console.error(`bsky.mjs ${cmd}: ${err.message}`)
	process.exit(1)
}
