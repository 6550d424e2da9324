/* compose.c — the reply box. What the user types is written to a draft file
 * whenever the box closes and before it is sent, and the file goes only when
 * the server has the reply: a crash, a dropped ssh connection or a failed
 * request loses nothing. Replying to the same post again reopens the draft. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "starling/account.h"
#include "starling/keymap.h"
#include "starling/lineedit.h"
#include "starling/network.h"
#include "starling/paths.h"
#include "starling/post.h"
#include "starling/text.h"
#include "starling/xmalloc.h"
#include "ui_internal.h"

#define COMPOSE_MAX	(64 * 1024)

static char *
compose_draft_path(const struct post *p)
{
	char	*dir = paths_state_dir(), *path, name[256];
	size_t	 i, o = 0;
	char	 c;
	const char *parts[2] = { p->network, p->id };

	for (i = 0; i < 2; i++) {
		const char *s = parts[i];

		if (i == 1 && o < sizeof name - 1)
			name[o++] = '_';
		for (; *s && o < sizeof name - 1; s++) {
			c = *s;
			name[o++] = (c >= 'a' && c <= 'z') || (c >= 'A' &&
			    c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
			    c == '.' ? c : '_';
		}
	}
	name[o] = '\0';
	xasprintf(&path, "%s/drafts/%s.txt", dir, name);
	free(dir);
	return path;
}

static int
compose_save(struct ui_compose *cp)
{
	char	*tmp, *dir;
	int	 fd, rc = -1;

	dir = xstrndup(cp->draft, (size_t)(strrchr(cp->draft, '/') - cp->draft));
	mkdir(dir, 0700);
	free(dir);
	xasprintf(&tmp, "%s.tmp", cp->draft);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd >= 0 && write(fd, cp->edit.text, cp->edit.len) ==
	    (ssize_t)cp->edit.len &&
	    fsync(fd) == 0 && close(fd) == 0 && rename(tmp, cp->draft) == 0)
		rc = 0;
	else if (fd >= 0)
		close(fd);
	free(tmp);
	return rc;
}

/* The reply box's editing keys (C-s, Esc, Enter and Tab come first). */
static const struct lineedit_key compose_keys[] = {
	{ KEYC_BACKSPACE, LINEEDIT_DELETE_BACK },
	{ 8, LINEEDIT_DELETE_BACK },
	{ 127, LINEEDIT_DELETE_BACK },
	{ KEYC_DC, LINEEDIT_DELETE_FORWARD },
	{ KEYC_LEFT, LINEEDIT_LEFT },
	{ KEYC_RIGHT, LINEEDIT_RIGHT },
	{ KEYC_HOME, LINEEDIT_HOME },
	{ 1, LINEEDIT_HOME },		/* C-a */
	{ KEYC_END, LINEEDIT_END },
	{ 5, LINEEDIT_END },		/* C-e */
	{ 21, LINEEDIT_CLEAR },		/* C-u: the whole text */
};

/* "@user" for a local account, "@user@host" for a remote one. */
static void
compose_mention(char *out, size_t len, const char *handle, const char *me)
{
	if (handle == NULL || *handle == '\0' || (me && strcmp(handle, me) == 0))
		*out = '\0';
	else
		snprintf(out, len, "@%s ", handle);
}

/* "@author @others " — everyone in the conversation but me. A mention of
 * a remote account ("@bob" linking to https://other.example/@bob) becomes
 * "@bob@other.example", so the reply reaches the right person. */
static void
compose_prefill(struct ui_compose *cp, const struct post *p, const char *me,
    const char *host)
{
	char	buf[4096] = "", one[300], handle[256];
	size_t	i, hl;

	compose_mention(one, sizeof one, p->author_handle, me);
	strncat(buf, one, sizeof buf - strlen(buf) - 1);
	for (i = 0; i < p->nspans; i++) {
		const struct post_span	*s = &p->spans[i];
		const char		*h;

		if (s->kind != POST_SPAN_MENTION || s->end - s->start < 2 ||
		    s->end - s->start >= sizeof handle)
			continue;
		snprintf(handle, sizeof handle, "%.*s", (int)(s->end - s->start -
		    1), p->text + s->start + 1);
		if (strchr(handle, '@') == NULL && s->url &&
		    (h = strstr(s->url, "://")) != NULL) {
			h += 3;
			hl = strcspn(h, "/:");
			if (host == NULL || strlen(host) != hl ||
			    strncmp(h, host, hl) != 0)
				snprintf(handle + strlen(handle), sizeof handle -
				    strlen(handle), "@%.*s", (int)hl, h);
		}
		compose_mention(one, sizeof one, handle, me);
		if (*one && strstr(buf, one) == NULL)
			strncat(buf, one, sizeof buf - strlen(buf) - 1);
	}
	lineedit_set(&cp->edit, buf, strlen(buf));
}

static char *
compose_key(void)
{
	unsigned char	raw[16];
	char		*out = xmalloc(33);
	int		 fd, i;

	fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || read(fd, raw, sizeof raw) != (ssize_t)sizeof raw) {
		/* Unique enough for one client's retries. */
		for (i = 0; i < 16; i++)
			raw[i] = (unsigned char)(rand() ^ (time(NULL) >> i) ^
			    getpid());
	}
	if (fd >= 0)
		close(fd);
	for (i = 0; i < 16; i++)
		snprintf(out + 2 * i, 3, "%02x", raw[i]);
	return out;
}

/* Empties the box; sending says whether a reply is still on its way. */
static void
compose_reset(struct ui_compose *cp, bool sending)
{
	post_unref(cp->target);
	lineedit_free(&cp->edit);
	free(cp->draft);
	free(cp->key);
	action_free(cp->reply);
	memset(cp, 0, sizeof *cp);
	cp->sending = sending;
}

void
ui_compose_open(struct ui *ui, const struct post *p, struct account *acct)
{
	struct ui_compose	*cp = &ui->compose;
	const struct network	*net = account_network(acct);
	char			*me = account_me(acct), err[256], *saved;
	FILE			*f;
	size_t			 n;

	if (cp->sending) {
		ui_message(ui, true, "reply: the last one is still being sent");
		free(me);
		return;
	}
	ui_compose_close(ui, true);
	cp->target = post_ref((struct post *)p);
	cp->account = acct;
	cp->draft = compose_draft_path(p);
	/* What only this network's replies have (Mastodon: the visibility
	 * of the post answered). */
	cp->reply = action_new(ACTION_REPLY);
	if (net->reply_options != NULL)
		net->reply_options(p, cp->reply);
	cp->key = compose_key();
	lineedit_init(&cp->edit, COMPOSE_MAX, true);
	if ((f = fopen(cp->draft, "re")) != NULL) {
		saved = xmalloc(COMPOSE_MAX + 1);
		n = fread(saved, 1, COMPOSE_MAX, f);
		fclose(f);
		lineedit_set(&cp->edit, saved, n);
		free(saved);
		ui_message(ui, false, "your draft, as you left it");
	} else
		compose_prefill(cp, p, me, account_host(acct));
	(void)err;
	free(me);
	ui->overlay = UI_OVERLAY_COMPOSE;
	ui->dirty_all = true;
	ui->dirty_overlay = true;
	ui_triage_replying(ui, p, true);	/* others see "alice is replying" */
}

void
ui_compose_close(struct ui *ui, bool keep)
{
	struct ui_compose	*cp = &ui->compose;

	if (cp->target == NULL)
		return;
	ui_triage_replying(ui, cp->target, false);
	if (keep && cp->draft && !cp->sending) {
		if (cp->edit.len > 0 && compose_save(cp) != 0)
			ui_message(ui, true, "cannot save the draft %s: %s",
			    cp->draft, strerror(errno));
		else if (cp->edit.len == 0)
			unlink(cp->draft);
	}
	compose_reset(cp, false);
	if (ui->overlay == UI_OVERLAY_COMPOSE) {
		ui->overlay = UI_OVERLAY_NONE;
		ui->dirty_all = true;
		curs_set(0);
	}
}

/* The text as the account's network counts it, against its limits. */
static long
compose_count(const struct ui_compose *cp, struct network_limits *lim)
{
	account_limits(cp->account, lim);
	return account_network(cp->account)->count(cp->edit.text, lim);
}

static void
compose_send(struct ui *ui)
{
	struct ui_compose	*cp = &ui->compose;
	struct action		*a;
	struct network_limits	 lim;
	long			 n = compose_count(cp, &lim);
	size_t			 i;
	bool			 blank = true;

	for (i = 0; i < cp->edit.len; i++)
		if (cp->edit.text[i] != ' ' && cp->edit.text[i] != '\n')
			blank = false;
	if (blank) {
		ui_message(ui, true, "reply: nothing to send");
		return;
	}
	if (lim.max_chars > 0 && n > lim.max_chars) {
		ui_message(ui, true, "reply: %ld characters, the limit here is %ld",
		    n, lim.max_chars);
		return;
	}
	if (lim.max_bytes > 0 && (long)cp->edit.len > lim.max_bytes) {
		ui_message(ui, true, "reply: %zu bytes, the limit here is %ld",
		    cp->edit.len, lim.max_bytes);
		return;
	}
	if (compose_save(cp) != 0) {
		ui_message(ui, true, "reply: cannot save the draft first (%s): "
		    "not sending", strerror(errno));
		return;
	}
	a = cp->reply;
	cp->reply = NULL;
	a->text = xstrdup(cp->edit.text);
	a->target = xstrdup(cp->target->action_ref);
	a->post_id = xstrdup(cp->target->id);
	a->subject = post_ref(cp->target);
	a->idempotency_key = xstrdup(cp->key);
	a->draft = xstrdup(cp->draft);
	a->account_name = xstrdup(account_name(cp->account));
	account_submit(cp->account, a);
	cp->sending = true;
	ui_triage_replying(ui, cp->target, false);
	ui_message(ui, false, "sending the reply…");
	/* The box goes; the draft stays on disk until the server answers. */
	compose_reset(cp, true);
	ui->overlay = UI_OVERLAY_NONE;
	ui->dirty_all = true;
	curs_set(0);
}

void
ui_compose_sent(struct ui *ui, const struct action *a)
{
	ui->compose.sending = false;
	if (a->status == 0) {
		if (a->draft)
			unlink(a->draft);
		/* Audited, and the post is marked replied by me. */
		if (a->post != NULL) {
			char *detail = ui_action_detail(a);

			ui_triage_action(ui, a->post->network, a->post_id, "reply",
			    detail, "reply sent");
			free(detail);
		} else
			ui_message(ui, false, "reply sent");
	} else
		ui_message(ui, true, "%s (your text is kept: r reopens it)",
		    a->message);
}

void
ui_compose_key(struct ui *ui, int32_t key)
{
	struct ui_compose	*cp = &ui->compose;
	bool			 kept;

	ui->dirty_overlay = true;
	switch (key) {
	case 19:	/* C-s */
		compose_send(ui);
		return;
	case KEYC_ESC:
	case 7:		/* C-g */
		/* What the box said ("nothing to send") is over with it. */
		kept = cp->edit.len > 0;
		*ui->message = '\0';
		ui->dirty_status = true;
		ui_compose_close(ui, true);
		if (ui->compose.target == NULL && *ui->message == '\0' && kept)
			ui_message(ui, false, "reply closed; the draft is kept "
			    "(r reopens it)");
		return;
	case KEYC_ENTER:
		lineedit_insert(&cp->edit, "\n", 1);
		return;
	case KEYC_TAB:
		lineedit_insert(&cp->edit, " ", 1);
		return;
	}
	if (lineedit_key(&cp->edit, compose_keys, sizeof compose_keys /
	    sizeof compose_keys[0], key) < 0 && key >= 0x20 &&
	    key < KEYC_BASE && key != 0x7f)
		lineedit_insert_char(&cp->edit, key);
}

void
ui_compose_draw(struct ui *ui)
{
	struct ui_compose	*cp = &ui->compose;
	const struct lineedit	*ed = &cp->edit;
	struct text_line	*lines;
	struct network_limits	 lim;
	char			 head[512], opts[256] = "", foot[160];
	int			 w = ui->cols - 4, y, top = 0, rows, cy = -1, cx = 0;
	size_t			 n, i;
	long			 count;
	bool			 over;
	const struct post	*p = cp->target;

	for (y = 0; y < ui->rows - 1; y++)
		ui_fill(ui, y, 0, ui->cols, THEME_NORMAL);
	if (p == NULL)
		return;
	for (i = 0; cp->reply != NULL && i < cp->reply->noptions; i++)
		snprintf(opts + strlen(opts), sizeof opts - strlen(opts),
		    " \xc2\xb7 %s", cp->reply->options[i].value);
	snprintf(head, sizeof head, "Reply to %s @%s%s \xc2\xb7 %s",
	    p->author_name ? p->author_name : "", p->author_handle ?
	    p->author_handle : "", opts, account_name(cp->account));
	ui_draw_text(ui, 0, 2, w, head, strlen(head), THEME_HEADER);
	ui_draw_text(ui, 1, 2, w, p->text, strlen(p->text), THEME_DIM);
	ui_fill(ui, 2, 2, w, THEME_RULE);
	mvhline(2, 2, ACS_HLINE, w);

	n = text_wrap(ed->text, ed->len, w, NULL, 0);
	lines = xcalloc(n + 1, sizeof *lines);
	text_wrap(ed->text, ed->len, w, lines, n);
	rows = ui->rows - 6;
	if (rows < 1)
		rows = 1;
	/* The cursor's line and column. */
	for (i = 0; i < n; i++) {
		if (ed->cursor >= lines[i].start && (ed->cursor <= lines[i].end ||
		    (i + 1 < n && ed->cursor < lines[i + 1].start))) {
			cy = (int)i;
			cx = text_width(ed->text + lines[i].start,
			    (ed->cursor < lines[i].end ? ed->cursor :
			    lines[i].end) - lines[i].start);
		}
	}
	if (cy < 0) {
		cy = n > 0 ? (int)n - 1 : 0;
		cx = n > 0 ? lines[n - 1].width : 0;
		if (ed->len > 0 && ed->text[ed->len - 1] == '\n' &&
		    ed->cursor == ed->len) {
			cy = (int)n;
			cx = 0;
		}
	}
	if (cy >= top + rows)
		top = cy - rows + 1;
	for (i = (size_t)top; i < n && (int)i < top + rows; i++)
		ui_draw_text(ui, 3 + (int)i - top, 2, w, ed->text +
		    lines[i].start, lines[i].end - lines[i].start, THEME_TEXT);
	free(lines);

	count = compose_count(cp, &lim);
	over = (lim.max_chars > 0 && count > lim.max_chars) ||
	    (lim.max_bytes > 0 && (long)cp->edit.len > lim.max_bytes);
	if (lim.max_chars > 0)
		snprintf(foot, sizeof foot, "%ld/%ld \xc2\xb7 ", count,
		    lim.max_chars);
	else if (lim.max_bytes > 0)
		snprintf(foot, sizeof foot, "%zu/%ld bytes \xc2\xb7 ", cp->edit.len,
		    lim.max_bytes);
	else
		snprintf(foot, sizeof foot, "%ld \xc2\xb7 ", count);
	snprintf(foot + strlen(foot), sizeof foot - strlen(foot), "C-s send "
	    "\xc2\xb7 Esc close (the draft is kept)");
	ui_draw_text(ui, ui->rows - 2, 2, w, foot, strlen(foot),
	    over ? THEME_ERROR : THEME_DIM);
	cp->cursor_y = 3 + cy - top;
	cp->cursor_x = 2 + (cx < w ? cx : w - 1);
	ui_compose_cursor(ui);
	ui->dirty_overlay = false;
}

/* The terminal's cursor where typing goes, as last drawn. */
void
ui_compose_cursor(struct ui *ui)
{
	if (ui->compose.target == NULL)
		return;
	move(ui->compose.cursor_y, ui->compose.cursor_x);
	curs_set(1);
	leaveok(stdscr, FALSE);
}
