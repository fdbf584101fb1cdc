"""The preparation plan of an event (план подготовки): an A4 landscape official paper as PDF, and the same
content as DOCX for the officials who edit it in Word. Plain view models in, bytes out."""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer

from app.documents import word
from app.documents.official import Approval, build, grid, heading, para, styles

# A4 landscape: six columns, the task and the mark of execution being the long ones.
WIDTHS_MM = (10, 85, 45, 42, 28, 57)
COLUMNS = ("no", "task", "responsible", "coexecutors", "deadline", "mark")


@dataclass(frozen=True)
class TaskPlanRow:
    task: str
    ceremony: str  # the ceremony the task serves, or ""
    responsible: str  # department, and the person on a new line
    coexecutors: str
    deadline: str
    mark: str  # the mark of execution: state, date, the last report
    overdue: bool = False


@dataclass(frozen=True)
class TaskPlanDocument:
    title: str
    organisation: str
    rows: tuple[TaskPlanRow, ...]
    approval: Approval | None = None
    # Column headings and fixed phrases («no», «task», …, «empty», «page»), in the reader's language.
    labels: dict[str, str] = field(default_factory=dict)


def _cells(n: int, row: TaskPlanRow) -> list[str]:
    task = f"{row.task}\n({row.ceremony})" if row.ceremony else row.task
    return [str(n), task, row.responsible, row.coexecutors, row.deadline, row.mark]


def build_task_plan_pdf(document: TaskPlanDocument) -> bytes:
    s = styles()
    labels = document.labels
    story = heading(document.organisation, document.title, document.approval)
    if document.rows:
        rows = []
        for n, row in enumerate(document.rows, start=1):
            cells: list = _cells(n, row)
            if row.overdue:  # an overdue mark stands out on paper too: bold
                cells[-1] = Paragraph(f"<b>{escape(row.mark).replace(chr(10), '<br/>')}</b>", s["cell"])
            rows.append(cells)
        story.append(grid([labels[k] for k in COLUMNS], rows, WIDTHS_MM))
    else:
        story += [Spacer(1, 10 * mm), para(labels["empty"], s["org"])]
    return build(story, title=document.title, author=document.organisation, page_label=labels["page"], wide=True)


def build_task_plan_docx(document: TaskPlanDocument) -> bytes:
    labels = document.labels
    doc = word.new_document(document.organisation, document.title, document.approval, wide=True)
    if document.rows:
        word.add_table(doc, [labels[k] for k in COLUMNS],
                       [_cells(n, row) for n, row in enumerate(document.rows, start=1)], WIDTHS_MM)
    else:
        doc.add_paragraph(labels["empty"])
    return word.to_bytes(doc)
