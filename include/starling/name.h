/*
 * name — the names people type that the team's store keeps: tags and team
 * names (`me:`, `team:`, an assignee), and the text of notes. Every input
 * (the config, the pickers, the prompt, the note box, store columns'
 * `tag:`) checks them here, so the shared store and what is printed from
 * it hold the same spelling and never a control character.
 *
 * A tag is one word, case-insensitive: "#Complaint", "complaint" and
 * "COMPLAINT" are one tag, kept as "complaint" (a leading # dropped, NFC,
 * Unicode case folding). It may not contain white space, "#", ";" (the CSV
 * export joins tags with it), "," or a control character (C0, DEL, C1), and
 * is valid UTF-8 of at most NAME_MAX bytes. A team name has the same rules
 * but keeps its case and may contain "#", ";" and ",". A note may hold line
 * breaks and tabs but no other control character.
 */
#ifndef STARLING_NAME_H
#define STARLING_NAME_H

#include <stdbool.h>
#include <stddef.h>

#define NAME_MAX_BYTES	256

/* The tag in normalised form (xmalloc'd), or NULL with why in err ("a tag
 * is one word", "a tag may not contain \";\"", ...). */
char		*name_tag(const char *in, char *err, size_t errlen);
/* Whether in is a tag in normalised form already. */
bool		 name_tag_is_normal(const char *in);
/* NULL when in is a fit team name, else why ("a name may not contain a
 * control character", "a name is one word", ...). */
const char	*name_check(const char *in);
/* Whether s holds a control character (C0 but, with text true, line
 * breaks and tabs; DEL; C1) or invalid UTF-8. */
bool		 name_has_control(const char *s, bool text);

#endif
