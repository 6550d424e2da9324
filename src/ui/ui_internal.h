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

struct fileq;
struct inbox;
struct policy;
struct post;
struct rules;
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
	bool			 resort;	/* triage states changed: a column
						 * sorted by priority sorts again */
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
	UI_OVERLAY_PICKER, UI_OVERLAY_REPORT
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
	/* Whether key (x of Alt-x) is the mode's own, or NULL: Esc then
	 * a key, unless Alt-key is bound in the context. */
	bool	(*alt)(const struct ui *, int32_t key);
};

/* A list to choose from (teammates, tags), filtered as the user types. */
enum ui_picker_kind {
	UI_PICK_ASSIGN, UI_PICK_TAG,
	UI_PICK_TEMPLATE,	/* over the composer: inserts the text */
	UI_PICK_DRAFT		/* :drafts: reopens one (items[i] its file) */
};
struct ui_picker {
	enum ui_picker_kind	 kind;
	char			**items;
	char			**labels;	/* shown instead, or NULL */
	size_t			 nitems;
	struct lineedit		 filter;	/* UI_PICKER_FILTER_MAX */
	size_t			 sel;
	struct post		*target;	/* referenced */
};

/* What a box writes: a new post, a reply to target, or a quote of it. */
enum ui_compose_kind {
	UI_COMPOSE_POST, UI_COMPOSE_REPLY, UI_COMPOSE_QUOTE
};

/* The post being written. What the user typed is saved to a draft file
 * as they type (due), on close and before sending, with what it is about
 * beside it (.key: its key, kind, account, target, options), and removed only
 * when the server confirms; its key is saved beside it too. */
struct ui_compose {
	bool			 open;
	enum ui_compose_kind	 kind;
	struct post		*target;	/* referenced; NULL: a new post */
	struct account		*account;	/* posts as */
	struct lineedit		 edit;		/* multi-line */
	struct lineedit		 cw;		/* the content warning, where
						 * the network has one */
	bool			 in_cw;		/* typing goes to cw */
	char			*visibility;	/* NULL: the network has none */
	struct action		*options;	/* a reply's, from its parent */
	char			*draft;		/* the draft file */
	char			*key;		/* one per draft: its tries are one */
	bool			 key_saved;	/* beside the draft */
	char			*prefill;	/* what it opened with */
	char			*saved;		/* the draft on disk, or NULL */
	char			*saved_meta;	/* its .key file on disk, or NULL */
	int64_t			 due;		/* mono ms to save at, or 0 */
	char			 error[128];	/* why the last save failed */
	bool			 confirming;	/* "send as NAME? (y/n)" */
	bool			 maybe_sent;	/* a try got no answer where
						 * a second try is a second
						 * post (network.h: idempotent) */
	bool			 asking_resend;	/* "send it again? (y/n)" */
	bool			 pasting;	/* inside a bracketed paste */
	char			*note;		/* an approver's, on a text
						 * returned to its writer */
	char			*returned_by;	/* who said it */
	char			*approval;	/* an approved post taken back
						 * from the outbox: its item */
	char			*writer;	/* and who wrote it */
	bool			 banned;	/* [ban_start, ban_end) of the
						 * text is what policy bans */
	size_t			 ban_start, ban_end;
	int			 cursor_y, cursor_x;	/* on screen */
};

/* A post on its way: checked by policy in the box, then held in the
 * outbox for send_delay (:undo-send brings it back), then submitted to
 * its account; a transient failure waits and goes again (the same key),
 * any other comes back to the composer with the error. The stages run in
 * order (outbox.c's table). A post that needs an approver goes to the
 * store instead (approve.c) and into the approver's outbox once
 * approved. */
enum ui_outbox_state {
	UI_OUTBOX_HELD,		/* until at: undo-send takes it back */
	UI_OUTBOX_SENDING,	/* with the account's worker */
	UI_OUTBOX_WAITING	/* failed transiently: again at */
};

struct ui_outbox_entry {
	enum ui_outbox_state	 state;
	int64_t			 at;		/* mono ms */
	int			 tries;
	enum ui_compose_kind	 kind;
	struct post		*target;	/* referenced, or NULL */
	struct account		*account;
	char			*text;		/* as typed */
	char			*sent;		/* as sent (policy appended) */
	char			*cw, *visibility;	/* or NULL */
	struct action		*options;	/* a reply's, or NULL */
	char			*draft, *key;
	char			*approval;	/* an approved item's id */
	char			*writer;	/* and who wrote it */
};

struct ui_outbox {
	struct ui_outbox_entry	**v;
	size_t			  n;
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
	struct ui_outbox	 outbox;
	struct fileq		*fileq;		/* writes drafts as typed */
	struct policy		*policy;	/* the config's policy: */
	struct ui_picker	 picker;

	/* Team triage: the store's state as the store's worker reads it. */
	struct triage		*tri;
	struct rules		*rules;		/* inbox columns' rules */
	struct inbox		*inbox;		/* what this deck recorded */
	struct ui_report	*report;	/* :report and spikes (report.c) */
	struct ui_author	*author;	/* the detail pane's author
						 * history (author.c) */
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
	bool			 pasting;	/* a paste the mode does not take:
						 * its keys are dropped */
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
void	ui_tty_paste(bool on);

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
enum cmd_result	ui_compose_cmd(struct cmd_ctx *);
enum cmd_result	ui_quote(struct cmd_ctx *);
enum cmd_result	ui_template(struct cmd_ctx *, const char *name);
enum cmd_result	ui_drafts(struct cmd_ctx *);
enum cmd_result	ui_undo_send(struct cmd_ctx *);
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
void	ui_triage_inbox(struct ui *, struct ui_column *, struct post *);
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
/* Over the composer: the config's templates (Enter inserts one). */
void	ui_picker_templates(struct ui *);
/* :drafts: the drafts on disk (Enter reopens one); false when none. */
bool	ui_picker_drafts(struct ui *);
void	ui_triage_sla(struct ui *, struct ui_column *, size_t *open,
	    int64_t *oldest);
int	ui_triage_sla_of(struct ui *, struct ui_column *);

/* report.c */
enum cmd_result	ui_report_open(struct cmd_ctx *);
void	ui_report_lines(struct ui *);		/* the overlay's lines */
/* Spikes: milliseconds until a count is due (-1: none wanted), the count
 * when due, a column's posts in the last hour when it spikes (0: it does
 * not), and "▲ spike Mentions 42/h" for the status line ("": none). */
int	ui_report_due(struct ui *);
void	ui_report_tick(struct ui *);
uint32_t ui_report_spike(struct ui *, const struct ui_column *);
void	ui_report_status(struct ui *, char *buf, size_t len);
void	ui_report_free(struct ui *);

/* author.c */
/* "Earlier posts by @handle with the team" in the detail pane of p. */
void	ui_author_overlay(struct ui *, const struct post *p);
void	ui_author_forget(struct ui *);
void	ui_author_free(struct ui *);

/* compose.c */
/* Opens the box: kind on p (NULL for a new post) as acct; the draft for
 * the same post (or the new post's draft file) is reopened when there is
 * one. */
void	ui_compose_open(struct ui *, enum ui_compose_kind, const struct post *,
	    struct account *);
/* Opens the box again on what the outbox held (it takes e). */
void	ui_compose_restore(struct ui *, struct ui_outbox_entry *e);
/* Reopens the draft saved in file (its .key file says what it is). */
int	ui_compose_reopen(struct ui *, const char *file, char *err,
	    size_t errlen);
/* Inserts text at the box's cursor (a template), placeholders filled. */
void	ui_compose_insert_template(struct ui *, const char *text);
/* The template named name filled for p (or a new post) as acct. */
char	*ui_compose_template(struct ui *, const char *text,
	    const struct post *p, struct account *acct);
/* Whether the box reads Alt-key itself (word moves). */
bool	ui_compose_alt(const struct ui *, int32_t key);
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

/* draft.c: the drafts on disk (the composer's, the outbox's, an
 * approver's), each a text file with its .key file beside. */
struct json_t;
/* The word for a kind ("reply") and back. */
const char *ui_draft_word(enum ui_compose_kind);
bool	ui_draft_kind(const char *word, enum ui_compose_kind *);
char	*ui_draft_dir(void);			/* the drafts folder */
char	*ui_draft_key_new(void);		/* a fresh key, 32 hex digits */
/* The draft file of a box: a reply's and a quote's by the post
 * (replying again reopens it), a new post's new each time. */
char	*ui_draft_path(enum ui_compose_kind, const struct post *);
/* The file beside the draft: "x.key" beside "x.txt". */
char	*ui_draft_side(const char *draft, const char *ext);
/* A whole small file (xmalloc'd, NUL-ended; at most max bytes), or NULL. */
char	*ui_draft_read(const char *path, size_t max, size_t *len);
/* What the .key file says (an object), or NULL; and its key alone. */
struct json_t *ui_draft_meta_load(const char *draft);
char	*ui_draft_key_load(const char *draft);
/* The .key file's JSON for a draft (xmalloc'd). */
char	*ui_draft_meta(const char *key, enum ui_compose_kind,
	    struct account *, const char *visibility, const char *cw,
	    const struct post *target, const char *note,
	    const char *returned_by, bool sending);
/* Removes the draft's files; -1 with errno when one cannot go. */
int	ui_draft_unlink(const char *draft);
/* The draft and its .key file gone: the server has it. */
void	ui_draft_drop(const char *draft);
/* Sets key to value (NULL: removes it) in what the draft's .key file
 * says (an approval's id, an approver's note, "sending"): 0 or -1. */
int	ui_draft_mark(const char *draft, const char *key, const char *value);
/* The draft whose .key file says key: value, or NULL (xmalloc'd). */
char	*ui_draft_find(const char *key, const char *value);
/* The drafts whose .key file has key, and its values (NULL-ended,
 * xmalloc'd each); how many. */
size_t	ui_drafts_marked(const char *key, char ***files, char ***values);
/* A draft written for text that was not typed here (an approved post),
 * as name.txt in the drafts folder with its key: its path, or NULL with
 * why. */
char	*ui_draft_new(const char *name, enum ui_compose_kind kind,
	    const struct post *target, struct account *acct, const char *text,
	    const char *cw, const char *visibility, const char *key, char *err,
	    size_t errlen);
/* The drafts on disk, newest first: files and one-line labels (NULL-ended,
 * xmalloc'd each); how many. */
size_t	ui_drafts_list(struct ui *, char ***files, char ***labels);

/* outbox.c */
/* Takes e (checked by policy): held for send_delay, then sent. */
void	ui_outbox_add(struct ui *, struct ui_outbox_entry *);
void	ui_outbox_entry_free(struct ui_outbox_entry *);
/* Milliseconds until an entry is due (a hold over, a retry), -1 if none;
 * tick sends what is due and redraws the countdown each second. */
int	ui_outbox_due(struct ui *);
void	ui_outbox_tick(struct ui *);
/* The last held entry taken out (the caller owns it), or NULL. With draft,
 * the entry of that draft if it is held or waiting; *sending says whether
 * it is with the worker instead. */
struct ui_outbox_entry *ui_outbox_take(struct ui *, const char *draft,
	    bool *sending);
/* A post's answer from its account's worker. */
void	ui_outbox_sent(struct ui *, struct action *);
/* "sending in 3 s" for the status line, or "" when nothing is held. */
void	ui_outbox_status(struct ui *, char *buf, size_t len);
/* At exit: what is still held or waiting stays a draft; how many. */
size_t	ui_outbox_free(struct ui *);

/* approve.c */
/* Whether what I send waits for an approver (policy approval:). */
bool	ui_approval_needed(struct ui *);
/* Takes e (checked by policy, its draft saved): into the store as an
 * item awaiting approval. */
void	ui_approval_submit(struct ui *, struct ui_outbox_entry *e);
enum cmd_result	ui_approve(struct cmd_ctx *);
enum cmd_result	ui_reject(struct cmd_ctx *, const char *note);
/* At the start: what was decided about my posts while I was away (the
 * drafts that await approval). */
void	ui_approval_catch_up(struct ui *);
/* An audit entry of an approval item from the feed (the triage hook). */
void	ui_approval_heard(struct ui *, const struct store_audit *);
/* After an approved post was sent: its item says so. */
void	ui_approval_sent(struct ui *, const struct ui_outbox_entry *,
	    const struct action *);

/* prompt.c */
void	ui_prompt_open(struct ui *, enum ui_prompt_kind, const char *);
void	ui_prompt_key(struct ui *, int32_t key);
void	ui_prompt_draw(struct ui *);
void	ui_status_draw(struct ui *);

#endif
