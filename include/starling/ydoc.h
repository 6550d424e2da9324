/*
 * ydoc — the libyaml document walk shared by config and theme: loading with
 * syntax errors reported at libyaml's mark, node kinds named for messages, and
 * mappings checked against a table of known keys (unknown and duplicate keys
 * are errors). Messages go to a config_errors as "file:line:col: message",
 * 1-based (libyaml's marks are 0-based).
 */
#ifndef STARLING_YDOC_H
#define STARLING_YDOC_H

#include <stdbool.h>
#include <stddef.h>
#include <yaml.h>

struct config_errors;

struct ydoc {
	yaml_document_t		 doc;
	bool			 loaded;
	const char		*file;
	struct config_errors	*errs;
};

/* Loads the one document in buf. Returns 0 (the root may be NULL for an empty
 * file), or -1 after reporting a syntax error. ydoc_free either way. */
int		 ydoc_load(struct ydoc *, const char *file, const char *buf,
		    size_t len, struct config_errors *);
void		 ydoc_free(struct ydoc *);
/* A whole file into memory (xmalloc'd, NUL-ended); NULL with the reason
 * added to errs as "FILE: why". */
char		*ydoc_read_file(const char *path, size_t *len,
		    struct config_errors *errs);
/* The root node; NULL for an empty document (nothing, "---" or "~"). */
yaml_node_t	*ydoc_root(struct ydoc *);
yaml_node_t	*ydoc_node(struct ydoc *, int index);

void		 ydoc_error(struct ydoc *, const yaml_node_t *,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* A plain ~, null or empty scalar. */
bool		 ydoc_is_null(const yaml_node_t *);
/* The value of a scalar that is not null, else NULL. */
const char	*ydoc_string(const yaml_node_t *);
/* What a node is, for "got ...": "a list", "a mapping", "nothing", or the
 * scalar's value quoted (see ydoc_quote). */
const char	*ydoc_got(const yaml_node_t *, char *buf, size_t len);
/* s quoted for a message: control characters escaped, long values cut. */
const char	*ydoc_quote(const char *s, char *buf, size_t len);

/* Reports "WHAT must be a list, got ..." unless node has that type. */
bool		 ydoc_expect(struct ydoc *, const yaml_node_t *,
		    yaml_node_type_t, const char *what);

/* Called for each pair of a mapping whose key is known; row is the index of
 * the key in the table, or for a table-less mapping the pair's index. */
typedef void	 ydoc_pair_fn(struct ydoc *, size_t row, yaml_node_t *key,
		    yaml_node_t *value, void *arg);

/* Walks mapping map (the caller has checked its type). table is an array of n
 * rows of stride bytes, each starting with its key's name (const char *);
 * NULL accepts any key. where names the mapping in messages ("top level",
 * "columns[2]"). Non-string, unknown and duplicate keys are reported and
 * skipped. */
void		 ydoc_map(struct ydoc *, yaml_node_t *map, const char *where,
		    const void *table, size_t stride, size_t n, ydoc_pair_fn *,
		    void *arg);

/* The value of key in mapping map, or NULL (the first if repeated). */
yaml_node_t	*ydoc_find(struct ydoc *, yaml_node_t *map, const char *key);

/* "a, b, c" from a NULL-terminated list, for "(expected one of: ...)". */
char		*ydoc_join(const char *const *);

#endif
