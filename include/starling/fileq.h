/*
 * fileq — small files written whole or not at all (a temporary file
 * beside, fsync, rename), now or on a writer thread of their own, so the
 * thread that asks (the UI's, saving a draft as it is typed) never waits
 * on a disk.
 *
 * A job is one or two files written in order (a draft's .key file first,
 * then its text). Jobs are written in the order queued; a job for the
 * same files as one queued and not started yet replaces it (and goes
 * last): only the newest state of a file is written, however fast it
 * changes. fileq_flush() waits until everything queued is
 * on disk, for the writes and removals that must follow in order. The
 * result of each job comes back through fileq_result(); the writer wakes
 * the given wake when one is done.
 */
#ifndef STARLING_FILEQ_H
#define STARLING_FILEQ_H

#include <stdbool.h>
#include <stddef.h>

struct wake;
struct fileq;

/* Writes a private file (a draft, a token) whole or not at all: its
 * folders made (0700) when missing, the data written to a new file of
 * mode 0600 beside it, synced, and renamed over path, so a crash, a full
 * disk or another process writing the same file at once never leaves it
 * half written. 0, or -1 with errno set and nothing left behind. */
int		 fileq_write_file(const char *path, const char *data,
		    size_t len);

/* NULL wake: nobody is woken. */
struct fileq	*fileq_new(struct wake *);
/* Writes what is queued, then stops. */
void		 fileq_free(struct fileq *);
/* Queues path1 (may be NULL) then path2 with their data (copied). */
void		 fileq_put(struct fileq *, const char *path1, const char *data1,
		    size_t len1, const char *path2, const char *data2,
		    size_t len2);
/* Waits until every queued job is written. */
void		 fileq_flush(struct fileq *);
/* Whether a job finished since the last call: true with its errno in
 * *error (0: written) and the file it failed on (or "") in path. */
bool		 fileq_result(struct fileq *, int *error, char *path,
		    size_t len);

#endif
