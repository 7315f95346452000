// Thin shim over ncursesw: wide-character API, macros and C globals Swift cannot import directly.
#ifndef RECALL_CNCURSESW_SHIM_H
#define RECALL_CNCURSESW_SHIM_H
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <signal.h>
#include <poll.h>
#include <unistd.h>
#include <stdio.h>
#include <langinfo.h>
#include <fcntl.h>

// Glibc's Swift module does not declare wcwidth.
int wcwidth(wchar_t c);

/// The standard screen (a C global Swift 6 rejects as not concurrency-safe).
static inline WINDOW *recall_stdscr(void) { return stdscr; }
/// Number of colours the terminal supports (after start_color).
static inline int recall_colors(void) { return COLORS; }
/// Number of colour pairs available (after start_color).
static inline int recall_color_pairs(void) { return COLOR_PAIRS; }
/// Screen rows.
static inline int recall_lines(void) { return LINES; }
/// Screen columns.
static inline int recall_cols(void) { return COLS; }
/// getmaxyx as a function.
static inline void recall_getmaxyx(WINDOW *w, int *y, int *x) { int yy, xx; getmaxyx(w, yy, xx); *y = yy; *x = xx; }

static inline attr_t recall_a_normal(void) { return A_NORMAL; }
static inline attr_t recall_a_bold(void) { return A_BOLD; }
static inline attr_t recall_a_dim(void) { return A_DIM; }
static inline attr_t recall_a_underline(void) { return A_UNDERLINE; }
static inline attr_t recall_a_reverse(void) { return A_REVERSE; }
static inline attr_t recall_a_italic(void) { return A_ITALIC; }

/// Writes one cell (a base character plus up to 4 combining marks) at y, x with attributes and a colour pair.
/// If ncurses rejects the cluster (e.g. an emoji ZWJ sequence whose later scalars are spacing), only the base
/// character is drawn; if that fails too, a '?'.
static inline int recall_put_cell(int y, int x, const wchar_t *wch, attr_t attrs, int pair) {
    cchar_t c;
    if (setcchar(&c, wch, attrs, (short)0, &pair) != OK) {
        wchar_t base[2] = { wch[0], 0 };
        if (setcchar(&c, base, attrs, (short)0, &pair) != OK) {
            wchar_t q[2] = { L'?', 0 };
            setcchar(&c, q, attrs, (short)0, &pair);
        }
    }
    return mvwadd_wch(stdscr, y, x, &c);
}

/// The C stdio streams (globals Swift 6 rejects).
static inline FILE *recall_stdout(void) { return stdout; }
static inline FILE *recall_stdin(void) { return stdin; }
/// nl_langinfo(CODESET) without the enum conversion.
static inline const char *recall_codeset(void) { return nl_langinfo(CODESET); }

/// Whether a wide character is spacing (wcwidth > 0).
static inline int recall_wcwidth(wchar_t c) { return wcwidth(c); }

/// The process's errno (Swift can read it, but this keeps the Terminal code free of Glibc details).
static inline void recall_restore_tty(int fd, const struct termios *t) { tcsetattr(fd, TCSANOW, t); }

/// Terminal size from the tty (for SIGWINCH handling without getch).
static inline int recall_tty_size(int fd, int *rows, int *cols) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) != 0) return -1;
    *rows = ws.ws_row; *cols = ws.ws_col;
    return 0;
}

/// Creates a non-blocking, close-on-exec eventfd.
static inline int recall_eventfd(void) { return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC); }

// Glibc's Swift module does not declare the pseudo-terminal calls.
int posix_openpt(int flags);
int grantpt(int fd);
int unlockpt(int fd);
int ptsname_r(int fd, char *buf, size_t len);

/// Opens a new pseudo-terminal of `rows`×`cols` (`recall bench startup` runs the app on one): returns the master
/// (close-on-exec) and writes the slave's path into `name`, or -1.
static inline int recall_open_pty(int rows, int cols, char *name, size_t len) {
    int fd = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) return -1;
    struct winsize ws = { .ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols };
    if (grantpt(fd) != 0 || unlockpt(fd) != 0 || ptsname_r(fd, name, len) != 0 || ioctl(fd, TIOCSWINSZ, &ws) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}
#endif
