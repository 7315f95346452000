#ifndef RECALL_CSPAWN_H
#define RECALL_CSPAWN_H

#include <sys/types.h>

/// Resource limits applied in the child between fork and exec (0 = leave the inherited limit).
typedef struct recall_spawn_limits {
    unsigned long long address_space_bytes;
    unsigned long long cpu_seconds;
    /// Largest file the child may write, in bytes (0 = inherited).
    unsigned long long file_size_bytes;
} recall_spawn_limits;

/// Starts `path` with `argv`/`envp` in `cwd` as the leader of a new process group: stdin from /dev/null,
/// stdout/stderr on `out_fd`/`err_fd`, every other descriptor closed, core dumps off, `limits` applied.
/// Returns 0 and the child's pid in `pid_out`, or an errno value (fork failed, or the child could not
/// chdir/exec: that errno is passed back through a close-on-exec pipe, so a missing program is an error here,
/// not an exit status 127 later).
int recall_spawn(const char *path, char *const argv[], char *const envp[], const char *cwd,
                 const recall_spawn_limits *limits, int out_fd, int err_fd, pid_t *pid_out);

/// A pipe whose two ends are close-on-exec (Glibc's pipe2 needs _GNU_SOURCE, which Swift does not set).
/// Returns 0 or an errno value.
int recall_pipe_cloexec(int fds[2]);

#endif
