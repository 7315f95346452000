// Thin shim over ncursesw: wide-character API, macros and C globals Swift cannot import directly.
#ifndef RECALL_CNCURSESW_SHIM_H
#define RECALL_CNCURSESW_SHIM_H
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#endif
