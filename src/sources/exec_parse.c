/* exec_parse.c — a program's line of JSON (jansson) to a post. */
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "starling/clock.h"
#include "starling/exec.h"
#include "starling/post.h"

/* A string or an integer as a string, into buf; NULL when absent; false
 * when of another type. */
static bool
exec_id(json_t *v, char *buf, size_t len, const char **out)
{
	*out = NULL;
	if (v == NULL || json_is_null(v))
		return true;
	if (json_is_string(v)) {
		*out = json_string_value(v);
		return true;
	}
	if (json_is_integer(v)) {
		snprintf(buf, len, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		*out = buf;
		return true;
	}
	return false;
}

/* An optional string: NULL when absent; false when of another type. */
static bool
exec_string(json_t *o, const char *key, const char **out)
{
	json_t	*v = json_object_get(o, key);

	*out = NULL;
	if (v == NULL || json_is_null(v))
		return true;
	if (!json_is_string(v))
		return false;
	*out = json_string_value(v);
	return true;
}

enum exec_line
exec_parse_line(const char *line, size_t len, const char *network,
    const char *column, int64_t now, struct post **out, char *err,
    size_t errlen)
{
	json_error_t	 je;
	json_t		*o, *v;
	struct post	 t;
	char		 idbuf[32], replybuf[32];
	const char	*bad = NULL, *created = NULL;
	size_t		 i;

	*out = NULL;
	for (i = 0; i < len && (line[i] == ' ' || line[i] == '\t' ||
	    line[i] == '\r'); i++)
		;
	if (i == len)
		return EXEC_LINE_BLANK;
	if (len > EXEC_LINE_MAX) {
		snprintf(err, errlen, "line longer than %d bytes",
		    EXEC_LINE_MAX);
		return EXEC_LINE_BAD;
	}
	if ((o = json_loadb(line, len, JSON_REJECT_DUPLICATES, &je)) == NULL) {
		snprintf(err, errlen, "not JSON: %s", je.text);
		return EXEC_LINE_BAD;
	}
	memset(&t, 0, sizeof t);
	t.network = network;
	t.column = column;
	t.created = now;
	t.followers = 0;
	if (!json_is_object(o))
		bad = "not a JSON object";
	else if (!exec_id(json_object_get(o, "id"), idbuf, sizeof idbuf,
	    &t.id) || t.id == NULL || *t.id == '\0')
		bad = "no \"id\" (a string or an integer)";
	else if ((v = json_object_get(o, "text")) == NULL ||
	    !json_is_string(v))
		bad = "no \"text\" (a string)";
	else if (!exec_string(o, "author", &t.author_name))
		bad = "\"author\" is not a string";
	else if (!exec_string(o, "handle", &t.author_handle))
		bad = "\"handle\" is not a string";
	else if (!exec_string(o, "url", &t.url))
		bad = "\"url\" is not a string";
	else if (!exec_string(o, "created", &created))
		bad = "\"created\" is not a string";
	else if (created != NULL &&
	    clock_parse_iso8601(created, 0, &t.created) != 0)
		bad = "\"created\" is not an RFC 3339 time";
	else if (!exec_id(json_object_get(o, "reply_to"), replybuf,
	    sizeof replybuf, &t.reply_to_id))
		bad = "\"reply_to\" is not a string or an integer";
	else if ((v = json_object_get(o, "followers")) != NULL &&
	    !json_is_null(v) && (!json_is_integer(v) ||
	    json_integer_value(v) < 0))
		bad = "\"followers\" is not an integer >= 0";
	if (bad != NULL) {
		snprintf(err, errlen, "%s", bad);
		json_decref(o);
		return EXEC_LINE_BAD;
	}
	t.text = json_string_value(json_object_get(o, "text"));
	if ((v = json_object_get(o, "followers")) != NULL && json_is_integer(v))
		t.followers = (long)json_integer_value(v);
	if (t.author_handle != NULL && *t.author_handle == '@')
		t.author_handle++;
	*out = post_new(&t);
	json_decref(o);
	/* Sanitising may leave nothing of an id ("\u007f"). */
	if (*(*out)->id == '\0') {
		post_unref(*out);
		*out = NULL;
		snprintf(err, errlen, "\"id\" has no printable character");
		return EXEC_LINE_BAD;
	}
	return EXEC_LINE_POST;
}
