/* test_paths.c — XDG directories, "~" expansion, theme lookup. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "harness.h"
#include "starling/paths.h"

#define CHECK_PATH(expr, want) do {					\
	char	*check_s = (expr);					\
	CHECK_STR_EQ(check_s, (want));					\
	free(check_s);							\
} while (0)

TEST(xdg_set)
{
	setenv("HOME", "/home/u", 1);
	setenv("XDG_CONFIG_HOME", "/cfg", 1);
	setenv("XDG_DATA_HOME", "/data", 1);
	setenv("XDG_STATE_HOME", "/state", 1);
	CHECK_PATH(paths_config_dir(), "/cfg/starling");
	CHECK_PATH(paths_config_file(), "/cfg/starling/config.yaml");
	CHECK_PATH(paths_data_dir(), "/data/starling");
	CHECK_PATH(paths_state_dir(), "/state/starling");
}

TEST(xdg_unset_uses_home)
{
	setenv("HOME", "/home/u", 1);
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("XDG_DATA_HOME");
	unsetenv("XDG_STATE_HOME");
	CHECK_PATH(paths_config_dir(), "/home/u/.config/starling");
	CHECK_PATH(paths_config_file(), "/home/u/.config/starling/config.yaml");
	CHECK_PATH(paths_data_dir(), "/home/u/.local/share/starling");
	CHECK_PATH(paths_state_dir(), "/home/u/.local/state/starling");
}

TEST(xdg_relative_or_empty_ignored)
{
	setenv("HOME", "/home/u", 1);
	setenv("XDG_CONFIG_HOME", "relative/dir", 1);
	setenv("XDG_DATA_HOME", "", 1);
	setenv("XDG_STATE_HOME", "./x", 1);
	CHECK_PATH(paths_config_dir(), "/home/u/.config/starling");
	CHECK_PATH(paths_data_dir(), "/home/u/.local/share/starling");
	CHECK_PATH(paths_state_dir(), "/home/u/.local/state/starling");
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("XDG_DATA_HOME");
	unsetenv("XDG_STATE_HOME");
}

TEST(expand)
{
	setenv("HOME", "/home/u", 1);
	CHECK_PATH(paths_expand("~/x/y"), "/home/u/x/y");
	CHECK_PATH(paths_expand("~"), "/home/u");
	CHECK_PATH(paths_expand("~bob/x"), "~bob/x");
	CHECK_PATH(paths_expand("/abs/~/x"), "/abs/~/x");
	CHECK_PATH(paths_expand("rel"), "rel");
	CHECK_PATH(paths_expand(""), "");
}

TEST(store_address)
{
	setenv("HOME", "/home/u", 1);
	setenv("XDG_DATA_HOME", "/data", 1);
	CHECK_PATH(paths_store(NULL), "/data/starling/triage.db");
	CHECK_PATH(paths_store(""), "/data/starling/triage.db");
	unsetenv("XDG_DATA_HOME");
	CHECK_PATH(paths_store(NULL), "/home/u/.local/share/starling/triage.db");
	CHECK_PATH(paths_store("~/team.db"), "/home/u/team.db");
	CHECK_PATH(paths_store("/srv/t.db"), "/srv/t.db");
	CHECK_PATH(paths_store("sqlite:~/t.db"), "sqlite:/home/u/t.db");
	CHECK_PATH(paths_store("sqlite://~/t.db"), "sqlite:///home/u/t.db");
	CHECK_PATH(paths_store("postgresql://u:p@h/db"), "postgresql://u:p@h/db");
}

TEST(theme_file)
{
	char	dir[] = "/tmp/starling-paths-XXXXXX", path[256], want[256];
	FILE	*f;

	CHECK(mkdtemp(dir) != NULL);
	setenv("XDG_CONFIG_HOME", dir, 1);

	/* Not there yet: the user's dir has nothing; no other place has it. */
	CHECK(paths_theme_file("no-such-theme-xyz") == NULL);
	CHECK(paths_theme_file("") == NULL);
	CHECK(paths_theme_file(NULL) == NULL);

	snprintf(path, sizeof path, "%s/starling", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/starling/themes", dir);
	mkdir(path, 0700);
	snprintf(want, sizeof want, "%s/starling/themes/mine.yaml", dir);
	if ((f = fopen(want, "w")) != NULL) {
		fputs("name: mine\n", f);
		fclose(f);
	}
	CHECK_PATH(paths_theme_file("mine"), want);

	/* A name with a slash is a path. */
	CHECK_PATH(paths_theme_file(want), want);
	CHECK(paths_theme_file("./no/such.yaml") == NULL);
	CHECK_PATH(paths_theme_file("themes/default.yaml"),
	    "themes/default.yaml");

	unlink(want);
	rmdir(path);
	snprintf(path, sizeof path, "%s/starling", dir);
	rmdir(path);
	rmdir(dir);
	unsetenv("XDG_CONFIG_HOME");
}

/* themes/ beside the running binary: a copy of this test in a scratch dir. */
TEST(theme_file_beside_binary)
{
	char	dir[] = "/tmp/starling-exe-XXXXXX", path[512], self[512];
	char	cmd[1200];
	ssize_t	n;

	if (getenv("PATHS_TEST_CHILD") != NULL)
		return;
	n = readlink("/proc/self/exe", self, sizeof self - 1);
	CHECK(n > 0);
	if (n <= 0)
		return;
	self[n] = '\0';
	CHECK(mkdtemp(dir) != NULL);
	snprintf(cmd, sizeof cmd, "mkdir %s/themes && "
	    "echo 'name: x' > %s/themes/beside.yaml && cp %s %s/t", dir, dir,
	    self, dir);
	CHECK_INT_EQ(system(cmd), 0);
	snprintf(cmd, sizeof cmd, "PATHS_TEST_CHILD=%s %s/t", dir, dir);
	CHECK_INT_EQ(system(cmd), 0);
	snprintf(path, sizeof path, "rm -rf %s", dir);
	CHECK_INT_EQ(system(path), 0);
}

static int
paths_child(const char *dir)
{
	char	want[512], *got;
	int	ok;

	setenv("XDG_CONFIG_HOME", "/nonexistent", 1);
	snprintf(want, sizeof want, "%s/themes/beside.yaml", dir);
	got = paths_theme_file("beside");
	ok = got != NULL && strcmp(got, want) == 0;
	if (!ok)
		printf("child: got %s want %s\n", got ? got : "(null)", want);
	free(got);
	return ok ? 0 : 1;
}

int
main(void)
{
	if (getenv("PATHS_TEST_CHILD") != NULL)
		return paths_child(getenv("PATHS_TEST_CHILD"));
	RUN(xdg_set);
	RUN(xdg_unset_uses_home);
	RUN(xdg_relative_or_empty_ignored);
	RUN(expand);
	RUN(store_address);
	RUN(theme_file);
	RUN(theme_file_beside_binary);
	return harness_done();
}
