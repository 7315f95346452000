// The one place Recall forks: only async-signal-safe calls run between fork and exec.
#define _GNU_SOURCE
#include "cspawn.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static void set_limit(int resource, unsigned long long value) {
    struct rlimit rl;
    rl.rlim_cur = (rlim_t)value;
    rl.rlim_max = (rlim_t)value;
    setrlimit(resource, &rl);
}

static void child_fail(int fd, int err) {
    ssize_t ignored = write(fd, &err, sizeof err);
    (void)ignored;
    _exit(127);
}

int recall_spawn(const char *path, char *const argv[], char *const envp[], const char *cwd,
                 const recall_spawn_limits *limits, int out_fd, int err_fd, pid_t *pid_out) {
    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0) return errno;
    pid_t pid = fork();
    if (pid < 0) {
        int err = errno;
        close(report[0]); close(report[1]);
        return err;
    }
    if (pid == 0) {
        // Child: a new process group, so a cancel or timeout kills everything it starts.
        setpgid(0, 0);
        // Signals the parent ignores or blocks stay ignored across exec: give the child the defaults back.
        sigset_t none; sigemptyset(&none); sigprocmask(SIG_SETMASK, &none, NULL);
        for (int s = 1; s < 32; s++) { if (s != SIGKILL && s != SIGSTOP) signal(s, SIG_DFL); }
        int devnull = open("/dev/null", O_RDONLY);
        if (devnull < 0) child_fail(report[1], errno);
        if (dup2(devnull, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(err_fd, 2) < 0) child_fail(report[1], errno);
        // Close every other descriptor (the parent's database, sockets, pipes) except the report pipe.
        for (int fd = 3; fd < 1024; fd++) { if (fd != report[1]) close(fd); }
        set_limit(RLIMIT_CORE, 0);
        if (limits) {
            if (limits->address_space_bytes) set_limit(RLIMIT_AS, limits->address_space_bytes);
            if (limits->cpu_seconds) {
                // The soft limit sends SIGXCPU; one second later the hard limit sends SIGKILL.
                struct rlimit rl;
                rl.rlim_cur = (rlim_t)limits->cpu_seconds;
                rl.rlim_max = (rlim_t)limits->cpu_seconds + 1;
                setrlimit(RLIMIT_CPU, &rl);
            }
            if (limits->file_size_bytes) set_limit(RLIMIT_FSIZE, limits->file_size_bytes);
        }
        if (cwd && chdir(cwd) != 0) child_fail(report[1], errno);
        execve(path, argv, envp);
        child_fail(report[1], errno);
    }
    // Parent: also set the group here, so a kill right after we return cannot miss it.
    setpgid(pid, pid);
    close(report[1]);
    int child_err = 0;
    ssize_t n;
    do { n = read(report[0], &child_err, sizeof child_err); } while (n < 0 && errno == EINTR);
    close(report[0]);
    if (n == (ssize_t)sizeof child_err) {
        int status;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
        return child_err;
    }
    *pid_out = pid;
    return 0;
}

int recall_pipe_cloexec(int fds[2]) {
    return pipe2(fds, O_CLOEXEC) == 0 ? 0 : errno;
}
