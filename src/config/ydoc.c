/*
 * ydoc.c — the libyaml document walk shared by config and theme.
 *
 * The document API keeps every node's mark, which is all the messages need;
 * mappings keep duplicate keys as separate pairs, so duplicates can be named.
 * Aliases may make the node graph cyclic (libyaml registers an anchor before
 * loading its children), which is harmless here: every walk follows the
 * schema, never the graph.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "starling/config.h"
#include "starling/xmalloc.h"
#include "starling/ydoc.h"

#define YDOC_QUOTE_MAX	48	/* bytes of a value shown in a message */

static void
ydoc_error_at(struct ydoc *d, yaml_mark_t mark, const char *msg)
{
	config_errors_add(d->errs, d->file, (int)mark.line + 1,
	    (int)mark.column + 1, "%s", msg);
}

/* A reader error (bad UTF-8, a control character) has only a byte offset. */
static yaml_mark_t
ydoc_offset_mark(const char *buf, size_t len, size_t offset)
{
	yaml_mark_t	mark = { 0, 0, 0 };
	size_t		i;

	if (offset > len)
		offset = len;
	for (i = 0; i < offset; i++) {
		if (buf[i] == '\n' ||
		    (buf[i] == '\r' && (i + 1 >= len || buf[i + 1] != '\n'))) {
			mark.line++;
			mark.column = 0;
		} else if (((unsigned char)buf[i] & 0xc0) != 0x80)
			mark.column++;	/* libyaml counts characters */
	}
	mark.index = offset;
	return mark;
}

static void
ydoc_syntax_error(struct ydoc *d, yaml_parser_t *p, const char *buf,
    size_t len)
{
	yaml_mark_t	 mark = p->problem_mark;
	const char	*problem = p->problem;

	if (p->error == YAML_MEMORY_ERROR)
		problem = "out of memory";
	else if (p->error == YAML_READER_ERROR)
		mark = ydoc_offset_mark(buf, len, p->problem_offset);
	if (problem == NULL)
		problem = "invalid YAML";
	ydoc_error_at(d, mark, problem);
}

int
ydoc_load(struct ydoc *d, const char *file, const char *buf, size_t len,
    struct config_errors *errs)
{
	yaml_parser_t	parser;
	yaml_document_t	extra;
	int		rc = 0;

	memset(d, 0, sizeof *d);
	d->file = file;
	d->errs = errs;

	if (!yaml_parser_initialize(&parser)) {
		config_errors_add(errs, file, 0, 0, "out of memory");
		return -1;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	if (!yaml_parser_load(&parser, &d->doc)) {
		ydoc_syntax_error(d, &parser, buf, len);
		yaml_parser_delete(&parser);
		return -1;
	}
	d->loaded = true;

	/* A second document would be silently ignored: say so instead. */
	if (!yaml_parser_load(&parser, &extra)) {
		ydoc_syntax_error(d, &parser, buf, len);
		rc = -1;
	} else {
		if (yaml_document_get_root_node(&extra) != NULL) {
			ydoc_error_at(d, extra.start_mark,
			    "only one YAML document is allowed");
			rc = -1;
		}
		yaml_document_delete(&extra);
	}
	yaml_parser_delete(&parser);
	return rc;
}

void
ydoc_free(struct ydoc *d)
{
	if (d->loaded)
		yaml_document_delete(&d->doc);
	d->loaded = false;
}

yaml_node_t *
ydoc_root(struct ydoc *d)
{
	yaml_node_t	*root;

	if (!d->loaded)
		return NULL;
	root = yaml_document_get_root_node(&d->doc);
	if (root != NULL && ydoc_is_null(root))
		return NULL;	/* "---" or "~" alone: an empty file */
	return root;
}

yaml_node_t *
ydoc_node(struct ydoc *d, int index)
{
	return yaml_document_get_node(&d->doc, index);
}

void
ydoc_error(struct ydoc *d, const yaml_node_t *n, const char *fmt, ...)
{
	char	msg[1024];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	ydoc_error_at(d, n->start_mark, msg);
}

bool
ydoc_is_null(const yaml_node_t *n)
{
	static const char *const nulls[] = { "", "~", "null", "Null", "NULL" };
	size_t			 i;

	if (n->type != YAML_SCALAR_NODE ||
	    n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	for (i = 0; i < sizeof nulls / sizeof nulls[0]; i++) {
		if (strcmp((const char *)n->data.scalar.value, nulls[i]) == 0)
			return true;
	}
	return false;
}

const char *
ydoc_string(const yaml_node_t *n)
{
	if (n->type != YAML_SCALAR_NODE || ydoc_is_null(n))
		return NULL;
	return (const char *)n->data.scalar.value;
}

const char *
ydoc_quote(const char *s, char *buf, size_t len)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 o = 0, i;
	char			 esc[8];

	if (len < 16) {
		if (len > 0)
			buf[0] = '\0';
		return buf;
	}
	buf[o++] = '"';
	for (i = 0; u[i] != '\0'; i++) {
		if (i >= YDOC_QUOTE_MAX && (u[i] & 0xc0) != 0x80) {
			/* Cut only at a character boundary. */
			if (o + 4 < len)
				o += (size_t)snprintf(buf + o, len - o, "...");
			break;
		}
		if (u[i] == '\n')
			snprintf(esc, sizeof esc, "\\n");
		else if (u[i] == '\t')
			snprintf(esc, sizeof esc, "\\t");
		else if (u[i] == '"' || u[i] == '\\')
			snprintf(esc, sizeof esc, "\\%c", u[i]);
		else if (u[i] < 0x20 || u[i] == 0x7f)
			snprintf(esc, sizeof esc, "\\x%02x", u[i]);
		else if (u[i] == 0xc2 && u[i + 1] >= 0x80 && u[i + 1] <= 0x9f) {
			/* C1 controls would reach a terminal too. */
			snprintf(esc, sizeof esc, "\\u%04x", u[i + 1]);
			i++;
		} else {
			esc[0] = (char)u[i];
			esc[1] = '\0';
		}
		if (o + strlen(esc) + 2 >= len)
			break;
		memcpy(buf + o, esc, strlen(esc));
		o += strlen(esc);
	}
	buf[o++] = '"';
	buf[o] = '\0';
	return buf;
}

const char *
ydoc_got(const yaml_node_t *n, char *buf, size_t len)
{
	switch (n->type) {
	case YAML_SEQUENCE_NODE:
		return "a list";
	case YAML_MAPPING_NODE:
		return "a mapping";
	case YAML_SCALAR_NODE:
		if (ydoc_is_null(n))
			return "nothing";
		return ydoc_quote((const char *)n->data.scalar.value, buf, len);
	default:
		return "nothing";
	}
}

bool
ydoc_expect(struct ydoc *d, const yaml_node_t *n, yaml_node_type_t type,
    const char *what)
{
	const char	*want;
	char		 buf[128];

	if (n->type == type && (type != YAML_SCALAR_NODE || !ydoc_is_null(n)))
		return true;
	switch (type) {
	case YAML_SEQUENCE_NODE:
		want = "a list";
		break;
	case YAML_MAPPING_NODE:
		want = "a mapping";
		break;
	default:
		want = "a string";
		break;
	}
	ydoc_error(d, n, "%s must be %s, got %s", what, want,
	    ydoc_got(n, buf, sizeof buf));
	return false;
}

static const char *
ydoc_row_name(const void *table, size_t stride, size_t i)
{
	return *(const char *const *)(const void *)
	    ((const char *)table + i * stride);
}

static void
ydoc_unknown_key(struct ydoc *d, yaml_node_t *key, const char *where,
    const void *table, size_t stride, size_t n)
{
	const char	**names;
	char		 *list, buf[128];
	size_t		  i;

	names = xcalloc(n + 1, sizeof *names);
	for (i = 0; i < n; i++)
		names[i] = ydoc_row_name(table, stride, i);
	list = ydoc_join(names);
	ydoc_error(d, key, "unknown key %s in %s (expected one of: %s)",
	    ydoc_quote((const char *)key->data.scalar.value, buf, sizeof buf),
	    where, list);
	free(list);
	free(names);
}

void
ydoc_map(struct ydoc *d, yaml_node_t *map, const char *where,
    const void *table, size_t stride, size_t n, ydoc_pair_fn *fn, void *arg)
{
	yaml_node_pair_t	*p, *q;
	yaml_node_t		*k, *v, *k2;
	const char		*name;
	char			 buf[128];
	size_t			 row;
	bool			 dup;

	for (p = map->data.mapping.pairs.start;
	    p < map->data.mapping.pairs.top; p++) {
		k = ydoc_node(d, p->key);
		v = ydoc_node(d, p->value);
		if (k == NULL || v == NULL)
			continue;
		if (k->type != YAML_SCALAR_NODE) {
			ydoc_error(d, k, "keys in %s must be strings, got %s",
			    where, ydoc_got(k, buf, sizeof buf));
			continue;
		}
		name = (const char *)k->data.scalar.value;

		row = (size_t)(p - map->data.mapping.pairs.start);
		if (table != NULL) {
			for (row = 0; row < n; row++) {
				if (strcmp(name,
				    ydoc_row_name(table, stride, row)) == 0)
					break;
			}
			if (row == n) {
				ydoc_unknown_key(d, k, where, table, stride, n);
				continue;
			}
		}

		dup = false;
		for (q = map->data.mapping.pairs.start; q < p && !dup; q++) {
			k2 = ydoc_node(d, q->key);
			if (k2 == NULL || k2->type != YAML_SCALAR_NODE ||
			    strcmp(name, (const char *)k2->data.scalar.value))
				continue;
			ydoc_error(d, k, "duplicate key %s in %s (first at "
			    "line %zu)", ydoc_quote(name, buf, sizeof buf),
			    where, k2->start_mark.line + 1);
			dup = true;
		}
		if (!dup)
			fn(d, row, k, v, arg);
	}
}

yaml_node_t *
ydoc_find(struct ydoc *d, yaml_node_t *map, const char *key)
{
	yaml_node_pair_t	*p;
	yaml_node_t		*k;

	if (map->type != YAML_MAPPING_NODE)
		return NULL;
	for (p = map->data.mapping.pairs.start;
	    p < map->data.mapping.pairs.top; p++) {
		k = ydoc_node(d, p->key);
		if (k != NULL && k->type == YAML_SCALAR_NODE &&
		    strcmp((const char *)k->data.scalar.value, key) == 0)
			return ydoc_node(d, p->value);
	}
	return NULL;
}

char *
ydoc_join(const char *const *names)
{
	size_t	 len = 1, i, j;
	char	*s;

	for (i = 0; names[i] != NULL; i++)
		len += strlen(names[i]) + 2;
	s = xmalloc(len);
	s[0] = '\0';
	for (i = 0; names[i] != NULL; i++) {
		for (j = 0; j < i; j++)
			if (strcmp(names[j], names[i]) == 0)
				break;
		if (j < i)
			continue;	/* each name once */
		if (*s != '\0')
			strcat(s, ", ");
		strcat(s, names[i]);
	}
	return s;
}

char *
ydoc_read_file(const char *path, size_t *lenp, struct config_errors *errs)
{
	FILE	*f;
	char	*buf = NULL;
	size_t	 len = 0, size = 0, n;

	if ((f = fopen(path, "re")) == NULL) {
		config_errors_add(errs, path, 0, 0, "%s", strerror(errno));
		return NULL;
	}
	for (;;) {
		if (len + 1 >= size) {
			size = size == 0 ? 8192 : size * 2;
			buf = xrealloc(buf, size);
		}
		if ((n = fread(buf + len, 1, size - len - 1, f)) == 0)
			break;
		len += n;
	}
	if (ferror(f)) {
		config_errors_add(errs, path, 0, 0, "%s", strerror(errno));
		fclose(f);
		free(buf);
		return NULL;
	}
	fclose(f);
	buf[len] = '\0';
	*lenp = len;
	return buf;
}
