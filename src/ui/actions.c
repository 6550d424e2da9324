/* actions.c — what the user asks of a network, from the UI side: queue the
 * action on the post's account, show that it is under way, and apply what
 * comes back (the post's new state, a thread, an error) when the worker is
 * done. Nothing here waits on the network. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "starling/account.h"
#include "starling/config.h"
#include "starling/network.h"
#include "starling/post.h"
#include "starling/timeline.h"
#include "starling/xmalloc.h"
#include "ui_internal.h"

struct account *
ui_find_account(struct ui *ui, const char *name)
{
	const struct config	*cfg = ui->opt.config;
	size_t			 i;

	for (i = 0; ui->opt.accounts != NULL && i < cfg->naccounts; i++)
		if (strcmp(cfg->accounts[i].name, name) == 0)
			return ui->opt.accounts[i];
	return NULL;
}

/* The first account that can act on a post (its network's, and where the
 * network needs it, its server's), for posts shown by store columns. */
struct account *
ui_account_for(struct ui *ui, const struct post *p)
{
	const struct config	*cfg = ui->opt.config;
	size_t			 i;

	for (i = 0; ui->opt.accounts != NULL && i < cfg->naccounts; i++) {
		struct account	*a = ui->opt.accounts[i];

		if (a != NULL && account_can_act(a, p))
			return a;
	}
	return NULL;
}

enum cmd_result
ui_reply(struct cmd_ctx *ctx)
{
	/* Someone else replying to it? Ask first (triage.c). */
	if (ui_triage_before_reply(ctx->ui, ctx->post))
		ui_compose_open(ctx->ui, UI_COMPOSE_REPLY, ctx->post,
		    ctx->account);
	return CMD_DONE;
}

/* :compose: a new post as the focused column's account, or the first
 * configured one. */
enum cmd_result
ui_compose_cmd(struct cmd_ctx *ctx)
{
	struct ui		*ui = ctx->ui;
	const struct config	*cfg = ui->opt.config;
	struct account		*a = ui->ncol ? ui->col[ui->focus].account :
				    NULL;
	size_t			 i;

	for (i = 0; a == NULL && ui->opt.accounts != NULL &&
	    i < cfg->naccounts; i++)
		a = ui->opt.accounts[i];
	if (a == NULL)
		return cmd_error(ctx, "compose: no account to post with (the "
		    "config's accounts: has none)");
	ui_compose_open(ui, UI_COMPOSE_POST, NULL, a);
	return CMD_DONE;
}

enum cmd_result
ui_quote(struct cmd_ctx *ctx)
{
	ui_compose_open(ctx->ui, UI_COMPOSE_QUOTE, ctx->post, ctx->account);
	return CMD_DONE;
}

/* :template NAME: a reply to the post with the template filled in; no
 * NAME: the reply box with the template picker over it. */
enum cmd_result
ui_template(struct cmd_ctx *ctx, const char *name)
{
	struct ui		*ui = ctx->ui;
	const struct config	*cfg = ui->opt.config;
	const char		*text = NULL;
	char			 list[200] = "";
	size_t			 i;

	for (i = 0; name != NULL && i < cfg->ntemplates; i++)
		if (strcmp(cfg->templates[i].key, name) == 0)
			text = cfg->templates[i].value;
	if (cfg->ntemplates == 0)
		return cmd_error(ctx, "template: the config has no templates:");
	if (name != NULL && text == NULL) {
		for (i = 0; i < cfg->ntemplates; i++)
			snprintf(list + strlen(list), sizeof list - strlen(list),
			    "%s%s", i ? ", " : "", cfg->templates[i].key);
		return cmd_error(ctx, "template: no template \"%s\" (there "
		    "are: %s)", name, list);
	}
	if (!ui_triage_before_reply(ui, ctx->post))
		return CMD_DONE;	/* asks first; the template waits */
	ui_compose_open(ui, UI_COMPOSE_REPLY, ctx->post, ctx->account);
	if (!ui->compose.open || ui->compose.target == NULL ||
	    strcmp(ui->compose.target->id, ctx->post->id) != 0)
		return CMD_DONE;
	if (text != NULL)
		ui_compose_insert_template(ui, text);
	else
		ui_picker_templates(ui);
	return CMD_DONE;
}

enum cmd_result
ui_drafts(struct cmd_ctx *ctx)
{
	if (!ui_picker_drafts(ctx->ui))
		return cmd_error(ctx, "drafts: no drafts are kept");
	return CMD_DONE;
}

enum cmd_result
ui_undo_send(struct cmd_ctx *ctx)
{
	struct ui_outbox_entry	*e = ui_outbox_take(ctx->ui, NULL, NULL);

	if (e == NULL)
		return cmd_error(ctx, "undo-send: nothing is waiting to be "
		    "sent");
	ui_compose_restore(ctx->ui, e);
	return CMD_DONE;
}

enum cmd_result
ui_toggle(struct cmd_ctx *ctx, const char *what)
{
	static const struct {
		const char		*what;
		unsigned		 flag;
		enum action_kind	 on, off;
	} toggles[] = {
		{ "repost", POST_REPOSTED, ACTION_REPOST, ACTION_UNREPOST },
		{ "like", POST_LIKED, ACTION_LIKE, ACTION_UNLIKE },
		{ "bookmark", POST_BOOKMARKED, ACTION_BOOKMARK,
		  ACTION_UNBOOKMARK },
	};
	const struct network_words *w;
	const struct post	*p = ctx->post;
	struct action		*a;
	size_t			 i;
	bool			 on;

	for (i = 0; i < sizeof toggles / sizeof *toggles; i++)
		if (strcmp(toggles[i].what, what) == 0)
			break;
	if (i == sizeof toggles / sizeof *toggles)
		return CMD_DONE;
	on = (p->flags & toggles[i].flag) == 0;
	a = action_new(on ? toggles[i].on : toggles[i].off);
	a->target = xstrdup(p->action_ref);
	a->post_id = xstrdup(p->id);
	a->subject = post_ref((struct post *)p);
	a->account_name = xstrdup(account_name(ctx->account));
	account_submit(ctx->account, a);
	/* While it happens, in the network's words; parallel to toggles. */
	w = network_words(account_network(ctx->account));
	const char *const doing[][2] = {
		{ w->reposting, w->unreposting },
		{ w->liking, w->unliking },
		{ "bookmarking", "removing the bookmark" },
	};
	ui_message(ctx->ui, false, "%s…", doing[i][on ? 0 : 1]);
	return CMD_DONE;
}

/* The URL of link n (1-based) of p, or its own URL for n = 0. */
static const char *
ui_link(const struct post *p, int n, char *buf, size_t len)
{
	if (n == 0) {
		const struct network *net = network_of(p);

		/* A post without an address: its network may make one. */
		if (p->url == NULL && net != NULL && net->web_url(p, buf, len))
			return buf;
		return p->url;
	}
	return post_link(p, (size_t)n, buf, len);
}

enum cmd_result
ui_open_url(struct cmd_ctx *ctx, int n)
{
	struct ui		*ui = ctx->ui;
	const char		*url, *browser = getenv("BROWSER");
	char			 buf[2048];
	pid_t			 pid;
	int			 fd;

	if ((url = ui_link(ctx->post, n, buf, sizeof buf)) == NULL ||
	    *url == '\0')
		return cmd_error(ctx, n ? "no link %d in this post" :
		    "this post has no address", n);
	if (strncmp(url, "https://", 8) != 0 && strncmp(url, "http://", 7) != 0)
		return cmd_error(ctx, "not opening a non-web address");
	if (browser == NULL || *browser == '\0') {
		ui_message(ui, false, "%s (set $BROWSER to open links)", url);
		return CMD_DONE;
	}
	/* Detached, silent: a terminal browser would fight us for the
	 * screen, a graphical one must not print over it. */
	if ((pid = fork()) == 0) {
		setsid();
		if ((fd = open("/dev/null", O_RDWR)) >= 0) {
			dup2(fd, 0);
			dup2(fd, 1);
			dup2(fd, 2);
		}
		if (fork() == 0) {
			execlp("sh", "sh", "-c", "exec $BROWSER \"$1\"", "sh", url,
			    (char *)NULL);
		}
		_exit(0);
	}
	if (pid > 0)
		waitpid(pid, NULL, 0);
	ui_message(ui, false, "opened %s", url);
	return CMD_DONE;
}

/* OSC 52: the terminal (even across ssh) puts the text on the clipboard. */
enum cmd_result
ui_copy_url(struct cmd_ctx *ctx)
{
	static const char	 abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
				    "qrstuvwxyz0123456789+/";
	const struct post	*p = ctx->post;
	const unsigned char	*s;
	char			*seq;
	size_t			 len, i, o;
	unsigned		 v;
	bool			 written;

	if (p->url == NULL || *p->url == '\0')
		return cmd_error(ctx, "this post has no address");
	s = (const unsigned char *)p->url;
	len = strlen(p->url);
	seq = xmalloc(len * 2 + 32);
	o = (size_t)sprintf(seq, "\033]52;c;");
	for (i = 0; i < len; i += 3) {
		v = (unsigned)s[i] << 16;
		if (i + 1 < len)
			v |= (unsigned)s[i + 1] << 8;
		if (i + 2 < len)
			v |= s[i + 2];
		seq[o++] = abc[(v >> 18) & 63];
		seq[o++] = abc[(v >> 12) & 63];
		seq[o++] = i + 1 < len ? abc[(v >> 6) & 63] : '=';
		seq[o++] = i + 2 < len ? abc[v & 63] : '=';
	}
	seq[o++] = '\a';
	fflush(stdout);
	written = write(STDOUT_FILENO, seq, o) >= 0;
	free(seq);
	if (!written)
		return cmd_error(ctx, "copy failed");
	ui_message(ctx->ui, false, "copied %s (in tmux: set -s "
	    "set-clipboard on)", p->url);
	return CMD_DONE;
}

enum cmd_result
ui_thread(struct cmd_ctx *ctx)
{
	struct ui		*ui = ctx->ui;
	const struct post	*p = ctx->post;
	struct action		*a;

	if (ui->overlay != UI_OVERLAY_DETAIL || ui->detail != p)
		ui_open(ui, p);
	a = action_new(ACTION_CONTEXT);
	a->target = xstrdup(p->action_ref);
	a->post_id = xstrdup(p->id);
	a->subject = post_ref((struct post *)p);
	account_submit(ctx->account, a);
	ui_message(ui, false, "loading the thread…");
	return CMD_DONE;
}

/* History: at the bottom of a network column, ask for the page before. */
void
ui_column_want_older(struct ui *ui, struct ui_column *c, bool explicit)
{
	struct timeline_entry	*e;
	size_t			 n = timeline_count(c->tl);

	if (c->account == NULL || c->src == NULL) {
		if (explicit)
			ui_message(ui, true, "older: this column has nothing "
			    "older to load");
		return;
	}
	if (c->status.no_older) {
		if (explicit)
			ui_message(ui, false, "older: that was the oldest post");
		return;
	}
	if (n == 0 || c->status.loading)
		return;
	if (n >= timeline_cap(c->tl)) {
		ui_message(ui, false, "this column keeps %zu posts", n);
		return;
	}
	e = timeline_at(c->tl, n - 1);
	source_request_older(c->src, e->post->id);
	c->status.loading = true;
	c->dirty = true;
}

/* The server's read marker: posts up to it were read elsewhere (the web
 * UI, a phone); and what this screen has read goes back, at most every
 * 15 seconds. */
void
ui_column_markers(struct ui *ui, struct ui_column *c)
{
	const struct network_column	*kind;
	size_t				 i, n = timeline_count(c->tl);
	const char			*newest = NULL;
	struct post			*newest_post = NULL;
	struct action			*a;
	int			       (*id_cmp)(const char *, const char *);

	/* Only the column kinds the registry says keep a server marker. */
	if (c->account == NULL || c->cfg->type == NULL || (kind =
	    network_column(account_network(c->account), c->cfg->type)) ==
	    NULL || kind->read_marker == NULL)
		return;
	/* How the network orders ids (Mastodon: as numbers). */
	id_cmp = account_network(c->account)->id_cmp;
	/* Apply the marker when it changes, and to posts that arrive after
	 * it (the first page comes after the marker). */
	if (*c->status.marker && (c->marker == NULL || c->arrived ||
	    strcmp(c->marker, c->status.marker) != 0)) {
		free(c->marker);
		c->marker = xstrdup(c->status.marker);
		for (i = 0; i < n; i++)
			if (id_cmp(timeline_at(c->tl, i)->post->id,
			    c->marker) <= 0)
				timeline_mark_seen(c->tl, i);
		c->dirty = true;
	}
	c->arrived = false;
	for (i = 0; i < n; i++) {
		struct timeline_entry *e = timeline_at(c->tl, i);

		if (!e->unread && (newest == NULL ||
		    id_cmp(e->post->id, newest) > 0)) {
			newest = e->post->id;
			newest_post = e->post;
		}
	}
	if (newest == NULL || ui->now - c->read_at < 15 ||
	    (c->read_sent && id_cmp(newest, c->read_sent) <= 0) ||
	    (c->marker && id_cmp(newest, c->marker) <= 0))
		return;
	free(c->read_sent);
	c->read_sent = xstrdup(newest);
	c->read_at = ui->now;
	a = action_new(ACTION_MARKER);
	a->target = xstrdup(newest);
	/* Its time, for networks whose marker is a time (a seenAt). */
	a->subject = post_ref(newest_post);
	a->timeline = xstrdup(kind->read_marker);
	account_submit(c->account, a);
}

/* Puts the post's new state in every column that shows it. */
static void
ui_apply_state(struct ui *ui, const char *id, const struct post *now)
{
	size_t	i;
	ssize_t	j;

	for (i = 0; i < ui->ncol; i++) {
		struct ui_column	*c = &ui->col[i];
		struct post		*old, *p;

		if ((j = timeline_find(c->tl, id)) < 0)
			continue;
		old = timeline_at(c->tl, (size_t)j)->post;
		if (strcmp(old->network, now->network) != 0)
			continue;
		p = post_with_state(old, now->flags, now->replies,
		    now->reposts, now->likes);
		timeline_insert(c->tl, p);
		c->dirty = true;
	}
	if (ui->detail && strcmp(ui->detail->id, id) == 0) {
		struct post *p = post_with_state(ui->detail, now->flags,
		    now->replies, now->reposts, now->likes);

		post_unref(ui->detail);
		ui->detail = p;
		if (ui->overlay == UI_OVERLAY_DETAIL)
			ui_overlay_build(ui);
		ui->dirty_overlay = true;
	}
}

/* What the audit log keeps of an action: the account, the target, and
 * for a reply its text and new id (xmalloc'd JSON). */
char *
ui_action_detail(const struct action *a)
{
	json_t	*o = json_object();
	char	*s, *out;
	size_t	 i;

	if (a->account_name)
		json_object_set_new(o, "account", json_string(a->account_name));
	if (a->target)
		json_object_set_new(o, "target", json_string(a->target));
	if (a->text)
		json_object_set_new(o, "text", json_string(a->text));
	if ((a->kind == ACTION_REPLY || a->kind == ACTION_POST ||
	    a->kind == ACTION_QUOTE) && a->post)
		json_object_set_new(o, "id", json_string(a->post->id));
	/* What it was sent with: visibility, content warning. */
	for (i = 0; i < a->noptions; i++)
		json_object_set_new(o, a->options[i].name,
		    json_string(a->options[i].value));
	s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	out = xstrdup(s ? s : "{}");
	free(s);
	return out;
}

/* The audit log's name for what was done. */
static const char *
ui_action_name(enum action_kind k)
{
	switch (k) {
	case ACTION_REPLY:	return "reply";
	case ACTION_REPOST:	return "repost";
	case ACTION_UNREPOST:	return "unrepost";
	case ACTION_LIKE:	return "like";
	case ACTION_UNLIKE:	return "unlike";
	case ACTION_BOOKMARK:	return "bookmark";
	case ACTION_UNBOOKMARK:	return "unbookmark";
	default:		break;
	}
	return "action";
}

static void
ui_apply(struct ui *ui, struct action *a)
{
	size_t	i;

	switch (a->kind) {
	case ACTION_REPLY:
	case ACTION_POST:
	case ACTION_QUOTE:
		ui_outbox_sent(ui, a);
		return;
	case ACTION_MARKER:
		/* A failure is in the log already (account.c logs every
		 * failed action): nothing to show. */
		return;
	case ACTION_CONTEXT:
		if (a->status == 0 && ui->detail &&
		    strcmp(ui->detail->id, a->post_id) == 0) {
			for (i = 0; i < ui->nthread; i++)
				post_unref(ui->thread[i]);
			free(ui->thread);
			ui->thread = a->posts;
			ui->nthread = a->nposts;
			a->posts = NULL;
			a->nposts = 0;
			ui_message(ui, false, "thread: %zu other post%s",
			    ui->nthread, ui->nthread == 1 ? "" : "s");
			/* The pane's lines point into the old thread: build
			 * them again where the pane shows (under a picker
			 * too), and drop them where it does not. */
			if (ui->overlay == UI_OVERLAY_DETAIL)
				ui_overlay_build(ui);
			else if (ui->overlay == UI_OVERLAY_PICKER &&
			    ui->over_detail) {
				ui->overlay = UI_OVERLAY_DETAIL;
				ui_overlay_build(ui);
				ui->overlay = UI_OVERLAY_PICKER;
			} else if (ui->overlay != UI_OVERLAY_HELP)
				ui_overlay_free_lines(ui);
			ui->dirty_overlay = true;
			return;
		}
		break;
	default:
		if (a->status == 0 && a->post != NULL) {
			char *detail = ui_action_detail(a);

			ui_apply_state(ui, a->post_id, a->post);
			/* "favourited" once the audit log has it too. */
			ui_triage_action(ui, a->post->network, a->post_id,
			    ui_action_name(a->kind), detail, a->message);
			free(detail);
			return;
		}
		break;
	}
	ui_message(ui, a->status != 0, "%s", a->message);
}

void
ui_actions_drain(struct ui *ui)
{
	const struct config	*cfg = ui->opt.config;
	struct action		*a;
	size_t			 i;

	for (i = 0; ui->opt.accounts != NULL && i < cfg->naccounts; i++) {
		if (ui->opt.accounts[i] == NULL)
			continue;
		while ((a = account_done(ui->opt.accounts[i])) != NULL) {
			ui_apply(ui, a);
			action_free(a);
		}
	}
}
