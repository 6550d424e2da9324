/* compose.c — the reply box. What the user types is written to a draft file
 * as they type (at most a second behind: the UI's poll wakes for it, and
 * nothing wakes when nothing was typed), when the box closes and before it
 * is sent, each time atomically (a temporary file, fsync, rename); the file
 * goes only when the server has the reply: a crash, a kill -9, a dropped ssh
 * connection or a failed request loses nothing. Only what the user typed is
 * kept: a box opened and closed leaves no draft, an emptied one removes its
 * draft. A draft that cannot be saved keeps the box open with the error.
 * Beside the draft (".key") is its Idempotency-Key, so every try of one
 * reply, also after a restart, is one reply to the server. Replying to the
 * same post again reopens the draft. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "starling/account.h"
#include "starling/clock.h"
#include "starling/keymap.h"
#include "starling/lineedit.h"
#include "starling/network.h"
#include "starling/paths.h"
#include "starling/post.h"
#include "starling/text.h"
#include "starling/xmalloc.h"
#include "ui_internal.h"

#define COMPOSE_MAX	(64 * 1024)
#define COMPOSE_SAVE_MS	800	/* typing reaches the disk this soon */
#define COMPOSE_KEY_LEN	32	/* hex digits */

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

/* The draft's Idempotency-Key file: "x.key" beside "x.txt". */
static char *
compose_key_path(const char *draft)
{
	char	*path;
	size_t	 n = strlen(draft);

	if (n > 4 && strcmp(draft + n - 4, ".txt") == 0)
		n -= 4;
	xasprintf(&path, "%.*s.key", (int)n, draft);
	return path;
}

/* Writes path atomically (path.tmp, fsync, rename), mode 0600, making its
 * folder when missing. On failure no temporary file is left and errno says
 * why. */
static int
compose_write(const char *path, const char *data, size_t len)
{
	char	*tmp, *dir;
	size_t	 off = 0;
	ssize_t	 n;
	int	 fd, saved;

	dir = xstrndup(path, (size_t)(strrchr(path, '/') - path));
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		saved = errno;
		free(dir);
		errno = saved;
		return -1;
	}
	free(dir);
	xasprintf(&tmp, "%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		goto fail;
	while (off < len) {
		if ((n = write(fd, data + off, len - off)) < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		off += (size_t)n;
	}
	if (fsync(fd) != 0)
		goto fail;
	n = close(fd);
	fd = -1;
	if (n != 0 || rename(tmp, path) != 0)
		goto fail;
	free(tmp);
	return 0;

fail:
	saved = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	free(tmp);
	errno = saved;
	return -1;
}

/* The key kept beside the draft, when there is a well-formed one. */
static char *
compose_key_load(const char *draft)
{
	char	*path = compose_key_path(draft), buf[COMPOSE_KEY_LEN + 2];
	FILE	*f;
	size_t	 n = 0, i;

	if ((f = fopen(path, "re")) != NULL) {
		n = fread(buf, 1, sizeof buf, f);
		fclose(f);
	}
	free(path);
	if (n != COMPOSE_KEY_LEN)
		return NULL;
	for (i = 0; i < n; i++)
		if (strchr("0123456789abcdef", buf[i]) == NULL)
			return NULL;
	return xstrndup(buf, n);
}

/* Whether the text is the user's: not empty, not just what the box opened
 * with. */
static bool
compose_typed(const struct ui_compose *cp)
{
	return cp->edit.len > 0 && (cp->prefill == NULL ||
	    strcmp(cp->edit.text, cp->prefill) != 0);
}

/* The draft and its key, on disk: the key first, so no draft is ever sent
 * under another key. */
static int
compose_save(struct ui_compose *cp)
{
	char	*key;
	int	 rc;

	if (!cp->key_saved) {
		key = compose_key_path(cp->draft);
		rc = compose_write(key, cp->key, strlen(cp->key));
		free(key);
		if (rc != 0)
			return -1;
		cp->key_saved = true;
	}
	if (compose_write(cp->draft, cp->edit.text, cp->edit.len) != 0)
		return -1;
	free(cp->saved);
	cp->saved = xstrdup(cp->edit.text);
	return 0;
}

/* No draft (and no key) on disk. */
static int
compose_remove(struct ui_compose *cp)
{
	char	*key = compose_key_path(cp->draft);
	int	 rc = 0;

	if (unlink(cp->draft) != 0 && errno != ENOENT)
		rc = -1;
	if (rc == 0 && unlink(key) != 0 && errno != ENOENT)
		rc = -1;
	free(key);
	if (rc == 0) {
		cp->key_saved = false;
		free(cp->saved);
		cp->saved = NULL;
	}
	return rc;
}

/* The disk as the box: what the user typed saved, nothing else. On failure
 * errno says why and cp->error keeps it. */
static int
compose_sync(struct ui_compose *cp)
{
	int	rc = 0;

	cp->due = 0;
	if (!compose_typed(cp)) {
		if (cp->saved != NULL || cp->key_saved)
			rc = compose_remove(cp);
	} else if (cp->saved == NULL || strcmp(cp->saved, cp->edit.text) != 0)
		rc = compose_save(cp);
	if (rc != 0)
		snprintf(cp->error, sizeof cp->error, "%s", strerror(errno));
	else
		*cp->error = '\0';
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
 * "@bob@other.example", so the reply reaches the right person; a handle
 * that is a domain name ("@bob.example.com") is whole already. */
static char *
compose_prefill(const struct post *p, const char *me, const char *host)
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
		/* A handle that is a domain name is whole already. */
		if (strchr(handle, '@') == NULL && strchr(handle, '.') == NULL &&
		    s->url &&
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
	return xstrdup(buf);
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
	free(cp->prefill);
	free(cp->saved);
	action_free(cp->reply);
	memset(cp, 0, sizeof *cp);
	cp->sending = sending;
}

/* The box on the screen again (its text is still here). */
static void
compose_show(struct ui *ui)
{
	ui->overlay = UI_OVERLAY_COMPOSE;
	ui->dirty_all = true;
	ui->dirty_overlay = true;
}

void
ui_compose_open(struct ui *ui, const struct post *p, struct account *acct)
{
	struct ui_compose	*cp = &ui->compose;
	const struct network	*net = account_network(acct);
	char			*me, *saved;
	FILE			*f;
	size_t			 n;

	if (cp->sending) {
		ui_message(ui, true, "reply: the last one is still being sent");
		return;
	}
	if (cp->target != NULL && cp->target != p &&
	    (strcmp(cp->target->network, p->network) != 0 ||
	    strcmp(cp->target->id, p->id) != 0) &&
	    ui_compose_close(ui, true) != 0)
		return;		/* says why; that box keeps its text */
	if (cp->target != NULL) {
		/* A box that could not be saved when it was covered. */
		compose_show(ui);
		return;
	}
	me = account_me(acct);
	cp->target = post_ref((struct post *)p);
	cp->account = acct;
	cp->draft = compose_draft_path(p);
	/* What only this network's replies have (Mastodon: the visibility
	 * of the post answered). */
	cp->reply = action_new(ACTION_REPLY);
	if (net->reply_options != NULL)
		net->reply_options(p, cp->reply);
	cp->prefill = compose_prefill(p, me, account_host(acct));
	free(me);
	lineedit_init(&cp->edit, COMPOSE_MAX, true);
	if ((f = fopen(cp->draft, "re")) != NULL) {
		saved = xmalloc(COMPOSE_MAX + 1);
		n = fread(saved, 1, COMPOSE_MAX, f);
		fclose(f);
		lineedit_set(&cp->edit, saved, n);
		free(saved);
		cp->saved = xstrdup(cp->edit.text);
		ui_message(ui, false, "your draft, as you left it");
	} else
		lineedit_set(&cp->edit, cp->prefill, strlen(cp->prefill));
	/* A draft's tries, sent or not, share its key until one is
	 * confirmed. */
	if ((cp->key = compose_key_load(cp->draft)) != NULL)
		cp->key_saved = true;
	else
		cp->key = compose_key();
	compose_show(ui);
	ui_triage_replying(ui, p, true);	/* others see "alice is replying" */
}

int
ui_compose_close(struct ui *ui, bool keep)
{
	struct ui_compose	*cp = &ui->compose;

	if (cp->target == NULL)
		return 0;
	if (keep && cp->draft && !cp->sending && compose_sync(cp) != 0) {
		/* The text stays with the box, which stays open. */
		ui_message(ui, true, "cannot save the draft %s: %s (the box "
		    "stays open)", cp->draft, cp->error);
		return -1;
	}
	ui_triage_replying(ui, cp->target, false);
	compose_reset(cp, false);
	if (ui->overlay == UI_OVERLAY_COMPOSE) {
		ui->overlay = UI_OVERLAY_NONE;
		ui->dirty_all = true;
		curs_set(0);
	}
	return 0;
}

void
ui_compose_lost(struct ui *ui)
{
	struct ui_compose	*cp = &ui->compose;

	if (cp->target == NULL)
		return;
	fprintf(stderr, "starling: cannot save the draft %s: %s; the reply "
	    "was:\n%s\n", cp->draft, cp->error, cp->edit.text);
	ui_triage_replying(ui, cp->target, false);
	compose_reset(cp, false);
}

int
ui_compose_due(struct ui *ui)
{
	struct ui_compose	*cp = &ui->compose;
	int64_t			 left;

	if (cp->target == NULL || cp->due == 0)
		return -1;
	left = cp->due - clock_mono_ms();
	return left < 0 ? 0 : (int)left;
}

void
ui_compose_tick(struct ui *ui)
{
	struct ui_compose	*cp = &ui->compose;
	bool			 failed = *cp->error != '\0';

	if (ui_compose_due(ui) != 0)
		return;
	if (compose_sync(cp) != 0)
		ui_message(ui, true, "cannot save the draft %s: %s", cp->draft,
		    cp->error);
	else if (failed)
		ui_message(ui, false, "draft saved");
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
		snprintf(cp->error, sizeof cp->error, "%s", strerror(errno));
		ui_message(ui, true, "reply: cannot save the draft first (%s): "
		    "not sending", cp->error);
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
		if (a->draft) {
			/* Confirmed: the next reply is another one. */
			char *key = compose_key_path(a->draft);

			unlink(a->draft);
			unlink(key);
			free(key);
		}
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
	bool			 typed, changed = false;
	int			 rc;

	ui->dirty_overlay = true;
	switch (key) {
	case 19:	/* C-s */
		compose_send(ui);
		return;
	case KEYC_ESC:
	case 7:		/* C-g */
		/* What the box said ("nothing to send") is over with it. */
		typed = compose_typed(cp);
		*ui->message = '\0';
		ui->dirty_status = true;
		if (ui_compose_close(ui, true) == 0 && *ui->message == '\0')
			ui_message(ui, false, typed ? "reply closed; the draft "
			    "is kept (r reopens it)" : "reply closed");
		return;
	case KEYC_ENTER:
		changed = lineedit_insert(&cp->edit, "\n", 1);
		break;
	case KEYC_TAB:
		changed = lineedit_insert(&cp->edit, " ", 1);
		break;
	default:
		rc = lineedit_key(&cp->edit, compose_keys, sizeof compose_keys /
		    sizeof compose_keys[0], key);
		if (rc < 0 && key >= 0x20 && key < KEYC_BASE && key != 0x7f)
			changed = lineedit_insert_char(&cp->edit, key);
		else
			changed = rc > 0;
		break;
	}
	/* Saved a moment later, however fast the typing goes on. */
	if (changed && cp->due == 0)
		cp->due = clock_mono_ms() + COMPOSE_SAVE_MS;
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
