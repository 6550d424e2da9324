"""Reads a captured screen; fails when rows with a column rule (│) have it at
different cells, or when a row is wider than the screen. Cells are counted with
libc's wcwidth, as tmux and ncurses count them."""
import ctypes, locale, sys

locale.setlocale(locale.LC_ALL, "C.UTF-8")
libc = ctypes.CDLL("libc.so.6")
libc.wcwidth.restype = ctypes.c_int
width = int(sys.argv[1]) if len(sys.argv) > 1 else 0
rows = sys.stdin.read().split("\n")
ref, bad = None, 0
for i, line in enumerate(rows):
    x, pos = 0, []
    for ch in line:
        if ch == "\u2502":
            pos.append(x)
        x += max(libc.wcwidth(ctypes.c_wchar(ch)), 0)
    if width and x > width:
        print(f"    row {i}: {x} cells > {width}")
        bad += 1
    if not pos:
        continue
    if ref is None:
        ref = pos
    elif pos != ref:
        print(f"    row {i}: rules at {pos}, row 0 has {ref}: {line[:70]!r}")
        bad += 1
sys.exit(1 if bad or ref is None else 0)
