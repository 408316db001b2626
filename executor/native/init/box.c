/*
 * The working directory (/box, a size-capped tmpfs of the sandbox's own) before and after the
 * program: filled from the job's files (copied for a compile, linked read-only for a test run),
 * and, after a compile, sent to the executor as records on the report descriptor. Nothing here
 * follows a link: what the program left is read with O_NOFOLLOW and *at() calls from descriptors.
 */
#include "init.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_DEPTH 32
#define MAX_PATH 4096

/* What failed while the job's files were put in place: our own fault, never the program's. */
static void cannot(const char *what, const char *name) {
  char detail[MAX_PATH + 64];
  snprintf(detail, sizeof detail, "%s: %s", name, strerror(errno));
  die(what, detail);
}

static int copy_file(int from_dir, int to_dir, const char *name, mode_t mode) {
  int in = openat(from_dir, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (in < 0) return -1;
  int out = openat(to_dir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode & 0755);
  if (out < 0) return close(in), -1;
  char buffer[65536];
  ssize_t got;
  int result = 0;
  while ((got = read(in, buffer, sizeof buffer)) != 0) {
    if (got < 0 && errno == EINTR) continue;
    if (got < 0 || write_all(out, buffer, (size_t)got) != 0) {
      result = -1;
      break;
    }
  }
  close(in);
  if (close(out) != 0) result = -1;
  return result;
}

/* Regular files and folders of from_dir into to_dir, recursively. */
static void copy_dir(int from_dir, int to_dir, int depth) {
  if (depth > MAX_DEPTH) die("the job's files nest too deep", NULL);
  DIR *listing = fdopendir(dup(from_dir));
  if (!listing) cannot("cannot list", "the job's files");
  struct dirent *entry;
  while ((entry = readdir(listing)) != NULL) {
    const char *name = entry->d_name;
    if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) continue;
    struct stat info;
    if (fstatat(from_dir, name, &info, AT_SYMLINK_NOFOLLOW) != 0) cannot("cannot stat", name);
    if (S_ISREG(info.st_mode) && copy_file(from_dir, to_dir, name, info.st_mode) != 0) cannot("cannot copy", name);
    if (!S_ISDIR(info.st_mode)) continue;
    if (mkdirat(to_dir, name, 0755) != 0) cannot("cannot make", name);
    int from = openat(from_dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    int to = openat(to_dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (from < 0 || to < 0) cannot("cannot open", name);
    copy_dir(from, to, depth + 1);
    close(from);
    close(to);
  }
  closedir(listing);
}

const char *copy_tree(const char *from) {
  int from_dir = open(from, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int to_dir = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (from_dir < 0 || to_dir < 0) cannot("cannot open", "the job's files");
  copy_dir(from_dir, to_dir, 0);
  close(from_dir);
  close(to_dir);
  return "copied";
}

const char *link_entries(const char *from) {
  DIR *listing = opendir(from);
  if (!listing) cannot("cannot open", from);
  struct dirent *entry;
  char target[MAX_PATH];
  while ((entry = readdir(listing)) != NULL) {
    if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0) continue;
    if ((size_t)snprintf(target, sizeof target, "%s/%s", from, entry->d_name) >= sizeof target) die("a job file's name is too long", entry->d_name);
    if (symlink(target, entry->d_name) != 0) cannot("cannot link into the working directory", entry->d_name);
  }
  closedir(listing);
  return "linked";
}

struct collect {
  int out;
  unsigned long long bytes, max_bytes;
  unsigned long entries, max_entries;
  const char *stopped;
};

/* Sends dir's files (relative path `prefix`) as records; stops at the first bound passed. */
static void collect_dir(struct collect *state, int dir, char *prefix, size_t prefix_length, int depth) {
  if (depth > MAX_DEPTH) return (void)(state->stopped = "depth");
  DIR *listing = fdopendir(dup(dir));
  if (!listing) return;
  struct dirent *entry;
  while (!state->stopped && (entry = readdir(listing)) != NULL) {
    const char *name = entry->d_name;
    if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) continue;
    size_t length = prefix_length + (prefix_length ? 1 : 0) + strlen(name);
    if (length >= MAX_PATH) continue; /* no file system the executor writes to takes such a name */
    snprintf(prefix + prefix_length, MAX_PATH - prefix_length, "%s%s", prefix_length ? "/" : "", name);
    struct stat info;
    if (fstatat(dir, name, &info, AT_SYMLINK_NOFOLLOW) != 0) continue;
    if (!S_ISREG(info.st_mode) && !S_ISDIR(info.st_mode)) continue; /* links, pipes, sockets: left */
    if (++state->entries > state->max_entries) return (void)(state->stopped = "entries");
    if (S_ISDIR(info.st_mode)) {
      int sub = openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (sub < 0) continue;
      report_dir(state->out, prefix, info.st_mode & 0755);
      collect_dir(state, sub, prefix, length, depth + 1);
      close(sub);
    } else {
      int in = openat(dir, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
      if (in < 0) continue; /* made unreadable by the program: left */
      if ((state->bytes += (unsigned long long)info.st_size) > state->max_bytes) {
        close(in);
        return (void)(state->stopped = "bytes");
      }
      report_file(state->out, prefix, info.st_mode & 0755, (uint64_t)info.st_size);
      char buffer[65536];
      for (uint64_t left = (uint64_t)info.st_size; left > 0;) {
        ssize_t got = read(in, buffer, left < sizeof buffer ? (size_t)left : sizeof buffer);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) memset(buffer, 0, sizeof buffer), got = (ssize_t)(left < sizeof buffer ? left : sizeof buffer);
        if (write_all(state->out, buffer, (size_t)got) != 0) die("the executor stopped reading the files", NULL);
        left -= (uint64_t)got;
      }
      close(in);
    }
    prefix[prefix_length] = '\0';
  }
  closedir(listing);
}

const char *collect_tree(int out, unsigned long long max_bytes, unsigned long max_entries) {
  char path[MAX_PATH] = "";
  struct collect state = {.out = out, .max_bytes = max_bytes, .max_entries = max_entries};
  int here = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (here < 0) cannot("cannot open", "the working directory");
  collect_dir(&state, here, path, 0, 0);
  close(here);
  if (!state.stopped) return "collected";
  return strcmp(state.stopped, "bytes") == 0 ? "too-large" : strcmp(state.stopped, "entries") == 0 ? "too-many-entries" : "too-deep";
}
