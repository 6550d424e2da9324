/*
 * ui_internal.h — what the files of src/ui share: the ui struct, columns,
 * drawing helpers. Includes curses; only src/ui/ and main.c may.
 */
#ifndef STARLING_UI_INTERNAL_H
#define STARLING_UI_INTERNAL_H

#include <curses.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "starling/source.h"
#include "starling/theme.h"
#include "starling/account.h"
#include "starling/cmd.h"
#include "starling/keymap.h"
#include "starling/lineedit.h"
#include "starling/triage.h"
#include "starling/ui.h"

struct post;
struct timeline;

#define UI_HEADER_ROWS	2
#define UI_MIN_COLS	30
#define UI_MIN_ROWS	8
#define UI_TIMELINE_CAP	5000
#define UI_PROMPT_MAX	1024
#define UI_PICKER_FILTER_MAX 127
#define UI_LOOK_MS	1000	/* a focused column looked at this long holds
				 * its selection */

struct ui_column {
	const struct config_column *cfg;
	struct source		*src;
	struct timeline		*tl;
	struct source_status	 status;
	const char		*why;		/* unavailable: why */

	char			*filter;	/* NULL: none */
	size_t			*view;		/* timeline indices shown */
	size_t			 nview, aview;

	size_t			 sel, top;	/* view indices */
	char			*sel_id, *top_id;
	size_t			 above;		/* new posts above the view */
	bool			 touched;	/* the user has moved in it */
	bool			 held;		/* the selection stays on its post:
						 * a key was pressed here, or it
						 * was looked at (UI_LOOK_MS) */
	bool			 shown;		/* drawn with the focus */
	int64_t			 shown_at;	/* since then (ms) */
	bool			 arrived;	/* posts came since the last look */
	struct account		*account;	/* network columns */
	struct triage_view	 triage;	/* a store column: what it shows */
	char			*marker;	/* the server's read marker applied */
	char			*read_sent;	/* the read marker we last sent */
	int64_t			 read_at;	/* when */

	int			 x, width;	/* when visible */
	bool			 visible;
	bool			 dirty;
	int64_t			 tick;		/* when what it shows next
						 * changes (UTC s); 0: never */
};

enum ui_move {
	UI_MOVE_DOWN, UI_MOVE_UP, UI_MOVE_TOP, UI_MOVE_BOTTOM,
	UI_MOVE_PAGE_DOWN, UI_MOVE_PAGE_UP, UI_MOVE_HALF_DOWN, UI_MOVE_HALF_UP
};

enum ui_overlay {
	UI_OVERLAY_NONE, UI_OVERLAY_DETAIL, UI_OVERLAY_HELP, UI_OVERLAY_COMPOSE,
	UI_OVERLAY_PICKER
};

/* What is on screen, the deck or what is over it: one row of the mode
 * table (ui.c) per enum ui_overlay says how its keys are read, how it is
 * drawn and how it closes. The prompt is a line over any of them. */
struct ui_mode {
	enum keymap_context	 context;	/* what keys (and Alt-keys) run */
	void	(*key)(struct ui *, int32_t);	/* NULL: the context's commands */
	bool	(*draw)(struct ui *);		/* true when it drew */
	void	(*cursor)(struct ui *);		/* after the status line */
	void	(*close)(struct ui *);		/* NULL: nothing to close */
	void	(*resize)(struct ui *);		/* rebuild for a new size */
	bool	 interrupt;			/* C-c closes it, not starling */
};

/* A list to choose from (teammates, tags), filtered as the user types. */
enum ui_picker_kind { UI_PICK_ASSIGN, UI_PICK_TAG };
struct ui_picker {
	enum ui_picker_kind	 kind;
	char			**items;
	size_t			 nitems;
	struct lineedit		 filter;	/* UI_PICKER_FILTER_MAX */
	size_t			 sel;
	struct post		*target;	/* referenced */
};

/* The reply being written. What the user typed is saved to a draft file
 * as they type (due), on close and before sending, and removed only when
 * the server confirms; its key is saved beside it. */
struct ui_compose {
	struct post		*target;	/* referenced */
	struct account		*account;
	struct lineedit		 edit;		/* multi-line */
	char			*draft;		/* the draft file */
	char			*key;		/* one per draft: its tries are one */
	bool			 key_saved;	/* beside the draft */
	char			*prefill;	/* the mentions it opened with */
	char			*saved;		/* the draft on disk, or NULL */
	int64_t			 due;		/* mono ms to save at, or 0 */
	char			 error[128];	/* why the last save failed */
	struct action		*reply;		/* its options, so far */
	int			 scroll;
	int			 cursor_y, cursor_x;	/* on screen */
	bool			 sending;
};
enum ui_prompt_kind {
	UI_PROMPT_NONE, UI_PROMPT_COMMAND, UI_PROMPT_FILTER, UI_PROMPT_NOTE,
	UI_PROMPT_CONFIRM
};

struct ui_line {
	char			*text;
	enum theme_element	 style;
	const struct post	*post;		/* set: draw post->text[start,end) */
	size_t			 start, end;	/* with its spans coloured */
};

struct ui {
	struct ui_options	 opt;
	struct wake		*wake;
	bool			 own_wake;

	struct ui_column	*col;
	size_t			 ncol, focus, first;
	int			 rows, cols;
	bool			 too_small;

	attr_t			 attr[THEME_COUNT];
	short			 pair[THEME_COUNT];
	short			 tag_pair[64];	/* config tags, in order */

	enum ui_overlay		 overlay;
	bool			 over_detail;	/* the help or a picker is over
						 * the detail pane: closing it
						 * goes back there */
	int			 detail_scroll;	/* the pane's, under the help */
	struct post		*detail;	/* referenced */
	struct ui_line		*lines;		/* overlay content, wrapped */
	size_t			 nlines;
	int			 scroll;
	struct post		**thread;	/* detail: the thread, when fetched */
	size_t			 nthread;
	struct ui_compose	 compose;
	struct ui_picker	 picker;

	/* Team triage: the store's state as the store's worker reads it. */
	struct triage		*tri;
	bool			 confirm_reply;	/* a y/n question is open */

	enum ui_prompt_kind	 prompt;
	struct lineedit		 input;		/* UI_PROMPT_MAX - 1 bytes */
	struct post		*prompt_post;	/* the note and y/n prompts' */
	char			*filter_saved;	/* restored on Esc */
	char			*history[32];
	size_t			 nhistory, history_pos;
	size_t			 complete_n;	/* Tab cycling */
	char			 complete_prefix[64];

	char			 message[256];
	bool			 message_error;

	bool			 dirty_all, dirty_status, dirty_overlay;
	bool			 by_key;	/* this frame follows a keypress */
	bool			 quit;
	int			 exit_status;
	int64_t			 now;		/* clock for this frame */
	int64_t			 minute;	/* the minute last drawn */
	int64_t			 tick;		/* while drawing a column: the
						 * soonest time (UTC s) what it
						 * shows changes */
};

/* ui.c */
const struct ui_mode *ui_mode(const struct ui *);
/* What is being drawn changes at t (UTC seconds): the frame that draws
 * it wakes then (ages, SLA marks). */
void	ui_tick_at(struct ui *, int64_t t);
/* When clock_relative(t, ...) next reads differently, seen at now. */
int64_t	ui_age_next(int64_t t, int64_t now);
void	ui_message(struct ui *, bool error, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
void	ui_size(struct ui *);
void	ui_open(struct ui *, const struct post *);	/* the detail pane */
void	ui_close(struct ui *);				/* the open overlay */
void	ui_close_all(struct ui *);			/* and what is under */
void	ui_detail_back(struct ui *);	/* from over_detail to the pane */

/* cmd.c */
struct account *cmd_account(struct ui *, const struct post *);

/* tty.c */
void	ui_tty_settle(void);

/* draw.c */
int	ui_draw_text(struct ui *, int y, int x, int maxw, const char *s,
	    size_t len, enum theme_element);
int	ui_draw_rich(struct ui *, int y, int x, int maxw,
	    const struct post *, size_t start, size_t end, enum theme_element);
void	ui_fill(struct ui *, int y, int x, int w, enum theme_element);
void	ui_set_style(struct ui *, enum theme_element);
void	ui_colors_init(struct ui *);
int	ui_draw_tag(struct ui *, int y, int x, int maxw, const char *tag,
	    const char *text);

/* card.c */
int	ui_card_height(struct ui *, const struct post *, int width);
void	ui_card_draw(struct ui *, const struct post *, int y, int x,
	    int width, int ymax, bool selected, bool unread, int sla);

/* column.c */
void	ui_column_init(struct ui *, struct ui_column *,
	    const struct config_column *);
void	ui_column_free(struct ui_column *);
bool	ui_column_drain(struct ui *, struct ui_column *, size_t max);
void	ui_column_insert(struct ui *, struct ui_column *, struct post *);
void	ui_column_draw(struct ui *, struct ui_column *);
void	ui_column_move(struct ui *, struct ui_column *, enum ui_move);
void	ui_column_set_filter(struct ui *, struct ui_column *, const char *);
const struct post *ui_column_selected(struct ui_column *);
void	ui_column_mark_read(struct ui_column *);
int	ui_body_rows(const struct ui *);
void	ui_layout(struct ui *);

/* overlay.c */
void	ui_overlay_build(struct ui *);
void	ui_overlay_draw(struct ui *);
void	ui_overlay_free_lines(struct ui *);
void	ui_overlay_add(struct ui *, const char *, enum theme_element);
/* "1 like", "40 likes": a count in words, in buf. */
const char *ui_count(char *buf, size_t len, long n, const char *one,
	    const char *many);
const struct post *ui_find_post(struct ui *, const char *network,
	    const char *id);

/* actions.c */
enum cmd_result	ui_reply(struct cmd_ctx *);
enum cmd_result	ui_toggle(struct cmd_ctx *, const char *what);
enum cmd_result	ui_open_url(struct cmd_ctx *, int n);	/* 0: the post */
enum cmd_result	ui_copy_url(struct cmd_ctx *);
enum cmd_result	ui_thread(struct cmd_ctx *);
struct account *ui_find_account(struct ui *, const char *name);
struct account *ui_account_for(struct ui *, const struct post *);
void	ui_actions_drain(struct ui *);
char	*ui_action_detail(const struct action *);
void	ui_column_markers(struct ui *, struct ui_column *);
void	ui_column_want_older(struct ui *, struct ui_column *, bool explicit);

/* triage.c */
enum cmd_result	ui_assign(struct cmd_ctx *, const char *who);	/* NULL: pick;
							 * "": nobody */
enum cmd_result	ui_tag(struct cmd_ctx *, const char *tag, bool add);
enum cmd_result	ui_set_status(struct cmd_ctx *, const char *status);
enum cmd_result	ui_note(struct cmd_ctx *, const char *text);	/* NULL: ask */
const char	*ui_triage_unusable(struct ui *);
struct store_triage;
void	ui_triage_init(struct ui *);
void	ui_triage_start(struct ui *);
void	ui_triage_free(struct ui *);
void	ui_triage_drain(struct ui *);
const struct store_triage *ui_triage_get(struct ui *, const struct post *);
bool	ui_triage_dim(struct ui *, const struct post *);
bool	ui_triage_open(struct ui *, const struct post *);
void	ui_triage_badges(struct ui *, const struct post *, char *, size_t,
	    const char **replying);
void	ui_triage_column_init(struct ui *, struct ui_column *);
bool	ui_triage_before_reply(struct ui *, const struct post *);
void	ui_triage_replying(struct ui *, const struct post *, bool start);
void	ui_triage_action(struct ui *, const char *network, const char *id,
	    const char *action, const char *detail, const char *done);
void	ui_triage_overlay(struct ui *, const struct post *);
void	ui_picker_key(struct ui *, int32_t key);
void	ui_picker_draw(struct ui *);
void	ui_picker_close(struct ui *);
void	ui_triage_sla(struct ui *, struct ui_column *, size_t *open,
	    int64_t *oldest);
int	ui_triage_sla_of(struct ui *, struct ui_column *);

/* compose.c */
void	ui_compose_open(struct ui *, const struct post *, struct account *);
void	ui_compose_key(struct ui *, int32_t key);
void	ui_compose_draw(struct ui *);
void	ui_compose_cursor(struct ui *);
/* Closes the box; with keep, saves what the user typed first: -1 (and the
 * box stays, with the error) when that cannot be saved. */
int	ui_compose_close(struct ui *, bool keep);
/* After the screen is restored at exit: a box that could not be saved says
 * so, with its text, on stderr. */
void	ui_compose_lost(struct ui *);
/* Milliseconds until typing is due to be saved, -1 when nothing waits;
 * tick saves it when due. */
int	ui_compose_due(struct ui *);
void	ui_compose_tick(struct ui *);
void	ui_compose_sent(struct ui *, const struct action *);

/* prompt.c */
void	ui_prompt_open(struct ui *, enum ui_prompt_kind, const char *);
void	ui_prompt_key(struct ui *, int32_t key);
void	ui_prompt_draw(struct ui *);
void	ui_status_draw(struct ui *);

#endif
