"""Deadlines: read when a task falls due (thời gian thực hiện, thời hạn) into `Deadline`s.

This module owns the grammar of Vietnamese time expressions in policy documents and three verbs:

- `parse_deadline`: one table cell or one phrase ("Quý II/2022-2023", "Hàng năm;",
  "chậm nhất là tháng 3/2023", "20 ngày kể từ ngày nhận được") -> `Deadline`, or None when it
  holds no time at all.
- `deadline_from_columns`: the two columns "Bắt đầu" / "Hoàn thành" of a table -> one interval.
- `find_deadlines`: the deadline phrases in prose, with their character spans.

Every pattern is data (`Pattern`: a regex and examples it must match in full; the tests run each
one). Reading a phrase goes in three steps, the same for cells and prose:

1. *atoms*: calendar units as written (a day, month, quarter, half year, year, or a run of them:
   "tháng 2-6/2022", "Quý II/2022-2023", "2021-2025"); two atoms joined by "-" / "đến" are one range;
2. the *modifier* right before an atom says which bound it gives ("trước", "chậm nhất là", "đến",
   "từ", "trong"), and in prose whether the phrase is a deadline at all (see `find_deadlines`);
3. recurrence ("hằng năm", "Định kỳ 2 năm/lần"), relative ("… ngày kể từ …") and ongoing
   ("Thường xuyên") markers are read from the whole phrase.

Intervals are inclusive dates. Choices, each one made once here:

- "trước X" is strictly before X: "trước tháng 6/2023" ends 2023-05-31, "trước ngày 30/6/2023" ends
  2023-06-29. "chậm nhất là X", "đến (hết) X", "cuối X" end at the last day of X. All of these leave
  `start` None: the text states a limit, not when work begins.
- "cuối quý I/2022" -> start None, end 2022-03-31 (the same rule as "chậm nhất").
- A phrase without a year ("tháng 12", "trước ngày 05/11") takes `year` (the document's year). When
  the phrase recurs ("Cuối tháng 12 hàng năm"), or `year` is not given, it keeps the day it names as
  `anchor` ("--12", "--11-05") and start/end stay None: a yearly report runs for as long as the plan
  does, so the document's year is no bound on it. The anchor is the day as written ("trước ngày
  05/11" -> "--11-05"); only start/end apply the strictly-before rule.
- Several unrelated times in one cell give their hull (earliest start, latest end; an open bound
  stays open).
- A relative deadline keeps `relative=True` and start/end None, even when the event it counts from
  has a date: the model has no field for the duration (see the note in `_read`).
- A day past the end of its month ("ngày 31/6/2023") is read as the month's last day.
- Years are 1900-2199; other four-digit numbers are not years.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from loaders.models import Deadline

__all__ = ["parse_deadline", "deadline_from_columns", "find_deadlines", "PATTERNS", "Pattern", "FLAGS"]

# Case-insensitive throughout ("QUÝ", "quý"); `str` patterns are Unicode-aware, so \w and \s know
# Vietnamese letters and non-breaking spaces.
FLAGS = re.IGNORECASE


@dataclass(frozen=True)
class Pattern:
    """A regex kept as data, with examples it must match in full."""

    name: str
    regex: str
    examples: tuple[str, ...]


# --- Fragments -------------------------------------------------------------------------------------
# "đ" is also typed as the Icelandic eth "ð" (U+00F0, upper case "Ð") by old font converters;
# "kỳ"/"kì" and "quý"/"quí"/"qúy" are spelling and old-tone-placement variants seen in real text.

YEAR = Pattern(
    "year",
    # Not part of a longer number ("1.2023,5"), and not the year inside a document symbol:
    # in "11/2020/NĐ-CP" the year is followed by "/" and letters.
    r"(?<!\d)(?:19|20|21)\d\d(?!\d)(?![.,]\d)(?!\s*/\s*[^\W\d_])",
    ("2023", "1999", "2199"),
)
MONTH = Pattern("month", r"(?:0?[1-9]|1[0-2])(?!\d)", ("1", "01", "12"))
DAY = Pattern("day", r"(?:0?[1-9]|[12]\d|3[01])(?!\d)", ("5", "05", "30", "31"))
QUARTER_NUMBER = Pattern("quarter-number", r"(?:IV|III|II|I|[1-4])(?!\w)", ("I", "iv", "III", "4"))
QUARTER_WORD = Pattern(
    "quarter-word", r"(?<!\w)(?:qu[ýíyi]|q[úù][yi]|q\.?)", ("Quý", "QUÝ", "quí", "Qúy", "Q", "Q.")
)
# Possessive "*+" wherever two runs of blanks could meet: no backtracking, so each pattern scans a
# run of blanks once (find_deadlines stays linear on any input).
DASH = Pattern("dash", r"\s*+[-‐‑‒–—―]\s*+", ("-", " – ", "—", " - "))
SLASH = Pattern("slash", r"\s*+/\s*+", ("/", " / "))
# What may stand between a month or quarter and its year: "/2023", " năm 2022", ", năm 2022", "-2022".
YEAR_AFTER = Pattern(
    "year-after",
    r"(?:\s*+(?:/|[-‐‑‒–—―]|,?\s*+năm)\s*+|\.|\s++)",
    ("/", " / ", " năm ", ", năm ", " - ", ".", " "),
)
GIAI_DOAN = r"giai\s+(?:[đð]o[ạa]n|[đð][ọo]an)"  # "giai đoạn", old placement "giai đọan"

Y, M, D, Q = YEAR.regex, MONTH.regex, DAY.regex, QUARTER_NUMBER.regex
DASH_, SLASH_, YEAR_AFTER_ = DASH.regex, SLASH.regex, YEAR_AFTER.regex

# --- Atoms: calendar units as written, one alternative each ----------------------------------------
# "T6/2023" abbreviates "tháng 6/2023"; a lone "T" takes a month only when a year follows.
# Order matters only between alternatives that can start at the same character: longer forms first.
ATOMS: tuple[Pattern, ...] = (
    Pattern(
        "half",
        rf"(?<!\w)6\s*+tháng\s*+(?P<h_part>[đð]ầu|cuối)\s*+(?:năm\s*+)?(?P<h_y>{Y})",
        ("6 tháng đầu năm 2023", "6 tháng cuối năm 2022"),
    ),
    Pattern(
        # "Quý II/2022-2023": quarter II of each year of the range (see `_unit_pair`).
        "quarter",
        rf"{QUARTER_WORD.regex}\s*(?P<q_q1>{Q})(?:{DASH_}(?P<q_q2>{Q}))?"
        rf"(?:{YEAR_AFTER_}(?P<q_y1>{Y})(?:{DASH_}(?P<q_y2>{Y}))?)?",
        (
            "Quý I/2023", "Quý II/2022-2023", "quý IV năm 2022", "Q1/2023", "Quý 1/2023",
            "QUÝ III/2022", "Quí II/2022", "Quý III-IV/2022", "Quý IV", "Quý I / 2023",
        ),
    ),
    Pattern(
        "date-long",
        rf"(?<!\w)ngày\s*+(?P<dl_d>{D})\s*+tháng\s*+(?P<dl_m>{M})(?:\s*+,?\s*+năm\s*+(?P<dl_y>{Y}))?",
        ("ngày 18 tháng 8 năm 2021", "ngày 15 tháng 3"),
    ),
    Pattern(
        # A trailing separator and digit means a garbled date ("ngày 05/11/20"): no match at all.
        "date",
        rf"(?<!\w)ngày\s*+(?P<d_d>{D})\s*+(?P<d_sep>[/.-])\s*+(?P<d_m>{M})"
        rf"(?:\s*+(?P=d_sep)\s*+(?P<d_y>{Y}))?(?!\s*+/\s*+\d|[.-]\d)",
        ("ngày 15/3/2023", "ngày 05/11", "ngày 30/6/2023", "ngày 15-3-2023", "ngày 05 / 11"),
    ),
    Pattern(
        "month",
        rf"(?<!\w)(?:tháng|t(?=\d\d?\s*/\s*\d{{4}}))\s*+(?P<m_m1>{M})(?:{DASH_}(?P<m_m2>{M}))?"
        rf"(?:{YEAR_AFTER_}(?P<m_y1>{Y})(?:{DASH_}(?P<m_y2>{Y}))?)?",
        ("tháng 11/2022", "tháng 12 năm 2022", "Tháng 3/2023", "tháng 2-6/2022", "tháng 12", "T6/2023",
         "tháng 11 - 2022"),
    ),
    Pattern(
        "years",
        rf"(?:(?<!\w)(?P<y_label>{GIAI_DOAN}|năm|niên\s+độ)\s*+)?(?<![\w/.,])(?P<y_y1>{Y}){DASH_}(?P<y_y2>{Y})",
        ("2021-2025", "2022 - 2025", "Giai đoạn 2023-2030", "giai đoạn 2021 – 2025", "năm 2022-2023",
         "GIAI ĐOẠN 2021—2025"),
    ),
    Pattern(
        "bare-date",
        rf"(?<![\w/.,])(?P<bd_d>{D}){SLASH_}(?P<bd_m>{M}){SLASH_}(?P<bd_y>{Y})",
        ("15/3/2023", "30/06/2023"),
    ),
    Pattern(
        "bare-month",  # the "Bắt đầu" / "Hoàn thành" columns
        rf"(?<![\w/.,])(?P<bm_m>{M}){SLASH_}(?P<bm_y1>{Y})(?:{DASH_}(?P<bm_y2>{Y}))?",
        ("2/2022", "01/2022", "12 / 2024"),
    ),
    Pattern(
        # "15/12" alone could be a fraction: it counts only right after a modifier ("trước 15/12").
        "bare-day-month",
        rf"(?<![\w/.,])(?P<dm_d>{D}){SLASH_}(?P<dm_m>{M})(?![\w/]|[.,]\d)",
        ("05/11", "15/12"),
    ),
    Pattern(
        "year",
        rf"(?:(?<!\w)năm\s*+)?(?<![\w/.,])(?P<y1_y>{Y})",
        ("2021", "năm 2023", "Năm 2025"),
    ),
)

# --- Modifiers: the words right before an atom -----------------------------------------------------
# `kind` is the bound the atom gives; `prose` whether, in running text, it makes the atom a deadline
# by itself: "strict" always, "within" unless the atom is a period ("trong giai đoạn 2021-2025"),
# "end" for a day/month/quarter but not a year ("đến cuối năm 2025" is a target), "verb" only after
# a completion verb ("hoàn thành đến năm 2025", not "phấn đấu đến năm 2025").


@dataclass(frozen=True)
class Modifier:
    pattern: Pattern
    kind: str  # "within" | "by" | "before" | "from" | "after"
    prose: str  # "strict" | "within" | "end" | "verb"


MODIFIERS: tuple[Modifier, ...] = (
    Modifier(Pattern("by", r"(?:chậm|muộn)\s+nhất(?:\s+(?:là|vào|trong))?|hạn\s+chót(?:\s+là)?",
                     ("chậm nhất là", "chậm nhất", "muộn nhất vào", "hạn chót là")), "by", "strict"),
    Modifier(Pattern("before", r"trước", ("trước", "Trước")), "before", "strict"),
    Modifier(Pattern("within", r"trong(?:\s+suốt)?|vào\s+trong", ("trong", "trong suốt")), "within", "within"),
    Modifier(Pattern("end-of", r"(?:vào\s+)?cuối", ("cuối", "vào cuối", "Cuối")), "by", "end"),
    Modifier(Pattern("until", r"(?:cho\s+)?(?:[đð]ến|tới)(?:\s+(?:hết|cuối))?",
                     ("đến", "đến hết", "cho đến", "tới", "Đến cuối")), "by", "verb"),
    Modifier(Pattern("at", r"vào", ("vào",)), "within", "verb"),
    Modifier(Pattern("from", r"(?:kể\s+)?từ|bắt\s+đầu(?:\s+từ)?", ("từ", "kể từ", "bắt đầu từ")), "from", "verb"),
    Modifier(Pattern("after", r"sau", ("sau",)), "after", "verb"),
)
MODIFIER_BY_NAME = {m.pattern.name: m for m in MODIFIERS}

# A completion verb, or a label such as "Thời hạn:" / "Tiến độ hoàn thành:", makes any time after
# it a deadline, periods included.
VERB = Pattern("verb", r"hoàn\s+thành|hoàn\s+tất|xong|kết\s+thúc",
               ("hoàn thành", "Hoàn tất", "xong", "kết thúc"))
LABEL = Pattern(
    "label",
    r"(?:thời\s+(?:gian|hạn)|tiến\s+độ)(?:\s+(?:thực\s+hiện|hoàn\s+thành))?\s*:|hạn\s+chót\s*:",
    ("Thời gian thực hiện:", "Thời hạn:", "Tiến độ hoàn thành:", "thời gian:"),
)

# The longest run of label/verb/modifier that ends exactly where an atom begins (searched between
# pos and endpos = the atom's start, so "\Z" is the atom's start).
PREFIX = Pattern(
    "prefix",
    r"(?<!\w)(?:(?P<label>" + LABEL.regex + r")\s*|(?P<verb>" + VERB.regex + r")\s*[:,]?\s*)?"
    r"(?:" + "|".join(f"(?P<mod_{m.pattern.name.replace('-', '_')}>{m.pattern.regex})" for m in MODIFIERS)
    + r")?\s*[:,(]?\s*\Z",
    ("hoàn thành trong ", "chậm nhất là ", "hoàn thành chậm nhất là ", "Thời hạn: ",
     "hoàn thành cuối ", "trước ", ""),
)

# The document date after a symbol ("Quyết định số 472/QĐ-UBND ngày 23/8/2022", "Kế hoạch số
# 209/KH-UBND tỉnh ngày …") or after "ban hành"/"ký" is when a document was signed, never a deadline.
# The symbol's issuer part is upper case, so that part is matched case-sensitively.
DOCUMENT_DATE_BEFORE = Pattern(
    "document-date-before",
    r"(?:(?-i:/\s*[A-ZĐ][\w&.-]*)|ban\s+hành|(?<!\w)ký|thông\s+qua)(?:\s+[^\s\d/]+){0,4}\s*,?\s*\Z",
    ("/QĐ-UBND ", "/KH-UBND tỉnh ", "/TU ", "ban hành ", "/UBND-KT, "),
)

# Between two atoms of one range: "2/2022 – 6/2022", "từ tháng 2 đến tháng 6/2022".
RANGE_JOIN = Pattern(
    "range-join",
    r"\s*+(?:[-‐‑‒–—―~]|(?:cho\s+)?(?:[đð]ến|tới)(?:\s+(?:hết|cuối))?)\s*+\Z",
    (" – ", "-", " đến ", " đến hết ", " cho đến "),
)

# --- Recurrence ------------------------------------------------------------------------------------
UNIT_ISO = {"năm": (1, "Y"), "quý": (3, "M"), "quí": (3, "M"), "tháng": (1, "M"), "tuần": (1, "W"),
            "ngày": (1, "D")}
RECURRENCE = Pattern(
    "recurrence",
    r"(?<!\w)(?:"
    r"(?:hàng|hằng|mỗi)\s+(?P<rc_every>năm|quý|quí|tháng|tuần|ngày)"  # hằng năm -> P1Y
    r"|(?P<rc_annual>thường\s+niên)"  # -> P1Y
    # "Định kỳ 6 tháng", "định kỳ 2 năm"; not a relative limit ("định kỳ 2 năm kể từ")
    r"|[đð]ịnh\s+k[ỳì]\s*+(?P<rc_p>\d{1,2})\s*+(?P<rc_p_unit>năm|quý|quí|tháng|tuần)"
    r"(?:\s*+(?:/\s*+|một\s+|1\s+)lần|(?!\s*+(?:kể|tính)\s+từ))"
    r"|(?P<rc_n>\d{1,2})\s*+(?P<rc_n_unit>năm|quý|quí|tháng|tuần)\s*+(?:/\s*+|một\s+|1\s+)lần"  # 2 năm/lần
    r"|(?P<rc_k>\d{1,2}|một)\s*+lần\s*+(?:/\s*+|mỗi\s+|một\s+|trong\s+(?:một\s+|1\s+)?)"  # 2 lần/năm
    r"(?P<rc_k_unit>năm|quý|quí|tháng)"
    r")(?!\w)",
    ("hàng năm", "Hằng năm", "hàng quý", "hàng tháng", "thường niên", "2 năm/lần", "02 năm một lần",
     "6 tháng/lần", "2 lần/năm", "1 lần mỗi quý", "Định kỳ 6 tháng", "định kì 2 năm", "Định kỳ 2 năm/lần"),
)
# "định kỳ" before a recurrence: in prose, only "định kỳ hằng năm" is a deadline, not "hằng năm".
PERIODIC_BEFORE = Pattern("periodic-before", r"(?<!\w)[đð]ịnh\s+k[ỳì]\s*,?\s*\Z", ("định kỳ ", "Định kì, "))
# An ongoing task ("Thường xuyên") or a periodic one with no period: a Deadline with no bounds.
ONGOING = Pattern("ongoing", r"(?<!\w)(?:thường\s+xuyên|liên\s+tục|[đð]ịnh\s+k[ỳì])(?!\w)",
                  ("Thường xuyên", "liên tục", "Định kỳ"))
# "Năm 2022 và các năm tiếp theo", "từ năm 2023 trở đi": no end.
OPEN_END = Pattern("open-end",
                   r"(?<!\w)(?:(?:và|,)\s*(?:các|những)\s+năm\s+(?:tiếp\s+theo|sau)|trở\s+đi)(?!\w)",
                   ("và các năm tiếp theo", "trở đi", ", những năm sau"))

# --- Relative --------------------------------------------------------------------------------------
RELATIVE = Pattern(
    "relative",
    r"(?<!\w)(?:(?P<r_lead>(?:trong\s+)?(?:thời\s+hạn|vòng)|tối\s+đa|không\s+quá|sau)\s+)?"
    r"(?P<r_n>\d{1,3})\s*+(?P<r_unit>ngày(?:\s+làm\s+việc)?|tuần|tháng|năm)(?!\s*+(?:[đð]ầu|cuối)\s)(?!\w)"
    r"(?:\s*+,?\s*+(?P<r_ref>(?:kể|tính)\s+từ|sau\s+khi|từ\s+khi)(?!\w))?",
    ("20 ngày kể từ", "trong thời hạn 20 ngày kể từ", "trong vòng 15 ngày làm việc", "tối đa 30 ngày",
     "3 tháng, kể từ"),
)
# The event a relative deadline counts from runs to the end of its clause (at most 160 characters).
CLAUSE_REST = Pattern("clause-rest", r"[^,.;!?\n]{0,160}", (" ngày nhận được dự thảo danh mục",))

PATTERNS: tuple[Pattern, ...] = (
    YEAR, MONTH, DAY, QUARTER_NUMBER, QUARTER_WORD, DASH, SLASH, YEAR_AFTER, *ATOMS,
    *(m.pattern for m in MODIFIERS), VERB, LABEL, PREFIX, DOCUMENT_DATE_BEFORE, RANGE_JOIN,
    RECURRENCE, PERIODIC_BEFORE, ONGOING, OPEN_END, RELATIVE, CLAUSE_REST,
)

# Every atom opens with a digit or with "quý"/"q", "tháng"/"t", "ngày", "năm", "niên", "giai đoạn":
# the lookahead lets the engine skip every other position at once (5x faster on prose).
_ATOM_RE = re.compile(
    r"(?=\d|q|tháng|t\d|ngày|năm|niên|giai)(?:" + "|".join(f"(?P<{p.name.replace('-', '_')}>{p.regex})" for p in ATOMS) + ")", FLAGS
)
_ATOM_NAMES = tuple(p.name.replace("-", "_") for p in ATOMS)
_PREFIX_RE = re.compile(PREFIX.regex, FLAGS)
_DOCUMENT_DATE_RE = re.compile(DOCUMENT_DATE_BEFORE.regex, FLAGS)
_RANGE_JOIN_RE = re.compile(RANGE_JOIN.regex, FLAGS)
# The lookaheads name what each pattern can open with, so the engine skips other positions at once.
_RECURRENCE_RE = re.compile(r"(?=h[àằ]ng|mỗi|thường|[đð]ịnh|\d)(?:" + RECURRENCE.regex + ")", FLAGS)
_PERIODIC_BEFORE_RE = re.compile(PERIODIC_BEFORE.regex, FLAGS)
_ONGOING_RE = re.compile(ONGOING.regex, FLAGS)
_OPEN_END_RE = re.compile(OPEN_END.regex, FLAGS)
_RELATIVE_RE = re.compile(r"(?=trong|thời|vòng|tối|không|sau|\d)(?:" + RELATIVE.regex + ")", FLAGS)
_CLAUSE_REST_RE = re.compile(CLAUSE_REST.regex, FLAGS)
# Every phrase holds a digit or one of these words; text without any has no deadline (most duty
# sentences: checking first spares them the full search).
_ANY_TIME = re.compile(r"\d|n[aă]m|th[aá]ng|qu[ýíyi]|k[ỳìyi]|tu[ầa]n|ng[àa]y", re.IGNORECASE)
_RECURRENCE_AFTER_RE = re.compile(r"[ \t]*+,?[ \t]*+(?:" + RECURRENCE.regex + ")", FLAGS)
# Every atom but a quarter ("Quý IV", opening with q) holds a digit, and so does every relative
# deadline: text with no digit and no q (most duty sentences) skips those scans.
_DIGIT = re.compile(r"\d")
_MODIFIER_GROUPS = tuple(("mod_" + m.pattern.name.replace("-", "_"), m) for m in MODIFIERS)  # built once

# --- Fast scans ------------------------------------------------------------------------------------
# _ANY_TIME, _ATOM_RE, _RECURRENCE_RE and _RELATIVE_RE ignore case, so the engine has no letter to skip
# to: finditer tries them at every character, the costliest part of reading prose. Where each can
# start is found instead in the lower-cased text, by case-sensitive patterns that each open with one
# literal letter or word (found by the engine's fast literal search), and by the digits; the pattern
# itself is tried at those places alone, so the matches are the same.
# - Lower-casing takes every character that IGNORECASE equates with a letter of these words to that
#   letter, except the dotless ı and the long ſ, which the start patterns name too; a text whose
#   length lower() changes (İ) is scanned the plain way.
# - Every match of the last three opens a word (each alternative starts with (?<!\w) or
#   (?<![\w/.,])), so their start patterns end in the same condition, (?<!\w.{n}) after n letters;
#   lower() makes no word character of a character that is not one.
def _starts(*patterns: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)


_ANY_TIME_STARTS = _starts(r"n(?=[aă]m|g[àa]y)", r"t(?=h[aá]ng|u[ầa]n)", r"q(?=u[ýíyiı])", r"k(?=[ỳìyiı])")
_ATOM_STARTS = _starts(
    # a quarter: q; u and ý/í/y/i, ú/ù and y/i, or a dot; blanks; its number (I, II, III, IV or 1-4)
    r"q(?<!\w.)(?=(?:u[ýíyiı]|[úù][yiı]|\.)?\s*[iı1-4])",
    r"t(?<!\w.)(?=háng|\d)",  # tháng, T6/2023
    r"n(?<!\w.)(?=gày|ăm|[iı]ên)",  # ngày, năm, niên độ
    r"g(?<!\w.)(?=[iı]a[iı])",  # giai đoạn
)
_RECURRENCE_STARTS = _starts(
    r"h(?<!\w.)(?=[àằ]ng)", r"mỗi(?<!\w.{3})", r"mỗı(?<!\w.{3})", r"thường(?<!\w.{6})", r"định(?<!\w.{4})",
    r"ðịnh(?<!\w.{4})",
)
_RELATIVE_STARTS = _starts(
    r"trong(?<!\w.{5})", r"thời(?<!\w.{4})", r"thờı(?<!\w.{4})", r"tối(?<!\w.{3})", r"tốı(?<!\w.{3})",
    r"vòng(?<!\w.{4})", r"không(?<!\w.{5})", r"sau(?<!\w.{3})", r"ſau(?<!\w.{3})",
)
_WORD_DIGIT = re.compile(r"\d(?<!\w.)")  # a digit that opens a word
_FAST_SCAN_MIN = 64  # characters: a shorter text (a table cell) is scanned faster the plain way
_match_start = re.Match.start  # mapped over finditer: no Python frame per match


@dataclass
class _Lowered:
    """A text prepared for the fast scans."""

    low: str  # lower-cased, same length
    has_digit: bool
    word_digits: list[int]  # offsets of the digits that open a word


def _lowered(t: str) -> _Lowered | None:
    """t prepared for the fast scans; None when it is to be scanned the plain way."""
    if len(t) < _FAST_SCAN_MIN:
        return None
    low = t.lower()
    if len(low) != len(t):
        return None
    digit = _DIGIT.search(low)
    if digit is None:
        return _Lowered(low, False, [])
    return _Lowered(low, True, list(map(_match_start, _WORD_DIGIT.finditer(low, digit.start()))))


def _has_digit(t: str, prepared: _Lowered | None) -> bool:
    return prepared.has_digit if prepared is not None else _DIGIT.search(t) is not None


def _any_time(text: str, prepared: _Lowered | None) -> bool:
    """Whether _ANY_TIME matches somewhere in `text` (`prepared` is `_lowered(text)`)."""
    if prepared is None:
        return _ANY_TIME.search(text) is not None
    if prepared.has_digit:
        return True  # a digit is a match by itself
    return any(
        _ANY_TIME.match(text, m.start()) for start in _ANY_TIME_STARTS for m in start.finditer(prepared.low)
    )


def _finditer(pattern: re.Pattern[str], starts: tuple[re.Pattern[str], ...], t: str,
              prepared: _Lowered | None, pos: int = 0, endpos: int | None = None):
    """pattern.finditer(t, pos, endpos), for _ATOM_RE, _RECURRENCE_RE or _RELATIVE_RE with its start
    patterns; `prepared` is `_lowered(t)`. None of the three matches empty."""
    endpos = len(t) if endpos is None else endpos
    if prepared is None:
        yield from pattern.finditer(t, pos, endpos)
        return
    low = prepared.low
    candidates = [i for i in prepared.word_digits if pos <= i < endpos]
    for start in starts:
        candidates.extend(map(_match_start, start.finditer(low, pos, endpos)))
    candidates.sort()
    for i in candidates:
        if i >= pos:
            m = pattern.match(t, i, endpos)
            if m is not None:
                yield m
                pos = m.end()


_PREFIX_WINDOW = 72  # longest label + verb + modifier, e.g. "Thời gian hoàn thành: chậm nhất là vào "
_DOCUMENT_WINDOW = 64
_RECURRENCE_WINDOW = 250  # how far back a yearless day looks for its "hằng năm" in the same sentence
_SENTENCE_END = ".;!?\n"
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}

# --- Calendar units --------------------------------------------------------------------------------
# A unit is (kind, year, n, day): ("year", 2023, 0, 0), ("half", 2023, 1, 0), ("quarter", 2023, 2, 0),
# ("month", 2023, 6, 0), ("day", 2023, 6, 30). year None: not written.
Unit = tuple[str, "int | None", int, int]


def _month_days(year: int, month: int) -> int:
    nxt = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
    return (nxt - dt.timedelta(days=1)).day


def _first(u: Unit) -> dt.date:
    kind, year, n, day = u
    assert year is not None
    if kind == "year":
        return dt.date(year, 1, 1)
    if kind == "half":
        return dt.date(year, 6 * (n - 1) + 1, 1)
    if kind == "quarter":
        return dt.date(year, 3 * (n - 1) + 1, 1)
    if kind == "month":
        return dt.date(year, n, 1)
    return dt.date(year, n, min(day, _month_days(year, n)))


def _last(u: Unit) -> dt.date:
    kind, year, n, day = u
    assert year is not None
    if kind == "year":
        return dt.date(year, 12, 31)
    if kind == "day":
        return _first(u)
    last_month = {"half": 6 * n, "quarter": 3 * n, "month": n}[kind]
    return dt.date(year, last_month, _month_days(year, last_month))


def _shift(d: dt.date | None, days: int) -> dt.date | None:
    try:
        return d + dt.timedelta(days=days) if d is not None else None
    except OverflowError:
        return None


def _with_year(u: Unit, year: int | None) -> Unit:
    return u if u[1] is not None or year is None else (u[0], year, u[2], u[3])


def _anchor(u: Unit) -> str | None:
    """A partial ISO date for a unit without a year: "--12", "--11-05"; None for quarters."""
    kind, _, n, day = u
    if kind == "month":
        return f"--{n:02d}"
    if kind == "day":
        return f"--{n:02d}-{min(day, _month_days(2000, n)):02d}"  # 2000: leap, so "--02-29" stays
    return None


@dataclass
class _Atom:
    start: int
    end: int
    lo: Unit  # first unit written
    hi: Unit  # last unit written (== lo unless a run: "Quý I-II/2023", "2021-2025")
    period: bool  # a span of years ("2021-2025", "giai đoạn …") or a joined range
    dated: bool  # a single day: may be a document's signing date
    bare_day: bool  # "15/12" with no "ngày": needs a modifier
    prefix_start: int = 0
    modifier: Modifier | None = None
    verb: bool = False  # a completion verb or a label precedes


def _int(s: str | None) -> int | None:
    return int(s) if s is not None else None


def _quarter(s: str) -> int:
    return _ROMAN.get(s.lower()) or int(s)


def _unit_pair(m: re.Match) -> tuple[Unit, Unit, bool, bool, bool]:
    """(lo, hi, period, dated, bare_day) of one atom match."""
    g = m.group
    name = next(n for n in _ATOM_NAMES if g(n) is not None)
    if name == "half":
        half = 1 if g("h_part").lower().endswith("u") else 2  # đầu / cuối
        u: Unit = ("half", int(g("h_y")), half, 0)
        return u, u, False, False, False
    if name == "quarter":
        # "Quý II/2022-2023": a quarter before a range of years qualifies each year, as "tháng 6/2022-
        # 2023" would; one interval can hold that only as the hull, quarter II of the first year
        # through quarter II of the last (2022-04-01..2023-06-30). Reading it as "from Q2/2022 to
        # the end of 2023" would invent six months the text does not give.
        q1 = _quarter(g("q_q1"))
        q2 = _quarter(g("q_q2")) if g("q_q2") else q1
        y1 = _int(g("q_y1"))
        y2 = _int(g("q_y2")) or y1
        return ("quarter", y1, q1, 0), ("quarter", y2, q2, 0), False, False, False
    if name == "month":
        m1 = int(g("m_m1"))
        m2 = _int(g("m_m2")) or m1
        y1 = _int(g("m_y1"))
        y2 = _int(g("m_y2")) or y1
        return ("month", y1, m1, 0), ("month", y2, m2, 0), False, False, False
    if name == "bare_month":
        y1 = int(g("bm_y1"))
        y2 = _int(g("bm_y2")) or y1
        mm = int(g("bm_m"))
        return ("month", y1, mm, 0), ("month", y2, mm, 0), False, False, False
    if name in ("date_long", "date", "bare_date", "bare_day_month"):
        p = {"date_long": "dl", "date": "d", "bare_date": "bd", "bare_day_month": "dm"}[name]
        y = _int(g(f"{p}_y")) if p != "dm" else None
        u = ("day", y, int(g(f"{p}_m")), int(g(f"{p}_d")))
        return u, u, False, True, name == "bare_day_month"
    if name == "years":
        y1, y2 = int(g("y_y1")), int(g("y_y2"))
        return ("year", y1, 0, 0), ("year", y2, 0, 0), True, False, False
    u = ("year", int(g("y1_y")), 0, 0)
    return u, u, False, False, False


def _read_prefix(t: str, atom: _Atom, floor: int) -> None:
    lo = max(floor, atom.start - _PREFIX_WINDOW)
    atom.prefix_start = atom.start
    m = _PREFIX_RE.search(t, lo, atom.start)
    if m is None:
        return
    atom.verb = bool(m.group("label") or m.group("verb"))
    atom.modifier = next((mod for group, mod in _MODIFIER_GROUPS if m.group(group)), None)
    if atom.verb or atom.modifier is not None:  # else only blanks or "(" before the atom
        atom.prefix_start = m.start()


def _atoms(
    t: str, lo: int = 0, hi: int | None = None, *, has_digit: bool = True, prepared: _Lowered | None = None
) -> list[_Atom]:
    """Atoms of t[lo:hi], ranges joined, document dates and unanchored "15/12" dropped.

    has_digit=False says t holds no digit: then only a quarter can be an atom, so without a q there
    is none. `prepared` is `_lowered(t)`, for the fast scan."""
    hi = len(t) if hi is None else hi
    atoms: list[_Atom] = []
    if not has_digit and "q" not in t and "Q" not in t:
        return atoms
    for m in _finditer(_ATOM_RE, _ATOM_STARTS, t, prepared, lo, hi):
        atom = _Atom(m.start(), m.end(), *_unit_pair(m))
        _read_prefix(t, atom, atoms[-1].end if atoms else lo)
        if atom.dated and atom.modifier is None and not atom.verb and _DOCUMENT_DATE_RE.search(
            t, max(lo, atom.start - _DOCUMENT_WINDOW), atom.start
        ):
            continue
        if atom.bare_day and atom.modifier is None:
            continue
        prev = atoms[-1] if atoms else None
        if prev is not None and _RANGE_JOIN_RE.match(t, prev.end, atom.start):  # RANGE_JOIN ends in \Z: all of the gap
            # One range: the first atom's modifier ("từ") and the last atom's end. A side without a
            # year takes the other's ("từ tháng 2 đến tháng 6/2022").
            prev.lo = _with_year(prev.lo, atom.hi[1] if atom.hi[1] is not None else atom.lo[1])
            prev.hi = _with_year(atom.hi, prev.lo[1])
            prev.end, prev.period, prev.dated, prev.bare_day = atom.end, True, False, False
            if prev.modifier is not None and prev.modifier.kind == "from":
                prev.modifier = MODIFIER_BY_NAME["within"]
            continue
        atoms.append(atom)
    return atoms


def _interval(atom: _Atom, year: int | None) -> tuple[dt.date | None, dt.date | None] | None:
    """The inclusive interval an atom gives with its modifier; None when it has no year."""
    lo = _with_year(atom.lo, atom.hi[1] if atom.lo[1] is None else None)
    hi = _with_year(atom.hi, lo[1])
    lo, hi = _with_year(lo, year), _with_year(hi, year)
    if lo[1] is None or hi[1] is None:
        return None
    first, last = _first(lo), _last(hi)
    if first > last:  # a range written backwards: the span it covers
        first, last = min(first, _first(hi)), max(last, _last(lo))
    kind = atom.modifier.kind if atom.modifier else "within"
    if kind == "by":
        return None, last
    if kind == "before":
        return None, _shift(first, -1)
    if kind == "from":
        return first, None
    if kind == "after":
        return _shift(last, 1), None
    return first, last


def _recurrence(m: re.Match) -> str | None:
    g = m.group
    if g("rc_every"):
        n, unit = UNIT_ISO[g("rc_every").lower()]
        return f"P{n}{unit}"
    if g("rc_annual"):
        return "P1Y"
    for count, unit_group in (("rc_p", "rc_p_unit"), ("rc_n", "rc_n_unit")):
        if g(count):
            k = int(g(count))
            n, unit = UNIT_ISO[g(unit_group).lower()]
            return f"P{k * n}{unit}" if k else None
    times = 1 if g("rc_k").lower() == "một" else int(g("rc_k"))
    months = {"năm": 12, "quý": 3, "quí": 3, "tháng": 1}[g("rc_k_unit").lower()]
    if not times or months % times:
        return None  # "3 lần/tháng": no whole-month period; still a periodic task
    every = months // times
    return "P1Y" if every == 12 else f"P{every}M"


def _read(text: str, year: int | None) -> Deadline | None:
    t = unicodedata.normalize("NFC", text)
    prepared = _lowered(t)
    has_digit = _has_digit(t, prepared)
    atoms = _atoms(t, has_digit=has_digit, prepared=prepared)
    rec_m = next(_finditer(_RECURRENCE_RE, _RECURRENCE_STARTS, t, prepared), None)  # the first: search()
    recurrence = _recurrence(rec_m) if rec_m else None
    # The model has no field for the duration of a relative deadline ("20 ngày") nor for the event it
    # counts from; both stay in `text`.
    relative = has_digit and any(
        m.group("r_lead") or m.group("r_ref") for m in _finditer(_RELATIVE_RE, _RELATIVE_STARTS, t, prepared)
    )
    if not atoms and rec_m is None and not relative and not _ONGOING_RE.search(t):
        return None
    if relative:
        return Deadline(text=text.strip(), recurrence=recurrence, relative=True)
    starts: list[dt.date | None] = []
    ends: list[dt.date | None] = []
    anchor = None
    for atom in atoms:
        yearless = atom.lo[1] is None and atom.hi[1] is None
        interval = None if (yearless and rec_m is not None) else _interval(atom, year)
        if interval is None:
            if anchor is None and atom.lo == atom.hi:
                anchor = _anchor(atom.lo)
            continue
        starts.append(interval[0])
        ends.append(interval[1])
    start = min(starts) if starts and None not in starts else None  # type: ignore[type-var]
    end = max(ends) if ends and None not in ends else None  # type: ignore[type-var]
    if _OPEN_END_RE.search(t):
        end = None
    return Deadline(text=text.strip(), start=start, end=end, recurrence=recurrence, anchor=anchor)


def parse_deadline(text: str, *, year: int | None = None) -> Deadline | None:
    """A cell or phrase -> Deadline (original text kept in .text, stripped). None when it holds no time at all.

    `year` is the document's year, used only when the phrase gives none ("trước ngày 05/11").
    Never raises: anything that is not a time is None.
    """
    if not isinstance(text, str) or not text.strip():
        return None
    if year is not None and not (isinstance(year, int) and 1 <= year <= 9998):
        year = None
    try:
        return _read(text, year)
    except (ValueError, OverflowError):  # a date outside the calendar: not a time we can hold
        return None


def deadline_from_columns(start: str, end: str, *, year: int | None = None) -> Deadline | None:
    """Start/end columns ("2/2022", "6/2022"; "01/2022", "12/2024") -> one interval.

    The interval runs from the first day of the start cell to the last day of the end cell; one
    empty (or timeless) cell leaves that bound open. Cells in the wrong order give the span they
    cover. `text` is the two cells joined by " – ", which `parse_deadline` reads back the same way.
    """
    a = parse_deadline(start, year=year) if isinstance(start, str) else None
    b = parse_deadline(end, year=year) if isinstance(end, str) else None
    if a is None and b is None:
        return None
    lo = a.start if a is not None else None
    hi = b.end if b is not None else None
    if lo is not None and hi is not None and lo > hi:
        firsts = [d for d in (a.start, b.start) if d is not None]  # type: ignore[union-attr]
        lasts = [d for d in (a.end, b.end) if d is not None]  # type: ignore[union-attr]
        lo, hi = min(firsts), max(lasts)
    parts = [d for d in (a, b) if d is not None]
    return Deadline(
        text=" – ".join(d.text for d in parts),
        start=lo,
        end=hi,
        recurrence=next((d.recurrence for d in parts if d.recurrence), None),
        anchor=next((d.anchor for d in parts if d.anchor), None),
        relative=any(d.relative for d in parts),
    )


# --- Prose -----------------------------------------------------------------------------------------


def _accepts(atom: _Atom) -> bool:
    """Whether an atom in running text states a time limit (see MODIFIERS)."""
    if atom.verb:
        return True
    mod = atom.modifier
    if mod is None:
        return False
    single_year = atom.lo == atom.hi and atom.lo[0] == "year"
    if mod.prose == "strict":
        return True
    if mod.prose == "within":
        return not atom.period
    if mod.prose == "end":
        return not atom.period and not single_year
    return False


def _sentence_start(t: str, lo: int, hi: int) -> int:
    return max([t.rfind(c, lo, hi) + 1 for c in _SENTENCE_END] + [lo])


def _clause_end(t: str, pos: int) -> int:
    m = _CLAUSE_REST_RE.match(t, pos)
    end = m.end() if m else pos
    if m and len(m.group()) == 160 and end < len(t) and t[end] not in ",.;!?\n":
        cut = t.rfind(" ", pos, end)  # cut at a word boundary
        end = cut if cut > pos else end
    while end > pos and t[end - 1].isspace():
        end -= 1
    return end


def _nfc_with_offsets(text: str) -> tuple[str, list[int] | None]:
    """NFC text and, when that changed it, the offset in `text` of each of its characters."""
    if unicodedata.is_normalized("NFC", text):
        return text, None
    parts: list[str] = []
    offsets: list[int] = []
    i, n = 0, len(text)
    while i < n:  # a base character and the combining marks after it normalise on their own
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        chunk = unicodedata.normalize("NFC", text[i:j])
        parts.append(chunk)
        offsets.extend([i] * len(chunk))
        i = j
    offsets.append(n)
    return "".join(parts), offsets


def find_deadlines(text: str, *, year: int | None = None) -> list[tuple[int, int, Deadline]]:
    """Deadline phrases inside prose, with their [start, end) character offsets in `text`.

    A phrase is returned only when it states a time limit:
    - after "chậm nhất (là)", "trước", a label ("Thời hạn:"), or a completion verb ("hoàn thành",
      "xong"): any time, periods included ("hoàn thành đến năm 2025", "hoàn thành trong giai đoạn …");
    - after "trong": a day, month, quarter or year, not a period ("trong giai đoạn 2021-2025" names
      the plan's period); after "cuối": not a bare year ("cuối năm 2025" is a target);
    - never after "đến", "vào", "từ" without a verb ("phấn đấu đến năm 2025" is a target, "vào năm
      2024" a goal), nor with no word before it (titles, "ngày 23/8/2022" after a document symbol);
    - "định kỳ" + a period ("định kỳ hằng năm"); a day or month without a year together with the
      "hằng năm" right after it or earlier in its sentence ("định kỳ hằng năm … trước ngày 05/11");
    - a duration counted from an event ("trong thời hạn 20 ngày kể từ ngày nhận được …", up to the
      end of the clause).
    A phrase starts at its verb or modifier, and its deadline is `parse_deadline(text[start:end],
    year=year)`, so `Deadline.text == text[start:end]`. Linear in the length of `text`: one pass of
    each pattern, and bounded look-backs.
    """
    if not isinstance(text, str) or not text:
        return []
    prepared_text = _lowered(text)
    if not _any_time(text, prepared_text):
        return []
    if year is not None and not (isinstance(year, int) and 1 <= year <= 9998):
        year = None
    t, offsets = _nfc_with_offsets(text)
    prepared = prepared_text if t is text else _lowered(t)
    spans: list[tuple[int, int]] = []
    has_digit = _has_digit(t, prepared)

    prev_end = 0
    for atom in _atoms(t, has_digit=has_digit, prepared=prepared):
        recurring = None  # the span of a day or month with no year joined to its "hằng năm"
        if atom.lo == atom.hi and atom.lo[1] is None and not (atom.modifier and atom.modifier.kind in ("from", "after")):
            after = _RECURRENCE_AFTER_RE.match(t, atom.end)
            if after is not None:
                recurring = (atom.prefix_start, after.end())
            else:
                lo = _sentence_start(t, max(prev_end, atom.prefix_start - _RECURRENCE_WINDOW), atom.prefix_start)
                last = None
                for last in _RECURRENCE_RE.finditer(t, lo, atom.prefix_start):
                    pass
                if last is not None:
                    before = _PERIODIC_BEFORE_RE.search(t, max(lo, last.start() - 16), last.start())
                    recurring = (before.start() if before else last.start(), atom.end)
        prev_end = atom.end
        if recurring is not None:
            spans.append(recurring)
        elif _accepts(atom):
            spans.append((atom.prefix_start, atom.end))

    for m in _finditer(_RECURRENCE_RE, _RECURRENCE_STARTS, t, prepared):
        if m.group("rc_p"):  # "định kỳ 6 tháng"
            spans.append((m.start(), m.end()))
            continue
        before = _PERIODIC_BEFORE_RE.search(t, max(0, m.start() - 16), m.start())
        if before is not None:
            spans.append((before.start(), m.end()))

    for m in _finditer(_RELATIVE_RE, _RELATIVE_STARTS, t, prepared) if has_digit else ():
        if not (m.group("r_lead") or m.group("r_ref")):
            continue
        start, end = m.start(), m.end()
        prefix = _PREFIX_RE.search(t, max(0, start - _PREFIX_WINDOW), start)
        if prefix is not None and (prefix.group("verb") or prefix.group("label")):
            start = prefix.start()
        if m.group("r_ref"):
            end = _clause_end(t, end)
        spans.append((start, end))

    # Earliest first, the longest of those starting together; drop what overlaps a kept phrase.
    spans.sort(key=lambda s: (s[0], -s[1]))
    found: list[tuple[int, int, Deadline]] = []
    last_end = -1
    for start, end in spans:
        if start < last_end or start >= end:
            continue
        o_start, o_end = (offsets[start], offsets[end]) if offsets is not None else (start, end)
        deadline = parse_deadline(text[o_start:o_end], year=year)
        if deadline is not None:
            found.append((o_start, o_end, deadline))
            last_end = end
    return found
