/* author.c — the detail pane's "Earlier posts by @handle with the team":
 * the author's other posts the store keeps (store_author_posts(), newest
 * first), each with its status and who answered it, one line each. Read on
 * the store's reader thread when the pane opens on a post; the pane is
 * built again when they are in.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "starling/clock.h"
#include "starling/post.h"
#include "starling/store.h"
#include "starling/text.h"
#include "starling/triage.h"
#include "starling/xmalloc.h"
#include "ui_internal.h"

#define AUTHOR_MAX	10	/* earlier posts shown */
#define AUTHOR_READ	200	/* posts read past the newer ones */

struct ui_author {
	char		*network, *handle, *id;	/* whose, and the post shown */
	bool		 read, failed;
	char		**lines;
	size_t		 nlines;
	unsigned	 gen;
};

struct author_read {
	char		*network, *handle, *id;
	int64_t		 created;	/* the pane's post's */
	unsigned	 gen;
	int		 rc;
	char		**lines;
	size_t		 nlines;
};

static void
author_lines_free(char **lines, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
}

static void
author_read_free(void *arg)
{
	struct author_read	*r = arg;

	author_lines_free(r->lines, r->nlines);
	free(r->network);
	free(r->handle);
	free(r->id);
	free(r);
}

/* "2026-11-30 14:05  done · answered by bob  Where is my order?" */
static bool
author_each(const struct post *p, const struct store_triage *t, void *arg)
{
	struct author_read	*r = arg;
	char			 when[32], line[512], text[160];
	size_t			 i;

	if (strcmp(p->id, r->id) == 0 || (r->created != 0 &&
	    p->created > r->created))
		return true;	/* the post in the pane, or a later one */
	if (r->nlines >= AUTHOR_MAX)
		return false;
	if (p->created == 0)
		snprintf(when, sizeof when, "%16s", "");
	else
		clock_absolute(p->created, when, sizeof when);
	/* The text on one line. */
	snprintf(text, sizeof text, "%s", p->text ? p->text : "");
	for (i = 0; text[i] != '\0'; i++)
		if ((unsigned char)text[i] < 0x20)
			text[i] = ' ';
	snprintf(line, sizeof line, "%s  %s%s%s  %s", when,
	    t != NULL ? store_status_name(t->status) : "not triaged",
	    t != NULL && t->replied_by ? " \xc2\xb7 answered by " : "",
	    t != NULL && t->replied_by ? t->replied_by : "", text);
	r->lines = xreallocarray(r->lines, r->nlines + 1, sizeof *r->lines);
	r->lines[r->nlines++] = xstrdup(line);
	return true;
}

static void
author_read_run(struct store *s, void *arg)
{
	struct author_read	*r = arg;

	/* Newest first: the pane's post and later ones are passed over. */
	r->rc = store_author_posts(s, r->network, r->handle, AUTHOR_READ,
	    author_each, r);
}

static void
author_done(void *ctx, void *arg)
{
	struct ui		*ui = ctx;
	struct ui_author	*au = ui->author;
	struct author_read	*r = arg;

	if (au == NULL || r->gen != au->gen)
		return;
	au->read = true;
	au->failed = r->rc != 0;
	au->lines = r->lines;
	au->nlines = r->nlines;
	r->lines = NULL;
	r->nlines = 0;
	if (ui->overlay == UI_OVERLAY_DETAIL && ui->detail != NULL) {
		ui_overlay_build(ui);
		ui->dirty_overlay = true;
	}
}

void
ui_author_forget(struct ui *ui)
{
	struct ui_author	*au = ui->author;

	if (au == NULL)
		return;
	author_lines_free(au->lines, au->nlines);
	free(au->network);
	free(au->handle);
	free(au->id);
	au->lines = NULL;
	au->nlines = 0;
	au->network = au->handle = au->id = NULL;
	au->read = au->failed = false;
	au->gen++;
}

static bool
author_is(const struct ui_author *au, const struct post *p)
{
	return au->network != NULL && strcmp(au->network, p->network) == 0 &&
	    strcmp(au->handle, p->author_handle) == 0 &&
	    strcmp(au->id, p->id) == 0;
}

void
ui_author_overlay(struct ui *ui, const struct post *p)
{
	struct ui_author	*au;
	struct author_read	*r;
	char			 line[512];
	size_t			 i;

	if (p->author_handle == NULL || *p->author_handle == '\0' ||
	    p->network == NULL || ui_triage_unusable(ui) != NULL)
		return;
	if (ui->author == NULL)
		ui->author = xcalloc(1, sizeof *ui->author);
	au = ui->author;
	if (!author_is(au, p)) {
		ui_author_forget(ui);
		au->network = xstrdup(p->network);
		au->handle = xstrdup(p->author_handle);
		au->id = xstrdup(p->id);
		r = xcalloc(1, sizeof *r);
		r->network = xstrdup(p->network);
		r->handle = xstrdup(p->author_handle);
		r->id = xstrdup(p->id);
		r->created = p->created;
		r->gen = au->gen;
		triage_read(ui->tri, author_read_run, author_done, ui, r,
		    author_read_free);
	}
	ui_overlay_add(ui, "", THEME_NORMAL);
	snprintf(line, sizeof line, "Earlier posts by @%s with the team",
	    p->author_handle);
	ui_overlay_add(ui, line, THEME_HEADER);
	if (!au->read)
		ui_overlay_add(ui, "loading\xe2\x80\xa6", THEME_DIM);
	else if (au->failed)
		ui_overlay_add(ui, "the store could not be read", THEME_ERROR);
	else if (au->nlines == 0)
		ui_overlay_add(ui, "none", THEME_DIM);
	/* One line each, cut to the pane's width. */
	for (i = 0; i < au->nlines; i++) {
		const char	*l = au->lines[i];
		int		 used, w = ui->cols - 4;
		size_t		 fit;

		if (w > 1 && text_width(l, strlen(l)) > w) {
			fit = text_fit(l, strlen(l), w - 1, &used);
			snprintf(line, sizeof line, "%.*s\xe2\x80\xa6", (int)fit,
			    l);
			l = line;
		}
		ui_overlay_add(ui, l, THEME_DIM);
	}
}

void
ui_author_free(struct ui *ui)
{
	ui_author_forget(ui);
	free(ui->author);
	ui->author = NULL;
}
