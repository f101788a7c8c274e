#ifndef CNCURSES_H
#define CNCURSES_H
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <locale.h>
#include <wchar.h>
#include <stdio.h>
#include <ncurses.h>

/* Attribute macros that Swift cannot import. */
static inline attr_t cn_A_NORMAL(void) { return (attr_t)A_NORMAL; }
static inline attr_t cn_A_BOLD(void) { return (attr_t)A_BOLD; }
static inline attr_t cn_A_DIM(void) { return (attr_t)A_DIM; }
static inline attr_t cn_A_REVERSE(void) { return (attr_t)A_REVERSE; }
static inline attr_t cn_A_UNDERLINE(void) { return (attr_t)A_UNDERLINE; }

/* Function-like macros. */
static inline void cn_getmaxyx(WINDOW *w, int *y, int *x) { getmaxyx(w, *y, *x); }
static inline int cn_KEY_F(int n) { return KEY_F(n); }

/* Accessors for globals (Swift 6 rejects direct references to C mutable globals). */
static inline WINDOW *cn_stdscr(void) { return stdscr; }
static inline int cn_COLORS(void) { return COLORS; }
static inline int cn_COLOR_PAIRS(void) { return COLOR_PAIRS; }

/* newterm on the process's stdout/stdin: returns NULL (instead of exiting) for an unknown TERM. */
static inline SCREEN *cn_newterm_stdio(const char *type) { return newterm(type, stdout, stdin); }

/* Writes raw bytes to the terminal after ncurses has flushed its own output. */
static inline void cn_write_raw(const char *s) { fflush(stdout); fputs(s, stdout); fflush(stdout); }

/* One cell: a wide-character string (NUL-terminated, at most CCHARW_MAX chars) with attributes. */
static inline int cn_put_cell(WINDOW *w, int y, int x, const wchar_t *wch, attr_t attrs, short pair) {
    cchar_t cc;
    if (setcchar(&cc, wch, attrs, pair, NULL) != OK) return ERR;
    return mvwadd_wch(w, y, x, &cc);
}
static inline int cn_ccharw_max(void) { return CCHARW_MAX; }
#endif
