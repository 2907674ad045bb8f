"""
The 年度主要任务 block of a 部门整体 自评表: ``任务名称 | 主要内容 | 预算数 | 执行数`` above the
funds block. Its amounts are a task's money, not budget lines: the tasks are the evaluation's key
tasks (``任务名称：主要内容``), their 完成情况 its task results, and the budget header is looked
for again below the block, or beside it in its rows.
"""

from __future__ import annotations

import re
from typing import Any

from perfrules._render._xlsx_budget import BUDGET_HEADERS, BUDGET_NEED, _resolve
from perfrules._render._xlsx_sheet import _TOTAL, _header, _key, _match, _Reader

#: A header naming a task column: 任务名称, 年度主要任务, 重点工作任务.
_TASK = re.compile(r"任务|^task")
_CONTENT = ("主要内容", "任务内容", "内容", "工作内容", "content")
_RESULT = ("完成情况", "实际完成情况", "任务完成情况", "result")
#: A row left as the template has it: ``……``, ``任务1``, ``任务名称``.
_PLACEHOLDER = re.compile(r"[.…·]*|任务\d*|\d+")


def _is_task_header(reader: _Reader, found: tuple[int, int, dict[str, int]]) -> bool:
    """Whether a header found for the budget block names tasks (``任务名称``) left of its amounts."""
    top, bottom, cols = found
    first = min(c for f, c in cols.items() if f in ("initial", "planned", "executed"))
    return any(
        _TASK.search(_key(reader.text(r, c, merged=True, record=False)))
        for r in range(top, bottom + 1)
        for c in range(1, first)
    )


def _column(
    reader: _Reader, top: int, bottom: int, words: tuple[str, ...], last: int
) -> int | None:
    """The first column up to *last* whose header text starts with one of *words*."""
    for c in range(1, last + 1):
        for r in range(bottom, top - 1, -1):
            k = _key(reader.text(r, c, merged=True, record=False))
            if k and k.startswith(words):
                return c
    return None


def _tasks(
    reader: _Reader, found: tuple[int, int, dict[str, int]], *, stop: int,
    data: dict[str, Any], cells: dict[tuple[str | int, ...], str],
) -> None:  # fmt: skip
    """
    Read the task rows under *found* up to *stop* (the next block's header) into *data*:
    ``key_tasks`` (the name, and its content after a colon) and ``task_results`` (完成情况, when
    the block has the column). A 合计 row and rows left as the template has them are skipped.
    """
    top, bottom, cols = found
    width = reader.ws.max_column
    amounts = [c for f, c in cols.items() if f in ("initial", "planned", "executed")]
    name_col = next(
        (
            c
            for c in range(1, min(amounts))
            for r in range(bottom, top - 1, -1)
            if _key(reader.text(r, c, merged=True, record=False)).startswith("任务")
        ),
        None,
    )
    content_col = _column(reader, top, bottom, _CONTENT, width)
    result_col = _column(reader, top, bottom, _RESULT, width)
    tasks: list[str] = []
    results: list[str] = []
    left = name_col or min(amounts)
    # the block ends with its label merged down (年度主要任务), or at the next label left of it
    for c in range(1, left):
        last = reader.extent.get(reader.merged.get((top, c), (top, c)), (0, 0))[0]
        stop = min(stop, max(last, bottom) + 1) if last else stop
    for r in range(bottom + 1, stop):
        own = reader.row_texts(r)
        if any(own[: left - 1]) and name_col is not None:
            break
        if name_col is not None:
            name = reader.text(r, name_col, record=False)
        else:  # the first text left of the amounts
            name = next((t for t in own[: min(amounts) - 1] if t), "")
        k = _key(name)
        if not k or _PLACEHOLDER.fullmatch(k) or k.rstrip(":").endswith(_TOTAL):
            continue
        content = reader.text(r, content_col, record=False) if content_col else ""
        if content and _PLACEHOLDER.fullmatch(_key(content)):
            content = ""
        cells[("key_tasks", len(tasks))] = reader.ref(r, name_col or 1)
        tasks.append(f"{name}：{content}" if content else name)
        results.append(reader.text(r, result_col, record=False) if result_col else "")
    if tasks:
        data["key_tasks"] = tasks
    if any(results):
        data["task_results"] = results


def _budget_header(
    reader: _Reader, *, stop: int, data: dict[str, Any], cells: dict[tuple[str | int, ...], str]
) -> tuple[tuple[int, int, dict[str, int]], int, int] | None:
    """
    The budget block's header above *stop*, the row its block ends before, and its first
    column. A header naming tasks (``年度主要任务 | 任务名称 | 主要内容 | 预算数 | 执行数``)
    heads a task block, above, below or left of the budget block, read into *data* as key
    tasks, never as budget lines.
    """
    heads: list[tuple[int, int, dict[str, int]]] = []
    begin = 1
    while (found := _header(reader, BUDGET_HEADERS, BUDGET_NEED, begin)) is not None:
        if found[1] >= stop:
            break
        heads.append(_resolve(found))
        begin = found[1] + 1
    budget: tuple[tuple[int, int, dict[str, int]], int, int] | None = None
    for i, found in enumerate(heads):
        end = heads[i + 1][0] if i + 1 < len(heads) else stop
        if not _is_task_header(reader, found):
            budget = budget or (found, end, 1)
            continue
        _tasks(reader, found, stop=end, data=data, cells=cells)
        beside = _beside(reader, found)
        if beside is not None and budget is None:
            budget = beside[0], end, beside[1]
    return budget


def _beside(
    reader: _Reader, found: tuple[int, int, dict[str, int]]
) -> tuple[tuple[int, int, dict[str, int]], int] | None:
    """The header of a budget block right of the task block *found*, in its rows, and its first column."""
    top, bottom, cols = found
    first = max(cols["planned"], cols["executed"]) + 1  # the tasks' 预算数 | 执行数 end them
    right: dict[str, int] = {}
    for c in range(first, reader.ws.max_column + 1):
        for r in range(bottom, top - 1, -1):
            t = reader.text(r, c, merged=True, record=False)
            field = _match(t, BUDGET_HEADERS) if t else None
            if field is not None:
                right.setdefault(field, c)
                break
    head = _resolve((top, bottom, right))
    if not {"planned", "executed"} <= head[2].keys():
        return None
    # the block starts after the task block's last column with text in its header rows
    start = next(
        (
            c
            for c in range(first, min(head[2].values()) + 1)
            if any(reader.text(r, c, record=False) for r in range(top, bottom + 1))
        ),
        first,
    )
    return head, start
