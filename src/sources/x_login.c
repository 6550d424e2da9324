/* x_login.c — `starling login x API_URL`: OAuth 2.0 with PKCE (S256) for
 * a public client: the user opens the authorize address, X sends the
 * browser to the app's redirect address with ?code=…, and the user pastes
 * that address (or the code) back, which works over ssh. Then the code is
 * exchanged, and later the refresh token is, at the same token endpoint. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "starling/http.h"
#include "starling/log.h"
#include "starling/ratelimit.h"
#include "starling/secret.h"
#include "starling/x.h"
#include "starling/x_parse.h"
#include "starling/xmalloc.h"

/* What the app registered with X must list as its callback. */
#define X_REDIRECT	"http://127.0.0.1/starling"

static void
x_base64url(const unsigned char *in, size_t len, char *out)
{
	static const char	 abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				    "abcdefghijklmnopqrstuvwxyz0123456789-_";
	size_t			 i, o = 0;
	unsigned		 v;

	for (i = 0; i + 2 < len; i += 3) {
		v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8 | in[i + 2];
		out[o++] = abc[(v >> 18) & 63];
		out[o++] = abc[(v >> 12) & 63];
		out[o++] = abc[(v >> 6) & 63];
		out[o++] = abc[v & 63];
	}
	if (len - i == 1) {
		v = (unsigned)in[i] << 16;
		out[o++] = abc[(v >> 18) & 63];
		out[o++] = abc[(v >> 12) & 63];
	} else if (len - i == 2) {
		v = (unsigned)in[i] << 16 | (unsigned)in[i + 1] << 8;
		out[o++] = abc[(v >> 18) & 63];
		out[o++] = abc[(v >> 12) & 63];
		out[o++] = abc[(v >> 6) & 63];
	}
	out[o] = '\0';
}

/* The API's address without a trailing '/' (https:// when none given). */
static char *
x_base(const char *api)
{
	size_t	len = strlen(api);
	char	*bare, *base;

	while (len > 0 && api[len - 1] == '/')
		len--;
	if (strncmp(api, "https://", 8) == 0 || strncmp(api, "http://", 7) == 0)
		return xstrndup(api, len);
	bare = xstrndup(api, len);
	xasprintf(&base, "https://%s", bare);
	free(bare);
	return base;
}

/* POSTs form to the token endpoint; 0 with the tokens, or -1 with err. */
static int
x_token_post(struct http_client *http, const char *base, const char *form,
    char **access, char **refresh, time_t *expires, long *status, char *err,
    size_t errlen)
{
	struct http_request	 req = { 0 };
	struct http_response	 r = { 0 };
	char			*url, *msg, perr[200];
	long			 in;
	int			 rc = -1;

	*access = *refresh = NULL;
	*expires = 0;
	xasprintf(&url, "%s/2/oauth2/token", base);
	req.method = "POST";
	req.url = url;
	req.body = form;
	req.body_len = strlen(form);
	req.content_type = "application/x-www-form-urlencoded";
	req.interactive = true;
	if (http_do(http, &req, &r) != 0 || r.status != 200) {
		msg = r.body && r.len ? x_parse_error(r.body, r.len) : NULL;
		if (r.status == 0)
			snprintf(err, errlen, "%s", r.error);
		else
			snprintf(err, errlen, "HTTP %ld%s%s", r.status,
			    msg ? ": " : "", msg ? msg : "");
		free(msg);
	} else if (x_parse_token(r.body, r.len, access, refresh, &in, perr,
	    sizeof perr) != 0)
		snprintf(err, errlen, "%s", perr);
	else {
		*expires = in > 0 ? time(NULL) + in : 0;
		rc = 0;
	}
	*status = r.status;
	if (r.body != NULL)
		memset(r.body, 0, r.len);
	http_response_free(&r);
	free(url);
	return rc;
}

int
x_token_refresh(struct http_client *http, const char *api,
    const char *client_id, const char *refresh, char **access,
    char **new_refresh, time_t *expires, long *status, char *err,
    size_t errlen)
{
	char	*base = x_base(api), *rt = http_escape(refresh);
	char	*cid = http_escape(client_id), *form;
	int	 rc;

	xasprintf(&form, "grant_type=refresh_token&refresh_token=%s&"
	    "client_id=%s", rt, cid);
	rc = x_token_post(http, base, form, access, new_refresh, expires,
	    status, err, errlen);
	memset(form, 0, strlen(form));
	memset(rt, 0, strlen(rt));
	free(form);
	free(rt);
	free(cid);
	free(base);
	return rc;
}

/* The code in what the user pasted: the address the browser landed on
 * (…?code=C&state=S, whose state must be ours), or the code alone. */
static int
x_login_code(char *line, const char *state, char **code)
{
	char	*q = strchr(line, '?'), *p, *save, *c = NULL, *s = NULL;

	if (q == NULL) {
		*code = xstrdup(line);
		return *line ? 0 : -1;
	}
	for (p = strtok_r(q + 1, "&#", &save); p != NULL;
	    p = strtok_r(NULL, "&#", &save)) {
		if (strncmp(p, "code=", 5) == 0)
			c = p + 5;
		else if (strncmp(p, "state=", 6) == 0)
			s = p + 6;
	}
	if (c == NULL || *c == '\0' || (s != NULL && strcmp(s, state) != 0))
		return -1;
	*code = xstrdup(c);
	return 0;
}

int
x_login(const char *api, const char *token_path, bool print)
{
	struct ratelimit	*rl = ratelimit_new();
	struct http_client	*http = http_client_new(rl, NULL, NULL);
	unsigned char		 raw[32], digest[EVP_MAX_MD_SIZE];
	unsigned		 dlen = 0;
	char			 verifier[64], challenge[64], state[32];
	char			 client[256], line[2048], err[300];
	char			*base = x_base(api), *auth, *form, *code = NULL;
	char			*cid, *esc_code, *esc_redirect, *esc_scopes;
	char			*access = NULL, *refresh = NULL, *tokens;
	FILE			*talk = print ? stderr : stdout;
	time_t			 expires;
	long			 status;
	int			 rc = 1;

	/* X's own API signs in at x.com; any other (a test's) at itself. */
	if (strcmp(base, X_API_URL) == 0)
		auth = xstrdup("https://x.com/i/oauth2/authorize");
	else
		xasprintf(&auth, "%s/i/oauth2/authorize", base);
	fprintf(talk, "The client id of your X app (its callback must be %s): ",
	    X_REDIRECT);
	fflush(NULL);
	if (fgets(client, sizeof client, stdin) == NULL ||
	    (client[strcspn(client, "\r\n")] = '\0', *client == '\0')) {
		fprintf(stderr, "\nstarling: no client id given\n");
		goto out;
	}
	if (RAND_bytes(raw, sizeof raw) != 1)
		goto nornd;
	x_base64url(raw, sizeof raw, verifier);
	if (EVP_Digest(verifier, strlen(verifier), digest, &dlen, EVP_sha256(),
	    NULL) != 1 || RAND_bytes(raw, 16) != 1)
		goto nornd;
	x_base64url(digest, dlen, challenge);
	x_base64url(raw, 16, state);
	cid = http_escape(client);
	esc_redirect = http_escape(X_REDIRECT);
	esc_scopes = http_escape(X_SCOPES);
	fprintf(talk, "Open this address in a browser, sign in and authorize "
	    "starling:\n\n  %s?response_type=code&client_id=%s&redirect_uri=%s"
	    "&scope=%s&state=%s&code_challenge=%s&code_challenge_method=S256"
	    "\n\nThen paste the address the browser was sent to (or its "
	    "code): ", auth, cid, esc_redirect, esc_scopes, state, challenge);
	fflush(NULL);
	free(esc_scopes);
	if (fgets(line, sizeof line, stdin) == NULL ||
	    (line[strcspn(line, "\r\n")] = '\0',
	    x_login_code(line, state, &code) != 0)) {
		fprintf(stderr, "\nstarling: no code given (or not for this "
		    "sign-in)\n");
		free(cid);
		free(esc_redirect);
		goto out;
	}
	esc_code = http_escape(code);
	xasprintf(&form, "grant_type=authorization_code&code=%s&client_id=%s&"
	    "redirect_uri=%s&code_verifier=%s", esc_code, cid, esc_redirect,
	    verifier);
	free(esc_code);
	free(cid);
	free(esc_redirect);
	if (x_token_post(http, base, form, &access, &refresh, &expires,
	    &status, err, sizeof err) != 0) {
		log_stderr("exchanging the code: %s", err);
		free(form);
		goto out;
	}
	free(form);
	tokens = x_token_file_line(access, refresh, expires);
	if (print) {
		printf("%s\n", tokens);
		rc = 0;
	} else if (secret_write_file(token_path, tokens, err, sizeof err) != 0)
		log_stderr("%s", err);
	else {
		printf("Signed in. The tokens are in %s (mode 0600); give the "
		    "account client_id: %s so they can be refreshed.\n",
		    token_path, client);
		rc = 0;
	}
	memset(tokens, 0, strlen(tokens));
	free(tokens);
	goto out;
nornd:
	fprintf(stderr, "starling: no random bytes for PKCE\n");
out:
	if (access != NULL)
		memset(access, 0, strlen(access));
	if (refresh != NULL)
		memset(refresh, 0, strlen(refresh));
	free(access);
	free(refresh);
	free(code);
	free(auth);
	free(base);
	http_client_free(http);
	ratelimit_free(rl);
	return rc;
}
