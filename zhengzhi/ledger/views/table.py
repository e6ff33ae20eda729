"""The rows of the ledger's problem table, written in Python.

The table is the hottest markup of the ledger: fifty rows on every list page, queue and home page.
Through the template language a row cost about 0.4 ms (a dozen tags and forty variable lookups),
most of a list page's time (bench/ledger.py); written here with f-strings it costs a fraction of
that. Every value from the data goes through `h` (html.escape, quotes included) on its way in;
the row data comes from views.lists.list_rows. The table's head and frame stay in
ledger/_table.html.
"""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from zhengzhi.ledger.models import Pending, Status


def h(value) -> str:
    return escape(str(value), quote=True)


def _labels() -> dict[str, str]:
    # Escaped once a table; the status names too (get_status_display() rebuilds the field's
    # choices on every call).
    names = {f"status:{k}": h(v) for k, v in Status.choices}
    names.update({f"pending:{k}": h(v) for k, v in Pending.choices})
    return names | {
        key: h(text)
        for key, text in (
            ("number", _("Number")),
            ("category", _("Category")),
            ("desc", _("Description")),
            ("address", _("Address")),
            ("owner", _("Community / owner unit")),
            ("status", _("Status")),
            ("deadline", _("Deadline")),
            ("reported", _("Reported")),
            ("elapsed", _("Time taken")),
            ("overdue", _("overdue")),
            ("soon", _("due soon")),
            ("pending", _("Pending request")),
            ("urgent", _("Urgent")),
            ("working", _("working time")),
            ("so_far", _("so far")),
        )
    }


def _deadline(row: dict, state: str, lab: dict) -> str:
    if not row["due"]:
        return "—"
    due = h(row["due"])
    if state == "overdue":
        return f'<span class="bad">{due}</span> <span class="tag tag-bad">{lab["overdue"]}</span>'
    if state == "soon":
        return f'<span class="warn">{due}</span> <span class="tag tag-warn">{lab["soon"]}</span>'
    return f"<span>{due}</span>"


def _elapsed(row: dict, lab: dict) -> str:
    e = row.get("elapsed")
    if not e:
        return "—"
    out = f'<span class="nowrap">{h(e.elapsed_text)}</span>'
    if not e.closed:
        out += f' <span class="muted small">{lab["so_far"]}</span>'
    working = e.working_text
    if working:
        out += f'<br><span class="muted small nowrap">{lab["working"]} {h(working)}</span>'
    return out


def _row(row: dict, lab: dict, selectable: bool, checked) -> str:
    p, state, url = row["p"], row["deadline_state"], h(row["url"])
    number = h(p.number)
    urgent = row.get("urgent")
    classes = ("row-overdue" if state == "overdue" else "") + (" row-urgent" if urgent else "")
    cells = [f'<tr class="{classes}">']
    if selectable:
        mark = " checked" if p.id in checked else ""
        cells.append(
            f'<td class="c-select"><input type="checkbox" name="problem" '
            f'value="{int(p.id)}:{int(p.version)}" form="batch-form" id="pick-{int(p.id)}"{mark} '
            f'aria-label="{number}"></td>'
        )
    tag = f' <span class="tag tag-urgent">{lab["urgent"]}</span>' if urgent else ""
    cells.append(
        f'<td data-label="{lab["number"]}" class="c-number nowrap">'
        f'<a class="mono" href="{url}">{number}</a>{tag}</td>'
    )
    cells.append(
        f'<td data-label="{lab["category"]}" class="c-category">'
        f'<span class="muted">{h(row["main_category"])}/</span>{h(row["category"])}</td>'
    )
    cells.append(
        f'<td data-label="{lab["desc"]}" class="c-desc">'
        f'<a href="{url}">{h(row["description"])}</a></td>'
    )
    cells.append(
        f'<td data-label="{lab["address"]}" class="c-address">{h(row["address"] or "—")}</td>'
    )
    community = ""
    if p.community_id and p.community_id != p.owner_unit_id:
        community = f'<span class="muted">{h(row["community"])} /</span> '
    cells.append(
        f'<td data-label="{lab["owner"]}" class="c-owner">{community}{h(row["owner"] or "—")}</td>'
    )
    pending = ""
    if p.pending:
        pending = (
            f' <span class="tag tag-warn" title="{lab["pending"]}">'
            f"{lab.get(f'pending:{p.pending}') or h(p.pending)}</span>"
        )
    cells.append(
        f'<td data-label="{lab["status"]}" class="c-status">'
        f'<span class="status st-{h(p.status)}">'
        f"{lab.get(f'status:{p.status}') or h(p.status)}</span>{pending}</td>"
    )
    cells.append(
        f'<td data-label="{lab["deadline"]}" class="c-deadline nowrap">'
        f"{_deadline(row, state, lab)}</td>"
    )
    cells.append(
        f'<td data-label="{lab["reported"]}" class="c-reported nowrap">{h(row["reported"])}</td>'
    )
    cells.append(f'<td data-label="{lab["elapsed"]}" class="c-elapsed">{_elapsed(row, lab)}</td>')
    cells.append("</tr>")
    return "".join(cells)


def table_rows(rows: list[dict], *, selectable: bool = False, checked=()) -> SafeString:
    """The <tr> elements of the rows (the caller shows its empty text when there are none)."""
    lab = _labels()
    checked = set(checked)
    # Safe: every value in the markup went through h() above.
    return SafeString("\n".join(_row(row, lab, selectable, checked) for row in rows))
