"""Tasks (nhiệm vụ) and who carries them: from appendix tables and from prose duty lists.

Tables come from `loaders.tables`. Prose follows the national drafting pattern: sections
"I.", "II." …; numbered items "1."; lettered items "a)"; bullets "-" (with "+" sub-bullets). A
duty names its agencies as a subject ("Sở Nội vụ chủ trì, phối hợp với …"), as a prefix before a
colon ("a) Sở Tài chính: …"), or as a heading line whose bullets are its duties.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .agencies import (AgencyResolver, carriers_of, each_mention, head_word_of, is_group, role_marked, split_mentions,
                       take_agency_list, without_titles)
from .deadlines import deadline_from_columns, find_deadlines, parse_deadline
from .models import Assignment, Deadline, Problem, Role, Span, Task
from .tables import CODE, Row, Table
from .textutil import UPPER, fold, lines_at, shorten, squash

# ---------------------------------------------------------------------------------------------
# Tables


def tasks_from_tables(
    tables: list[Table], resolver: AgencyResolver, year: int | None
) -> tuple[list[Task], list[Problem]]:
    """The tasks of every table's rows. The rows are consumed: each is let go once its task is made, so
    that a long table and its tasks are not held at once (25,000 rows took 17 MB beside their tasks)."""
    tasks: list[Task] = []
    problems: list[Problem] = []
    task_tables = [t for t in tables if t.rows]
    deadlines: dict[tuple, Deadline | None] = {}
    for number, table in enumerate(task_tables, start=1):
        prefix = f"PL{table.appendix or number}:" if len(task_tables) > 1 else ""
        _table_tasks(table, prefix, resolver, year, tasks, problems, deadlines)
    return tasks, problems


_CARRIED = ("lead", "coord", "deadline", "start", "end", "note")


def _table_tasks(
    table: Table,
    prefix: str,
    resolver: AgencyResolver,
    year: int | None,
    tasks: list[Task],
    problems: list[Problem],
    deadlines: dict[tuple, Deadline | None],
) -> None:
    """`deadlines` holds the deadline read from each combination of time cells met so far in the
    document: the same cells recur row after row (merged cells, one period for a whole table)."""
    rows = table.rows
    heading: tuple[str, str] | None = None  # (label, text)
    anchor = ""  # last written number, for labelling unnumbered rows
    unnumbered = 0
    previous: Row | None = None  # the row above in the same group, for merged cells
    last_coded: Task | None = None
    above: _Shared | None = None  # the task of the row above in the same group, for a shared objective
    for i in range(len(rows)):
        row, rows[i] = rows[i], None  # consumed (see tasks_from_tables)
        code = _code(row.get("code"))
        others = any(row.get(r) for r in ("product",) + _CARRIED)
        nxt = rows[i + 1] if i + 1 < len(rows) else None
        nxt_code = _code(nxt.get("code")) if nxt else ""
        # A heading row has a number and a title only, and rows of a lower level follow: "1" before
        # "1.1" or before unnumbered rows, a Roman "II" or a capital "A" before "3"
        if code and not others and nxt is not None and (
            not nxt_code or nxt_code.startswith(code + ".") or _HIGHER_LEVEL.match(code)
        ):
            heading = (prefix + code, _strip_bullet(row.get("content")))
            anchor, unnumbered, previous, last_coded, above = code, 0, None, None, None
            continue
        inherited: set[str] = set(row.inherited)  # cells merged with the one above (Word, PDF, HTML)
        cells = dict(row.cells)
        if previous is not None and (not code or not others):
            # blank cells below a filled one are merged cells: they carry the value above
            has_time = any(cells.get(r) for r in ("deadline", "start", "end"))
            for role in _CARRIED + ("content",):
                if not cells.get(role) and previous.cells.get(role):
                    if role in {"start", "end", "deadline"} and has_time:
                        continue
                    cells[role] = previous.cells[role]
                    inherited.add(role)
        if code:
            label = prefix + code
            anchor, unnumbered = code, 0
        else:
            unnumbered += 1
            label = f"{prefix}{anchor or '0'}+{unnumbered}"
        text = _strip_bullet(cells.get("content", ""))
        if not text and not cells.get("product"):
            continue
        parent = heading[0] if heading else None
        if not code and row.get("content").lstrip().startswith(("-", "–", "+")) and last_coded is not None:
            parent = last_coded.label  # "- Thẩm định …" under 2.8: a sub-item
        task = Task(
            label=label,
            code=code or None,
            parent=parent,
            heading=heading[1] if heading else None,
            text=text or cells.get("product", ""),
            product=cells.get("product") or None,
            deadline=_memo_deadline(deadlines, cells, year),
            note=cells.get("note") or None,
            origin="table",
            span=Span(start=row.start, end=row.end),
        )
        task.assignments = _assign(
            resolver,
            lead=cells.get("lead", ""),
            coord=cells.get("coord", ""),
            note=cells.get("note", ""),
            inherited=inherited,
        )
        if not task.leads:
            problems.append(Problem(
                severity="warning",
                code="no-lead-agency",
                message=f"Task {label} (“{shorten(task.text, 60)}”) names no lead agency in its table row; "
                "it is kept without one.",
                span=task.span,
            ))
        tasks.append(task)
        above = _product_leads(task, text, "content" in inherited, "product" in inherited, above)
        previous = Row(cells=cells, start=row.start, end=row.end)
        if code:
            last_coded = task


_HIGHER_LEVEL = re.compile(r"^(?:[IVX]{1,5}|[A-Z])$")


_END_STOP = re.compile(r"(?<!\.)[.;,]?\s*$")  # the full stop that ends a product, not an ellipsis ("…...")


@dataclass
class _Shared:
    """A table task as its row wrote it, before its product may lead its text."""

    task: Task
    text: str  # the content cell (the objective), as the row gives it
    product: str | None  # the row's own product cell; None when blank, merged with the one above or the text
    led: bool = False


def _product_leads(task: Task, text: str, text_inherited: bool, product_inherited: bool,
                   above: _Shared | None) -> _Shared:
    """Rows of one group that share their objective (a "Mục tiêu" cell spanning several rows, merged,
    or written again) are told apart by their own result ("Kết quả/ sản phẩm"): that result leads the
    text, "<product> — <objective>", so a list of tasks never shows one line several times. The row
    above that the objective came from leads with its own product too. A row whose product is merged
    with the one above, or blank, keeps the objective alone."""
    product = task.product if task.product and not product_inherited else None
    if product is not None and fold(product) == fold(text):
        product = None  # no content cell: the product is the text already
    here = _Shared(task, text, product)
    shares = bool(text) and above is not None and (text_inherited or fold(text) == fold(above.text))
    if shares:
        for item in (above, here):
            if item.product is not None and not item.led:
                item.task.text = f"{_END_STOP.sub('', item.product)} — {item.text}"
                item.led = True
    return here


def _code(cell: str) -> str:
    cell = cell.strip()
    if not CODE.match(cell):
        return ""
    return cell.rstrip(".)")


_BULLET_MARK = re.compile(r"^[-–+•]\s*")


def _strip_bullet(text: str) -> str:
    return _BULLET_MARK.sub("", text.strip())


def _memo_deadline(
    memo: dict[tuple, Deadline | None], cells: dict[str, str], year: int | None
) -> Deadline | None:
    """_table_deadline(cells, year), read once per combination of time cells and shared (a Deadline
    is frozen)."""
    key = (cells.get("start"), cells.get("end"), cells.get("deadline"), year)
    if key not in memo:
        memo[key] = _table_deadline(cells, year)
    return memo[key]


def _table_deadline(cells: dict[str, str], year: int | None) -> Deadline | None:
    if cells.get("start") or cells.get("end"):
        found = deadline_from_columns(cells.get("start", ""), cells.get("end", ""), year=year)
        if found:
            return found
    text = cells.get("deadline", "").strip()
    if not text:
        return None
    return parse_deadline(text, year=year) or Deadline(text=text)


_NOTE_COORDINATION = re.compile(r"phối hợp(?:\s+với)?(?:\s+các cơ quan\s*:)?\s*", re.IGNORECASE)


def _assign(
    resolver: AgencyResolver, *, lead: str, coord: str, note: str = "", inherited: set[str] = frozenset()
) -> list[Assignment]:
    out: list[Assignment] = []
    seen: set[str] = set()

    def add(mention: str, role: Role, was_inherited: bool) -> None:
        agency = resolver.resolve(mention)
        if agency is None or agency.key in seen:
            return
        seen.add(agency.key)
        out.append(Assignment(agency=agency.key, role=role, text=mention, inherited=was_inherited))

    for mention in each_mention(lead):
        name, marked = role_marked(mention)
        add(name, marked or "lead", "lead" in inherited)
    for mention in each_mention(coord):
        name, marked = role_marked(mention)
        add(name, marked or "coordinate", "coord" in inherited)
    # "Chủ động phối hợp với các cơ quan: Sở Kế hoạch Đầu tư, Sở Nội vụ và các cơ quan khác"
    m = _NOTE_COORDINATION.search(note)
    if m:
        names, _ = take_agency_list(_departments_in_list(note[m.end():]))
        for name in names:
            add(name, "coordinate", "note" in inherited)
    return out


def _departments_in_list(text: str) -> str:
    """'các Sở Y tế Sở Văn hóa …' names departments, not a group: drop the plural."""
    return re.sub(rf"^các\s+(?=Sở\s+[{UPPER}])", "", text)


# ---------------------------------------------------------------------------------------------
# Prose

_ROMAN = re.compile(r"^(?P<num>[IVX]{1,5})\.\s+(?P<text>.+)$")
_NUMBERED = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2})*)[.)]\s+(?P<text>.+)$")
_LETTERED = re.compile(r"^(?P<num>[a-zđ])\)\s+(?P<text>.+)$")
_BULLET = re.compile(r"^[-–•]\s*(?P<plus>\+\s*)?(?P<text>.+)$")
_SUB_BULLET = re.compile(r"^\+\s*(?P<text>.+)$")
_END_OF_BODY = re.compile(r"^(?:Nơi nhận|PHỤ LỤC)\b", re.IGNORECASE)

# Section headings whose items are duties.
_DUTY_SECTION = re.compile(r"nhiệm vụ", re.IGNORECASE)
_ORGANISATION_SECTION = re.compile(r"tổ chức thực hiện|trách nhiệm", re.IGNORECASE)

# Where the subject of a duty ends: the first verb or role word after the names.
_SUBJECT_END = re.compile(
    r"\s(?:chủ trì|phối hợp|có trách nhiệm|chịu trách nhiệm|chủ động|căn cứ|tổ chức|theo dõi|"
    r"tham mưu|thực hiện|triển khai|hướng dẫn|báo cáo|xây dựng|đề xuất|nghiên cứu|rà soát|"
    r"phân bổ|bố trí|tiếp tục|lãnh đạo|chỉ đạo|là|được|cần|phải)\b"
)
_GIVE = re.compile(r"^(?:Giao|Đề nghị|Yêu cầu)\s+")
_COORDINATORS = re.compile(r"(?:^|[\s,;])(?:[Pp]hối hợp)(?:\s+với)?\s+")
# "phối hợp với" gives the task co-ordinators when it opens the duty or a clause of it
# ("Chủ trì, phối hợp với …", "…; phối hợp Sở Nội vụ trong việc …").
_OWN_COORDINATION = re.compile(r"(?:^|chủ trì\s*,?|[;,])\s*$", re.IGNORECASE)
_STOP_APPEND = re.compile(r"^(?:Trên đây|Trong quá trình)", re.IGNORECASE)


def _coordinators(duty: str):
    """The matches of _COORDINATORS.finditer(duty). Each holds "hối hợp" one or two characters after
    its start: the pattern (which opens with an alternation the engine tries at every character) is
    tried only there, and most duties, which have no "hối hợp", are not scanned at all."""
    starts = []
    at = duty.find("hối hợp")
    while at != -1:
        starts += [s for s in (at - 2, at - 1) if s >= 0]
        at = duty.find("hối hợp", at + 1)
    pos = 0
    for start in starts:
        if start >= pos:
            m = _COORDINATORS.match(duty, start)
            if m is not None:
                yield m
                pos = m.end()


@dataclass
class _Node:
    kind: str  # "item" (1.), "letter" (a)), "bullet", "para" (a paragraph with its own subject)
    label: str
    text: str
    start: int
    end: int
    depth: int
    subject: list[str] = field(default_factory=list)  # agency names that carry it
    duty: str = ""  # the text after the subject
    children: list["_Node"] = field(default_factory=list)
    parent: "_Node | None" = None


def tasks_from_prose(
    text: str, resolver: AgencyResolver, year: int | None, *, include_duty_sections: bool
) -> list[Task]:
    """Duties in sections on tasks (when no table assigns them) and on organisation (always)."""
    tasks: list[Task] = []
    for _section, nodes in _sections(text, include_duty_sections):
        for node in _walk(nodes):
            if node.children:
                continue  # a heading: its bullets are the duties
            task = _prose_task(node, _inherited_subject(node), resolver, year)
            if task is not None:
                tasks.append(task)
    return tasks


def _sections(text: str, include_duty_sections: bool):
    """(roman label, top-level nodes) of each duty-bearing section of the body."""
    section: str | None = None
    wanted = False
    roots: list[_Node] = []
    stack: list[_Node] = []
    counters: dict[int, int] = {}
    result: list[tuple[str, list[_Node]]] = []

    def close() -> None:
        if section is not None and wanted and roots:
            result.append((section, list(roots)))

    for start, end, line in lines_at(text):
        stripped = line.strip()
        if not stripped or "\t" in line:
            continue
        # _END_OF_BODY opens with n or p (in either case), _ROMAN with I, V or X: most lines open
        # otherwise and are spared both matches
        first = stripped[0]
        if first in "nNpP" and _END_OF_BODY.match(stripped):
            close()
            section, wanted = None, False
            roots, stack = [], []
            if stripped.upper().startswith("PHỤ LỤC"):
                break
            continue
        m = _ROMAN.match(stripped) if first in "IVX" else None
        if m:
            close()
            section = m.group("num")
            heading = m.group("text")
            wanted = bool(_ORGANISATION_SECTION.search(heading)) or (
                include_duty_sections and bool(_DUTY_SECTION.search(heading))
            )
            roots, stack, counters = [], [], {}
            continue
        if section is None or not wanted:
            continue
        lead_offset = len(line) - len(line.lstrip())
        start += lead_offset
        node = _classify(stripped, start, end)
        if node is None:
            # A plain paragraph: a duty of its own when it opens with a subject ("Sở Khoa học và
            # Công nghệ:" alone heads the bullets below it, like a lettered item); otherwise the
            # rest of the item above ("Chịu trách nhiệm chỉ đạo …" under "1. Trưởng các phòng …").
            subject, duty = _subject(stripped)
            if subject and duty and stack and stack[-1].kind in {"item", "letter"} and not stack[-1].subject:
                # "1. Đẩy mạnh công tác tuyên truyền" then "Ban Tuyên giáo … chủ trì …": the
                # paragraph is the duty under that topic
                node = _Node("para", "", stripped, start, end, depth=stack[-1].depth + 1, subject=subject, duty=duty)
            elif subject:
                node = _Node("para", "", stripped, start, end, depth=1 if duty else 2, subject=subject, duty=duty)
            elif stack and stack[-1].kind != "para" and not _STOP_APPEND.match(stripped):
                target = stack[-1]
                if target.kind == "bullet" or not target.children:
                    target.text = f"{target.text} {stripped}"
                    target.duty = f"{target.duty} {stripped}".strip()
                    target.end = end
                continue
            else:
                continue
        if node.kind == "sub":
            if stack and stack[-1].kind == "bullet":
                stack[-1].text += " " + node.text
                stack[-1].duty += " " + node.text
                stack[-1].end = end
            continue
        while stack and stack[-1].depth >= node.depth:
            stack.pop()
        parent = stack[-1] if stack else None
        node.parent = parent
        siblings = parent.children if parent else roots
        counters_key = id(parent)
        counters[counters_key] = counters.get(counters_key, 0) + 1
        if not node.label:
            node.label = f"+{counters[counters_key]}" if node.kind == "para" else f"-{counters[counters_key]}"
        siblings.append(node)
        stack.append(node)
    close()
    # labels: "II.2.a-1" — the section, then each level's own number
    for label, nodes in result:
        for node in _walk(nodes):
            base = node.parent.label if node.parent else label
            sep = "" if node.label.startswith(("-", "+")) else "."
            node.label = f"{base}{sep}{node.label}"
    return result


def _classify(line: str, start: int, end: int) -> _Node | None:
    for kind, pattern, depth in (("item", _NUMBERED, 1), ("letter", _LETTERED, 2)):
        m = pattern.match(line)
        if m:
            body = m.group("text")
            subject, duty = _subject(body)
            return _Node(kind, m.group("num"), body, start, end, depth, subject, duty)
    m = _BULLET.match(line)
    if m:
        body = m.group("text").strip()
        if m.group("plus"):
            return _Node("sub", "", body, start, end, depth=4)
        subject, duty = _subject(body)
        return _Node("bullet", "", body, start, end, depth=3, subject=subject, duty=duty)
    m = _SUB_BULLET.match(line)
    if m:
        return _Node("sub", "", m.group("text").strip(), start, end, depth=4)
    return None


def _subject(text: str) -> tuple[list[str], str]:
    """Agencies that open a duty, and the duty after them; ([], text) when it opens otherwise."""
    body = _GIVE.sub("", text)
    colon = body.find(":")
    if 0 < colon < 300:
        names = _subject_line(body[: colon + 1])
        if names:
            return names, body[colon + 1:].strip()
    if not (head_word_of(body) or is_group(body) or body.lower().startswith(("các ", "trưởng các", "ủy ban"))):
        return [], text
    names, end = take_agency_list(body)
    if names and _SUBJECT_END.match(body, end):
        return names, body[end:].strip()
    if names and end >= len(body.rstrip(" .:;")):
        return names, ""  # a heading line: "a) Sở Khoa học và Công nghệ", "1. Sở … có trách nhiệm"
    m = _SUBJECT_END.search(body)
    if m:
        names = [x for x in split_mentions(body[: m.start()]) if head_word_of(x) or is_group(x)]
        if names and len(" ".join(names)) >= len(body[: m.start()].strip()) - 2:
            return names, body[m.start():].strip()
    return [], text


def _subject_line(text: str) -> list[str]:
    """'Sở Thông tin và Truyền thông, Đài …, Báo Ninh Thuận:' -> the names, when that is all it is."""
    prefix = text.rstrip().rstrip(":").strip()
    if not prefix or len(prefix) > 300:
        return []
    mentions = split_mentions(prefix)
    # a group's name may hold a verb-like noun ("Các tổ chức khoa học …"): only names are checked
    if mentions and all(is_group(m) or (head_word_of(m) and not _SUBJECT_END.search(m)) for m in mentions):
        return mentions
    return []


def _walk(nodes: list[_Node]):
    for node in nodes:
        yield node
        yield from _walk(node.children)


def _inherited_subject(node: _Node) -> list[str]:
    current: _Node | None = node
    while current is not None:
        if current.subject:
            return current.subject
        current = current.parent
    return []


def _prose_task(node: _Node, subject: list[str], resolver: AgencyResolver, year: int | None) -> Task | None:
    own_subject = bool(node.subject)
    duty = node.duty if own_subject else node.text
    duty = squash(duty)
    if not duty:
        return None
    roles: list[tuple[str, Role]] = [(s, "lead") for s in subject]
    for m in _coordinators(duty):
        opening = duty[: m.start() + (1 if m.group(0)[:1] in ",;" else 0)]
        if not _OWN_COORDINATION.search(opening):
            continue  # "do Sở X phối hợp với Y đề xuất": someone else's co-ordination, not the task's
        names, _ = take_agency_list(duty[m.end():])
        roles.extend((n, "coordinate") for n in names)
    assignments = _assignments(resolver, roles, inherited=not own_subject)
    found = find_deadlines(node.text, year=year)
    deadline = found[-1][2] if found else None
    heading = node.parent.text if node.parent else None
    return Task(
        label=node.label,
        code=node.label.rsplit(".", 1)[-1] if node.kind in {"item", "letter"} else None,
        parent=node.parent.label if node.parent else None,
        heading=heading,
        text=node.text,
        assignments=assignments,
        deadline=deadline,
        origin="list" if node.kind in {"item", "letter", "bullet"} else "prose",
        span=Span(start=node.start, end=node.end),
    )


# ---------------------------------------------------------------------------------------------
# Articles (Điều) of a decision or resolution (Nghị định 30/2020/NĐ-CP: the body of a Quyết định,
# Nghị quyết or Thông tư is its articles). An article that issues, approves or takes effect gives no
# duty; one that charges bodies does: "Giao Sở X chủ trì, phối hợp với Sở Y …", items "1. Giao Ủy ban
# nhân dân tỉnh tổ chức thực hiện Nghị quyết này", and the execution clause "Chánh Văn phòng UBND tỉnh,
# Giám đốc các Sở …, Chủ tịch UBND các huyện … chịu trách nhiệm thi hành Quyết định này".

_ARTICLE = re.compile(r"^[#*_> \t]*Điều\s+(?P<num>\d{1,3})\s*[.:]\s*(?P<text>.*)$")
_ANY_ARTICLE = re.compile(r"^[#*_> \t]*Điều\s+\d{1,3}\s*[.:]", re.MULTILINE)
# The enacting words after the preamble ("QUYẾT ĐỊNH:", "QUYẾT NGHỊ:"): the articles follow.
_ENACTING = re.compile(r"^[#*_> \t]*(?:QUYẾT\s+ĐỊNH|QUYẾT\s+NGHỊ|NGHỊ\s+QUYẾT)\s*:", re.MULTILINE)
# Where the articles end: the recipients, the signature, an appendix, or what the decision issues
# ("KẾ HOẠCH" on a line of its own).
_ARTICLES_END = re.compile(
    r"^[#*_> \t]*(?:(?i:Nơi\s+nhận)|PHỤ\s+LỤC|(?:TM|KT|TL|TUQ|Q)\.\s*[A-ZĐ]"
    rf"|(?:PHÓ\s+)?(?:CHỦ\s+TỊCH|GIÁM\s+ĐỐC|BỘ\s+TRƯỞNG|THỦ\s+TƯỚNG)\s*$|[{UPPER}][{UPPER} ]{{3,40}}$)"
)
# What an article or item opens with when it gives no duty: it issues, approves, takes effect.
_NO_DUTY = re.compile(
    r"^(?:Ban\s+hành|Phê\s+duyệt|Thông\s+qua|Công\s+bố|Thành\s+lập|Bãi\s+bỏ|Thay\s+thế|Sửa\s+đổi|Bổ\s+sung"
    r"|Điều\s+chỉnh|Kiện\s+toàn|Giải\s+thể|Quy\s+định|Hiệu\s+lực|Trường\s+hợp|Trong\s+quá\s+trình"
    r"|(?:Quyết\s+định|Nghị\s+quyết|Thông\s+tư|Hướng\s+dẫn|Kế\s+hoạch|Quy\s+chế|Văn\s+bản)\s+này)",
    re.IGNORECASE,
)
# The execution clause: who carries out the decision as a whole.
_EXECUTION = re.compile(
    r"[\s,](?:chịu\s+trách\s+nhiệm|có\s+trách\s+nhiệm)\s+(?:tổ\s+chức\s+)?(?:thi\s+hành|thực\s+hiện|triển\s+khai)"
    r"|\s+căn\s+cứ\s+(?:Quyết\s+định|Nghị\s+quyết)(?:\s+này)?\s+(?:thi\s+hành|thực\s+hiện)"
    r"|\s+thi\s+hành\s+(?:Quyết\s+định|Nghị\s+quyết)\s+này"
)
# Where the bodies a duty is given to end: its first verb (more than a plan's duties use).
_ARTICLE_VERB = re.compile(
    r"\s(?:chủ\s+trì|phối\s+hợp|có\s+trách\s+nhiệm|chịu\s+trách\s+nhiệm|tổ\s+chức|triển\s+khai|thực\s+hiện|"
    r"giám\s+sát|kiểm\s+tra|đôn\s+đốc|theo\s+dõi|hướng\s+dẫn|tham\s+mưu|xây\s+dựng|thi\s+hành|báo\s+cáo|"
    r"quy\s+định|quyết\s+định|bố\s+trí|cân\s+đối|phân\s+bổ|rà\s+soát|trình|căn\s+cứ|tiếp\s+tục|là)(?![\w])"
)
_GIVEN = re.compile(r"^(?:Giao\s+(?:cho\s+)?|Đề\s+nghị\s+|Yêu\s+cầu\s+|Ủy\s+quyền\s+(?:cho\s+)?|Phân\s+công\s+)")
_ITEM = re.compile(r"^(?P<code>\d{1,2}|[a-zđ])[.)]\s+(?P<text>.+)$")
# Items run into one line: "Tổ chức thực hiện: 1. Giao … 2. Giao …"
_INLINE_ITEM = re.compile(rf"(?<=[:;.])\s+(?=(?:\d{{1,2}}\.|[a-zđ]\))\s+[{UPPER}])")
_SENTENCE = re.compile(rf"(?<=[.])\s+(?=[{UPPER}])")
_SHORT_CAPS_END = re.compile(rf"(?:^|\s)[{UPPER}]{{1,3}}\.$")  # "TP." is no sentence end


def tasks_from_articles(text: str, resolver: AgencyResolver, year: int | None) -> list[Task]:
    """Duties that the articles of a decision or resolution give, in document order."""
    start = 0
    enacting = _ENACTING.search(text, 0, min(len(text), 20_000))
    if enacting:
        start = enacting.end()
    if not _ANY_ARTICLE.search(text, start):
        return []  # a plan: no article to read, and no need to walk its lines
    tasks: list[Task] = []
    for number, heading, pieces in _articles(text, start):
        for code, piece_start, piece in pieces:
            for offset, sentence in _sentences(piece):
                task = _article_task(number, heading, code, sentence, piece_start + offset, resolver, year)
                if task is not None:
                    tasks.append(task)
    return tasks


def _articles(text: str, start: int):
    """(number, heading, [(item code, start, text)]) for each article after `start`."""
    articles: list[tuple[str, str | None, list]] = []
    for line_start, _, line in lines_at(text, start):
        stripped = line.strip()
        if not stripped:
            continue
        if _ARTICLES_END.match(stripped) and articles:
            break
        lead = line_start + len(line) - len(line.lstrip())
        m = _ARTICLE.match(stripped)
        if m:
            body = m.group("text").strip()
            body_start = lead + m.start("text")
            heading = None
            # "Điều 2. Tổ chức thực hiện" (a heading), or "Điều 2. Tổ chức thực hiện: 1. Giao …"
            colon = body.find(":")
            if 0 < colon <= 60 and not _subject_of(body[:colon]):
                heading, body_start, body = body[:colon].strip(), body_start + colon + 1, body[colon + 1:]
            elif len(body) <= 60 and body and body[-1] not in ".;" and not _subject_of(body):
                heading, body = body.strip(" :"), ""
            articles.append((m.group("num"), heading, []))
            if body.strip():
                _add_items(articles[-1][2], body, body_start)
            continue
        if not articles:
            continue
        items = articles[-1][2]
        if items and items[-1][2][-1:] not in (".", ":", "!", "?") and not _ITEM.match(stripped) \
                and not _BULLET_MARK.match(stripped):
            # a line broken inside a sentence ("Điều 3. Chánh Văn phòng Ủy" / "ban nhân dân tỉnh, …"):
            # one piece again, the break read as a blank so that offsets stay those of the text
            code, item_start, _ = items.pop()
            _add_items(items, text[item_start:line_start + len(line)].replace("\n", " "), item_start)
            if code is not None and items and items[-1][0] is None:
                items[-1] = (code, items[-1][1], items[-1][2])
            continue
        _add_items(items, stripped, lead)
    return articles


def _add_items(items: list, text: str, start: int) -> None:
    pos = 0
    for part in _INLINE_ITEM.split(text):
        at = text.find(part, pos)
        pos = at + len(part)
        lead = len(part) - len(part.lstrip())
        part = part.strip()
        m = _ITEM.match(part)
        if m:
            items.append((m.group("code"), start + at + lead + m.start("text"), m.group("text")))
        elif part:
            items.append((None, start + at + lead, _BULLET_MARK.sub("", part)))


def _sentences(piece: str):
    """(offset, sentence) of a piece: an article may go on after its first sentence with another
    ("Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng … thi hành Quyết định này")."""
    out: list[tuple[int, str]] = []
    pos = 0
    for part in _SENTENCE.split(piece):
        at = piece.find(part, pos)
        pos = at + len(part)
        if out and _SHORT_CAPS_END.search(out[-1][1]):
            out[-1] = (out[-1][0], piece[out[-1][0]:pos])
        else:
            out.append((at, part))
    return out


def _subject_of(text: str) -> list[str]:
    """The bodies a clause opens with, before its verb ("Giao Sở X chủ trì …" -> [Sở X])."""
    body = _GIVEN.sub("", text.strip())
    verb = _ARTICLE_VERB.search(body)
    subject = body[: verb.start()] if verb else body
    if not subject.strip() or len(subject) > 400:
        return []
    names = carriers_of(subject)
    # every word of the subject must belong to a name: "Quyết định này có hiệu lực" names no one
    bare = without_titles(subject).strip(" ,;:")
    if not names or len(" ".join(names)) < 0.6 * len(bare):
        return []
    # and the clause must open with a name: "Tập trung hợp tác với các viện …" is no one's duty
    if not any(fold(bare).startswith(fold(name)[:8]) for name in names):
        return []
    return names


def _assignments(resolver: AgencyResolver, roles: list[tuple[str, Role]], *, inherited: bool = False
                 ) -> list[Assignment]:
    """Each body named once, in the role it is first named in."""
    out: list[Assignment] = []
    seen: set[str] = set()
    for mention, role in roles:
        agency = resolver.resolve(mention)
        if agency is None or agency.key in seen:
            continue
        seen.add(agency.key)
        out.append(Assignment(agency=agency.key, role=role, text=mention, inherited=inherited))
    return out


def _article_task(number: str, heading: str | None, code: str | None, sentence: str, start: int,
                  resolver: AgencyResolver, year: int | None) -> Task | None:
    sentence = sentence.strip()
    plain = _GIVEN.sub("", sentence)
    if not plain or _NO_DUTY.match(plain):
        return None
    execution = _EXECUTION.search(sentence)
    roles: list[tuple[str, Role]] = []
    if execution:
        roles = [(name, "lead") for name in carriers_of(_GIVEN.sub("", sentence[: execution.start()]))]
    else:
        names = _subject_of(sentence) or _subject(sentence)[0]
        if names:
            roles = [(name, "lead") for name in names]
            for m in _coordinators(sentence):
                opening = sentence[: m.start() + (1 if m.group(0)[:1] in ",;" else 0)]
                if _OWN_COORDINATION.search(opening):
                    rest = sentence[m.end():]
                    verb = _ARTICLE_VERB.search(rest)
                    more = carriers_of(rest[: verb.start()]) if verb else take_agency_list(rest)[0]
                    roles.extend((n, "coordinate") for n in more)
    assignments = _assignments(resolver, roles)
    if not any(a.role == "lead" for a in assignments):
        return None
    found = find_deadlines(sentence, year=year)
    label = f"Điều {number}" + (f".{code}" if code else "")
    return Task(
        label=label,
        code=code,
        parent=f"Điều {number}" if code else None,
        heading=heading,
        text=sentence,
        assignments=assignments,
        deadline=found[-1][2] if found else None,
        origin="list" if code else "prose",
        span=Span(start=start, end=start + len(sentence)),
    )
