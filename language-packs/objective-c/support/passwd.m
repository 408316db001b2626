/*
 * Linked into every Objective-C program of the Sentinel pack (see ../README.md). GNUstep Base asks
 * the user database for the running user (NSUserName(), behind NSLog, NSFileHandle, the defaults
 * and the uncaught-exception handler) and raises "Unable to determine current user name" when it
 * has no entry. A sandbox has no /etc/passwd, and its uid is in no host database either. These
 * definitions, exported from the executable (-rdynamic), take the C library's place: they ask it
 * first, and only for the running uid (or the name "sandbox") that it does not know answer with a
 * user "sandbox" whose home is /tmp.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pwd.h>
#include <string.h>
#include <unistd.h>

static const char NAME[] = "sandbox";

/* The entry of the running user: no password, home in the private /tmp. */
static int fake(uid_t uid, struct passwd *pw, char *buf, size_t len, struct passwd **result) {
  static const char empty[] = "", home[] = "/tmp", shell[] = "/bin/sh";
  (void)buf; (void)len;
  pw->pw_name = (char *)NAME; pw->pw_passwd = (char *)empty; pw->pw_uid = uid; pw->pw_gid = getgid();
  pw->pw_gecos = (char *)empty; pw->pw_dir = (char *)home; pw->pw_shell = (char *)shell;
  *result = pw;
  return 0;
}

/* Each asks the C library first (its symbol after ours) and fills in only what it cannot. */
int getpwuid_r(uid_t uid, struct passwd *pw, char *buf, size_t len, struct passwd **result) {
  int (*real)(uid_t, struct passwd *, char *, size_t, struct passwd **) = dlsym(RTLD_NEXT, "getpwuid_r");
  int rc = real(uid, pw, buf, len, result);
  if ((rc != 0 || *result == NULL) && uid == geteuid()) return fake(uid, pw, buf, len, result);
  return rc;
}

int getpwnam_r(const char *name, struct passwd *pw, char *buf, size_t len, struct passwd **result) {
  int (*real)(const char *, struct passwd *, char *, size_t, struct passwd **) = dlsym(RTLD_NEXT, "getpwnam_r");
  int rc = real(name, pw, buf, len, result);
  if ((rc != 0 || *result == NULL) && strcmp(name, NAME) == 0) return fake(geteuid(), pw, buf, len, result);
  return rc;
}

struct passwd *getpwuid(uid_t uid) {
  static struct passwd pw; static char buf[1024]; struct passwd *r = NULL;
  return getpwuid_r(uid, &pw, buf, sizeof buf, &r) == 0 ? r : NULL;
}

struct passwd *getpwnam(const char *name) {
  static struct passwd pw; static char buf[1024]; struct passwd *r = NULL;
  return getpwnam_r(name, &pw, buf, sizeof buf, &r) == 0 ? r : NULL;
}
